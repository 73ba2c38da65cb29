package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// muteThread is POST /api/v1/statuses/:id/mute: a Mute relationship from the viewer with the
// status's thread (store.ThreadKey: its context), private to the viewer. Notifications about
// statuses of a muted thread are not for the viewer (store.ThreadMuted).
func (s *Service) muteThread(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, err := s.target(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.Store.PutRelationship(r.Context(), &store.Relationship{Type: store.RelMute, Actor: v.user.APID,
		Object: store.ThreadKey(o)}); err != nil {
		return err
	}
	return s.respondOwnState(w, r, v, o)
}

// unmuteThread is POST /api/v1/statuses/:id/unmute.
func (s *Service) unmuteThread(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, err := s.target(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelMute, v.user.APID, store.ThreadKey(o)); err != nil {
		return err
	}
	return s.respondOwnState(w, r, v, o)
}

// respondOwnState is respondStatus with muted (the thread's mute) and pinned (for the author)
// read from what mute and pin store. The shared renderer does not read them yet.
func (s *Service) respondOwnState(w http.ResponseWriter, r *http.Request, v *viewer, o *store.Object) error {
	ctx := r.Context()
	fresh, err := s.Store.ObjectByID(ctx, o.ID)
	if err != nil {
		return err
	}
	st, err := s.renderStatus(ctx, v, fresh)
	if err != nil {
		return err
	}
	muted, err := s.Store.ThreadMuted(ctx, v.user.APID, fresh.APID)
	if err != nil {
		return err
	}
	st.Muted = boolPtr(muted || (st.Muted != nil && *st.Muted))
	if fresh.Actor == v.user.APID {
		pinned, err := s.Store.HasRelationship(ctx, store.RelPin, v.user.APID, fresh.APID)
		if err != nil {
			return err
		}
		st.Pinned = boolPtr(pinned)
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
