package mastodon

import (
	"context"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// listFollowRequests is GET /api/v1/follow_requests: the accounts waiting for the viewer to
// let them follow, latest first.
func (s *Service) listFollowRequests(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.writeAccountPage(w, r, store.RelFollowRequest, v.user.APID, true)
}

// answerFollow runs the viewer's Accept or Reject of the Follow that rel (a FollowRequest or
// Follow of the viewer) stands for. The Follow is embedded, with its id when it is known, so
// that the follower's server recognizes it.
func (s *Service) answerFollow(ctx context.Context, me string, rel *store.Relationship, typ string) error {
	follow := map[string]any{"type": "Follow", "actor": rel.Actor, "object": me}
	if rel.ActivityAPID != "" {
		follow["id"] = rel.ActivityAPID
	}
	return s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": typ, "actor": me, "object": follow,
		"to": []any{rel.Actor}})
}

// authorizeFollowRequest is POST /api/v1/follow_requests/:id/authorize: an Accept of the
// account's Follow. 404 when the account has not asked.
func (s *Service) authorizeFollowRequest(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.answerFollowRequest(w, r, v, "Accept")
}

// rejectFollowRequest is POST /api/v1/follow_requests/:id/reject: a Reject of it.
func (s *Service) rejectFollowRequest(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.answerFollowRequest(w, r, v, "Reject")
}

func (s *Service) answerFollowRequest(w http.ResponseWriter, r *http.Request, v *viewer, typ string) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	rel, err := s.Store.Relationship(ctx, store.RelFollowRequest, u.APID, v.user.APID)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if err := s.answerFollow(ctx, v.user.APID, rel, typ); err != nil {
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// removeFromFollowers is POST /api/v1/accounts/:id/remove_from_followers: a Reject of the
// account's Follow, as Mastodon does. Nothing happens when it does not follow the viewer.
func (s *Service) removeFromFollowers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	rel, err := s.Store.Relationship(ctx, store.RelFollow, u.APID, v.user.APID)
	switch {
	case err == nil:
		if err := s.answerFollow(ctx, v.user.APID, rel, "Reject"); err != nil {
			return err
		}
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return s.writeAccountRelationship(w, r, v, u)
}

// acceptAllFollowRequests accepts every pending request of u, when u unlocks their account.
func (s *Service) acceptAllFollowRequests(ctx context.Context, u *store.User) error {
	p := store.Page{Limit: 100}
	for {
		rels, err := s.Store.AccountRelationshipPage(ctx, store.RelFollowRequest, u.APID, true, p)
		if err != nil || len(rels) == 0 {
			return err
		}
		for _, rel := range rels {
			if err := s.answerFollow(ctx, u.APID, rel, "Accept"); err != nil {
				return err
			}
		}
		p.MaxID = rels[len(rels)-1].ID
	}
}
