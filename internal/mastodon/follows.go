package mastodon

import (
	"context"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Relationship is the Mastodon Relationship entity.
type Relationship struct {
	ID                  string   `json:"id"`
	Following           bool     `json:"following"`
	ShowingReblogs      bool     `json:"showing_reblogs"`
	Notifying           bool     `json:"notifying"`
	Languages           []string `json:"languages"`
	FollowedBy          bool     `json:"followed_by"`
	Blocking            bool     `json:"blocking"`
	BlockedBy           bool     `json:"blocked_by"`
	Muting              bool     `json:"muting"`
	MutingNotifications bool     `json:"muting_notifications"`
	Requested           bool     `json:"requested"`
	RequestedBy         bool     `json:"requested_by"`
	DomainBlocking      bool     `json:"domain_blocking"`
	Endorsed            bool     `json:"endorsed"`
	Note                string   `json:"note"`
}

// relationshipsWith computes the viewer's Relationship with each user (a few queries each).
func (s *Service) relationshipsWith(ctx context.Context, v *viewer, users []*store.User) ([]Relationship, error) {
	out := make([]Relationship, 0, len(users))
	me := v.user.APID
	for _, u := range users {
		has := func(typ, actor, object string) (bool, error) { return s.Store.HasRelationship(ctx, typ, actor, object) }
		r := Relationship{ID: u.ID, Languages: []string{}, ShowingReblogs: true}
		var err error
		checks := []struct {
			dst                *bool
			typ, actor, object string
		}{
			{&r.Following, store.RelFollow, me, u.APID}, {&r.FollowedBy, store.RelFollow, u.APID, me},
			{&r.Requested, store.RelFollowRequest, me, u.APID}, {&r.RequestedBy, store.RelFollowRequest, u.APID, me},
			{&r.Blocking, store.RelBlock, me, u.APID}, {&r.BlockedBy, store.RelBlock, u.APID, me},
			{&r.Muting, store.RelMute, me, u.APID},
		}
		for _, c := range checks {
			if *c.dst, err = has(c.typ, c.actor, c.object); err != nil {
				return nil, err
			}
		}
		r.MutingNotifications = r.Muting
		if !r.Following {
			r.ShowingReblogs = false
		}
		out = append(out, r)
	}
	if err := s.relationshipExtras(ctx, v, users, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) writeRelationship(w http.ResponseWriter, r *http.Request, v *viewer, u *store.User) error {
	rels, err := s.relationshipsWith(r.Context(), v, []*store.User{u})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rels[0])
	return nil
}

// relationships is GET /api/v1/accounts/relationships?id[]=….
func (s *Service) relationships(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	ids := append(q["id[]"], q["id"]...)
	if len(ids) > 40 {
		ids = ids[:40]
	}
	var users []*store.User
	for _, id := range ids {
		if u, err := s.accountByID(r.Context(), id); err == nil {
			users = append(users, u)
		}
	}
	rels, err := s.relationshipsWith(r.Context(), v, users)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rels)
	return nil
}

// follow is POST /api/v1/accounts/:id/follow: a Follow activity (a request for locked
// accounts, pending for remote ones until their Accept).
func (s *Service) follow(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if u.ID == v.user.ID {
		return badRequest("Validation failed: you cannot follow yourself")
	}
	following, err := s.Store.HasRelationship(ctx, store.RelFollow, v.user.APID, u.APID)
	if err != nil {
		return err
	}
	requested, err := s.Store.HasRelationship(ctx, store.RelFollowRequest, v.user.APID, u.APID)
	if err != nil {
		return err
	}
	if !following && !requested {
		if err := s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": "Follow", "actor": v.user.APID,
			"object": u.APID, "to": []any{u.APID}}); err != nil {
			return err
		}
	}
	return s.writeRelationship(w, r, v, u)
}

// unfollow is POST /api/v1/accounts/:id/unfollow: an Undo of the Follow (or of the request).
func (s *Service) unfollow(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
		if err := s.undoRel(ctx, v, typ, u.APID, []any{u.APID}); err != nil {
			return err
		}
	}
	return s.writeRelationship(w, r, v, u)
}

// accountStatuses is GET /api/v1/accounts/:id/statuses.
func (s *Service) accountStatuses(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	t := store.Timeline{Actor: u.APID}
	if b, _ := boolParam(q.Get("exclude_replies")); b {
		t.NoReplies = true
	}
	if b, _ := boolParam(q.Get("exclude_reblogs")); b {
		t.NoBoosts = true
	}
	if b, _ := boolParam(q.Get("pinned")); b {
		if q.Get("max_id") != "" || q.Get("min_id") != "" || q.Get("since_id") != "" {
			writeJSON(w, http.StatusOK, []Status{}) // at most 5 pins: one page
			return nil
		}
		rows, err := s.Store.PinnedStatuses(r.Context(), u.APID, v.apID())
		if err != nil {
			return err
		}
		list, err := s.renderStatuses(r.Context(), v, rows)
		if err != nil {
			return err
		}
		for i := range list {
			list[i].Pinned = boolPtr(true)
		}
		writeJSON(w, http.StatusOK, list)
		return nil
	}
	if tag := q.Get("tagged"); tag != "" {
		t.Tags = []string{tag}
	}
	return s.timeline(w, r, v, t)
}

// followers and following are GET /api/v1/accounts/:id/followers|following.
func (s *Service) followers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.graph(w, r, v, false)
}

func (s *Service) following(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.graph(w, r, v, true)
}

func (s *Service) graph(w http.ResponseWriter, r *http.Request, v *viewer, following bool) error {
	ctx := r.Context()
	u, err := s.accountByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, _, err := page(r, 80)
	if err != nil {
		return err
	}
	rels, err := s.Store.RelationshipPage(ctx, store.RelFollow, u.APID, following, p)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(rels))
	for _, rel := range rels {
		if following {
			ids = append(ids, rel.Object)
		} else {
			ids = append(ids, rel.Actor)
		}
	}
	byAPID, err := s.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return err
	}
	var users []*store.User
	for _, id := range ids {
		if u := byAPID[id]; u != nil {
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
