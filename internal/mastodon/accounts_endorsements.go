package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// endorseAccount is POST /api/v1/accounts/:id/endorse (and the older /pin): the account is
// featured on the viewer's profile. Only followed accounts can be.
func (s *Service) endorseAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.otherAccount(ctx, v, r.PathValue("id"), "endorse")
	if err != nil {
		return err
	}
	following, err := s.Store.HasRelationship(ctx, store.RelFollow, v.user.APID, u.APID)
	if err != nil {
		return err
	}
	if !following {
		return badRequest("Validation failed: you must be following the account you want to endorse")
	}
	if _, err := s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelEndorse, Actor: v.user.APID, Object: u.APID}); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// unendorseAccount is POST /api/v1/accounts/:id/unendorse (and /unpin).
func (s *Service) unendorseAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelEndorse, v.user.APID, u.APID); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// listEndorsements is GET /api/v1/endorsements: the accounts the viewer features.
func (s *Service) listEndorsements(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.writeAccountPage(w, r, store.RelEndorse, v.user.APID, false)
}

// accountEndorsements is GET /api/v1/accounts/:id/endorsements: the accounts an account
// features on its profile (public).
func (s *Service) accountEndorsements(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.writeAccountPage(w, r, store.RelEndorse, u.APID, false)
}
