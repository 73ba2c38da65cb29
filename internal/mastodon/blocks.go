package mastodon

import (
	"context"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// otherAccount finds the account of the path's {id} for an action of the viewer on it: 404
// when unknown, 422 when it is the viewer.
func (s *Service) otherAccount(ctx context.Context, v *viewer, id, action string) (*store.User, error) {
	u, err := s.accountByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.ID == v.user.ID {
		return nil, badRequest("Validation failed: you cannot " + action + " yourself")
	}
	return u, nil
}

// blockAccount is POST /api/v1/accounts/:id/block: a Block activity, which ends the follows
// between the two accounts both ways and is federated to the blocked account.
func (s *Service) blockAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.otherAccount(ctx, v, r.PathValue("id"), "block")
	if err != nil {
		return err
	}
	blocking, err := s.Store.HasRelationship(ctx, store.RelBlock, v.user.APID, u.APID)
	if err != nil {
		return err
	}
	if !blocking {
		if err := s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": "Block", "actor": v.user.APID,
			"object": u.APID, "to": []any{u.APID}}); err != nil {
			return err
		}
	}
	if _, err := s.Store.DeleteRelationship(ctx, store.RelEndorse, v.user.APID, u.APID); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// unblockAccount is POST /api/v1/accounts/:id/unblock: an Undo of the Block.
func (s *Service) unblockAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.undoRel(r.Context(), v, store.RelBlock, u.APID, []any{u.APID}); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// maxMuteSeconds bounds a mute's duration (about ten years; 0 is forever).
const maxMuteSeconds = 10 * 366 * 24 * 3600

// muteAccount is POST /api/v1/accounts/:id/mute (duration in seconds, 0 for ever;
// notifications, true unless false). Mutes are private: no activity.
func (s *Service) muteAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.otherAccount(ctx, v, r.PathValue("id"), "mute")
	if err != nil {
		return err
	}
	secs, err := p.Int("duration", 0)
	if err != nil {
		return err
	}
	if secs < 0 || secs > maxMuteSeconds {
		return badRequest("Validation failed: duration is out of range")
	}
	notifications, given, err := p.Bool("notifications")
	if err != nil {
		return err
	}
	if !given {
		notifications = true
	}
	var expires *time.Time
	if secs > 0 {
		t := time.Now().UTC().Add(time.Duration(secs) * time.Second)
		expires = &t
	}
	mute := &store.Relationship{Type: store.RelMute, Actor: v.user.APID, Object: u.APID, ExpiresAt: expires}
	if _, err := s.Store.PutRelationship(ctx, mute); err != nil {
		return err
	}
	if notifications {
		_, err = s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelMuteNotifications, Actor: v.user.APID,
			Object: u.APID, ExpiresAt: expires})
	} else {
		_, err = s.Store.DeleteRelationship(ctx, store.RelMuteNotifications, v.user.APID, u.APID)
	}
	if err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// unmuteAccount is POST /api/v1/accounts/:id/unmute.
func (s *Service) unmuteAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	for _, typ := range []string{store.RelMute, store.RelMuteNotifications} {
		if _, err := s.Store.DeleteRelationship(ctx, typ, v.user.APID, u.APID); err != nil {
			return err
		}
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// listBlocks is GET /api/v1/blocks: the accounts the viewer blocks, latest first.
func (s *Service) listBlocks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.writeAccountPage(w, r, store.RelBlock, v.user.APID, false)
}

// mutedAccount is the MutedAccount entity: an Account and when its mute ends.
type mutedAccount struct {
	Account
	MuteExpiresAt *string `json:"mute_expires_at"`
}

// listMutes is GET /api/v1/mutes: the accounts the viewer mutes (mutes that ran out are
// left out), latest first.
func (s *Service) listMutes(w http.ResponseWriter, r *http.Request, v *viewer) error {
	pg, err := s.loadAccountPage(r, store.RelMute, v.user.APID, false)
	if err != nil {
		return err
	}
	list, err := s.renderAccounts(r.Context(), pg.users)
	if err != nil {
		return err
	}
	out := make([]mutedAccount, 0, len(list))
	for i, a := range list {
		m := mutedAccount{Account: a}
		if t := pg.rels[i].ExpiresAt; t != nil {
			m.MuteExpiresAt = strPtr(formatTime(*t))
		}
		out = append(out, m)
	}
	pg.link(w, r, s)
	writeJSON(w, http.StatusOK, out)
	return nil
}
