package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// bookmarks is GET /api/v1/bookmarks: the statuses the viewer bookmarked and may still see,
// last bookmarked first, paged by the bookmark's id (Link header).
func (s *Service) bookmarks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.relatedStatuses(w, r, v, store.RelBookmark)
}

// favourites is GET /api/v1/favourites: the statuses the viewer liked, paged the same way.
func (s *Service) favourites(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.relatedStatuses(w, r, v, store.RelLike)
}

func (s *Service) relatedStatuses(w http.ResponseWriter, r *http.Request, v *viewer, typ string) error {
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	rel, err := s.Store.RelatedStatuses(r.Context(), typ, v.user.APID, v.user.APID, p, ascend)
	if err != nil {
		return err
	}
	rows := make([]*store.Object, len(rel))
	for i, x := range rel {
		rows[i] = x.Status
	}
	list, err := s.renderStatuses(r.Context(), v, rows)
	if err != nil {
		return err
	}
	if len(rel) > 0 {
		setLink(w, r, s, rel[0].RelID, rel[len(rel)-1].RelID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}
