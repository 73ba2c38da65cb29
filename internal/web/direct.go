package web

import (
	"net/http"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// directPage is how many direct messages one page of conversations looks through.
const directPage = 40

// directData is what the direct messages page shows.
type directData struct {
	Conversations []*conversation
	More          string
	Composer      *composer
}

// conversation is one direct conversation: who is in it besides the user, and its newest
// message.
type conversation struct {
	With []person
	Card *card
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
	// The people of each conversation: the author and the addressed accounts of its newest
	// message, in one query for the page.
	members := map[string][]string{}
	var ids []string
	for _, o := range newest {
		doc, err := ap.Parse(o.Data)
		if err != nil {
			continue
		}
		for _, id := range append([]string{o.Actor}, doc.Recipients()...) {
			if id != rq.viewer() && !slices.Contains(members[o.ID], id) {
				members[o.ID] = append(members[o.ID], id)
				ids = append(ids, id)
			}
		}
	}
	users, err := s.opt.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return err
	}
	d := &directData{}
	for _, c := range cards {
		conv := &conversation{Card: c}
		for _, id := range members[c.StatusID] {
			if u := users[id]; u != nil {
				conv.With = append(conv.With, s.person(u))
			}
		}
		d.Conversations = append(d.Conversations, conv)
	}
	if len(rows) == directPage {
		d.More = "/direct?max_id=" + rows[len(rows)-1].ID
	}
	if isHTMX(r) && maxID != "" {
		s.renderPartial(w, http.StatusOK, "direct-page", d)
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
