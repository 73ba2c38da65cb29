package web

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// collectionData is what the bookmarks and favourites pages show.
type collectionData struct {
	Kind  string // bookmarks or favourites
	Cards []*card
	More  string
	Empty string
}

// bookmarks is GET /bookmarks: the statuses the user bookmarked and may still see, last
// bookmarked first (the API's /api/v1/bookmarks query).
func (s *Service) bookmarks(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.collection(w, r, rq, store.RelBookmark, "bookmarks", "Bookmarks", "Nothing bookmarked yet. Bookmark a post to find it here later.")
}

// favourites is GET /favourites: the statuses the user liked, last liked first.
func (s *Service) favourites(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.collection(w, r, rq, store.RelLike, "favourites", "Favourites", "No likes yet. The posts you like are listed here.")
}

func (s *Service) collection(w http.ResponseWriter, r *http.Request, rq *request, typ, kind, title, empty string) error {
	if !s.signedInOnly(w, r, rq) {
		return nil
	}
	ctx := r.Context()
	maxID := validID(r.URL.Query().Get("max_id"))
	rel, err := s.opt.Store.RelatedStatuses(ctx, typ, rq.user.APID, rq.user.APID, store.Page{MaxID: maxID, Limit: pageSize}, false)
	if err != nil {
		return err
	}
	rows := make([]*store.Object, len(rel))
	for i, x := range rel {
		rows[i] = x.Status
	}
	cards, err := s.cards(ctx, rq, rows)
	if err != nil {
		return err
	}
	d := &collectionData{Kind: kind, Cards: cards, Empty: empty}
	if len(rel) == pageSize {
		d.More = "/" + kind + "?max_id=" + rel[len(rel)-1].RelID
	}
	if isHTMX(r) && maxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: cards, More: d.More})
		return nil
	}
	v := s.view(rq, title, d)
	v.Active = kind
	s.renderPage(w, http.StatusOK, "collections", v)
	return nil
}
