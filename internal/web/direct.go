package web

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// directPage is how many direct messages one page of conversations looks through.
const directPage = 40

// directData is what the direct messages page shows.
type directData struct {
	Conversations []*card // the newest message of each conversation
	More          string
	Composer      *composer
}

// direct is GET /direct: the user's direct conversations, newest first, each shown by its
// newest message (the direct timeline's query: only messages the user sent or was sent).
func (s *Service) direct(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !s.signedInOnly(w, r, rq) {
		return nil
	}
	ctx := r.Context()
	maxID := validID(r.URL.Query().Get("max_id"))
	rows, err := s.opt.Store.Timeline(ctx, store.Timeline{Viewer: rq.viewer(), Direct: true,
		Page: store.Page{MaxID: maxID, Limit: directPage}})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var newest []*store.Object
	for _, o := range rows {
		key := o.Context
		if key == "" {
			key = o.APID
		}
		if !seen[key] {
			seen[key] = true
			newest = append(newest, o)
		}
	}
	cards, err := s.cards(ctx, rq, newest)
	if err != nil {
		return err
	}
	d := &directData{Conversations: cards}
	if len(rows) == directPage {
		d.More = "/direct?max_id=" + rows[len(rows)-1].ID
	}
	if isHTMX(r) && maxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: cards, More: d.More})
		return nil
	}
	d.Composer = s.newComposer(rq, nil)
	d.Composer.Visibility = ap.VisibilityDirect
	d.Composer.setVisibilities()
	v := s.view(rq, "Direct messages", d)
	v.Active = "direct"
	s.renderPage(w, http.StatusOK, "direct", v)
	return nil
}
