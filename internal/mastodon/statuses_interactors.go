package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// favouritedBy is GET /api/v1/statuses/:id/favourited_by: the accounts that liked a status
// the viewer may see, newest first, paged by the Like's id (Link header).
func (s *Service) favouritedBy(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interactors(w, r, v, store.RelLike)
}

// rebloggedBy is GET /api/v1/statuses/:id/reblogged_by: the accounts that boosted it, each
// only when the viewer may see the boost (a followers-only boost shows to followers).
func (s *Service) rebloggedBy(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interactors(w, r, v, store.RelAnnounce)
}

func (s *Service) interactors(w http.ResponseWriter, r *http.Request, v *viewer, typ string) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, _, err := page(r, 80)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("limit") == "" {
		p.Limit = 40
	}
	rels, err := s.Store.Interactors(ctx, typ, o.APID, v.apID(), p)
	if err != nil {
		return err
	}
	actors := make([]string, 0, len(rels))
	for _, rel := range rels {
		actors = append(actors, rel.Actor)
	}
	byAPID, err := s.Store.UsersByAPIDs(ctx, actors)
	if err != nil {
		return err
	}
	users := make([]*store.User, 0, len(actors))
	for _, a := range actors {
		if u := byAPID[a]; u != nil {
			users = append(users, u)
		}
	}
	list, err := s.renderAccounts(ctx, users)
	if err != nil {
		return err
	}
	if len(rels) > 0 {
		setLink(w, r, s, rels[0].ID, rels[len(rels)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}
