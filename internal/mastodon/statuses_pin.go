package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// MaxPins is how many statuses a user may pin to their profile (Mastodon's limit).
const MaxPins = 5

// pin is POST /api/v1/statuses/:id/pin: a Pin relationship with one of the viewer's own public
// or unlisted statuses, at most MaxPins. Pinning someone else's status, a boost, a
// followers-only or direct status, or a sixth one is refused with 422, as Mastodon does.
func (s *Service) pin(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.statusByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	switch {
	case o.Type == "Announce":
		return badRequest("Validation failed: a boost cannot be pinned")
	case o.Actor != v.user.APID:
		return badRequest("Validation failed: you can only pin your own posts")
	case o.Visibility != ap.VisibilityPublic && o.Visibility != ap.VisibilityUnlisted:
		return badRequest("Validation failed: only public and unlisted posts can be pinned")
	}
	has, err := s.Store.HasRelationship(ctx, store.RelPin, v.user.APID, o.APID)
	if err != nil {
		return err
	}
	if !has {
		n, err := s.Store.CountRelationshipsBy(ctx, store.RelPin, v.user.APID)
		if err != nil {
			return err
		}
		if n >= MaxPins {
			return badRequest("Validation failed: you have already pinned the maximum number of posts")
		}
		if _, err := s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelPin, Actor: v.user.APID, Object: o.APID}); err != nil {
			return err
		}
	}
	return s.respondOwnState(w, r, v, o)
}

// unpin is POST /api/v1/statuses/:id/unpin (nothing to do when it is not pinned).
func (s *Service) unpin(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, err := s.statusByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelPin, v.user.APID, o.APID); err != nil {
		return err
	}
	return s.respondOwnState(w, r, v, o)
}
