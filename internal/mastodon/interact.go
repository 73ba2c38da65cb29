package mastodon

import (
	"context"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Interaction names for Interact: the same words as the API's paths.
const (
	ActionFavourite   = "favourite"
	ActionUnfavourite = "unfavourite"
	ActionReblog      = "reblog"
	ActionUnreblog    = "unreblog"
	ActionBookmark    = "bookmark"
	ActionUnbookmark  = "unbookmark"
)

// Interact has me favourite, reblog or bookmark the status statusID (or undo it), exactly as
// POST /api/v1/statuses/:id/<action> does; a reblog is public. It returns the status acted on
// as stored afterwards, except for reblog, which returns the boost (an Announce). A status
// me may not see, or an unknown one, is a *Error with Status 404; boosting a private or direct
// status of someone else is 403; an unknown action is 422.
func (s *Service) Interact(ctx context.Context, me *store.User, statusID, action string) (*store.Object, error) {
	return s.interact(ctx, &viewer{user: me}, statusID, action, "")
}

// interact is Interact with the reblog's visibility ("" public).
func (s *Service) interact(ctx context.Context, v *viewer, id, action, vis string) (*store.Object, error) {
	o, err := s.target(ctx, v, id)
	if err != nil {
		return nil, err
	}
	switch action {
	case ActionFavourite:
		has, err := s.Store.HasRelationship(ctx, store.RelLike, v.user.APID, o.APID)
		if err != nil {
			return nil, err
		}
		if !has {
			if err := s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": "Like", "actor": v.user.APID,
				"object": o.APID, "to": []any{o.Actor}}); err != nil {
				return nil, err
			}
		}
	case ActionUnfavourite:
		err = s.undoRel(ctx, v, store.RelLike, o.APID, []any{o.Actor})
	case ActionReblog:
		return s.boost(ctx, v, o, vis)
	case ActionUnreblog:
		err = s.undoRel(ctx, v, store.RelAnnounce, o.APID, []any{ap.Public})
	case ActionBookmark:
		_, err = s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelBookmark, Actor: v.user.APID, Object: o.APID})
	case ActionUnbookmark:
		_, err = s.Store.DeleteRelationship(ctx, store.RelBookmark, v.user.APID, o.APID)
	default:
		return nil, badRequest("Validation failed: unknown action")
	}
	if err != nil {
		return nil, err
	}
	return s.Store.ObjectByID(ctx, o.ID)
}

// boost is an Announce of o by v, public unless vis says otherwise. Only public and unlisted
// statuses (and one's own) can be boosted. Boosting twice returns the first boost.
func (s *Service) boost(ctx context.Context, v *viewer, o *store.Object, vis string) (*store.Object, error) {
	if o.Visibility == ap.VisibilityDirect || (o.Visibility == ap.VisibilityPrivate && o.Actor != v.user.APID) {
		return nil, errorf(http.StatusForbidden, "This action is not allowed")
	}
	if vis == "" {
		vis = ap.VisibilityPublic
	}
	followers := v.user.FollowersURL
	var to, cc []any
	switch vis {
	case ap.VisibilityPublic:
		to, cc = []any{ap.Public}, []any{o.Actor, followers}
	case ap.VisibilityUnlisted:
		to, cc = []any{followers}, []any{ap.Public, o.Actor}
	case ap.VisibilityPrivate:
		to, cc = []any{followers}, []any{o.Actor}
	default:
		return nil, badRequest("Validation failed: Visibility is not included in the list")
	}
	rel, err := s.Store.Relationship(ctx, store.RelAnnounce, v.user.APID, o.APID)
	if errors.Is(err, store.ErrNotFound) {
		id := s.Pipeline.NewObjectID()
		if err := s.local(ctx, ap.Object{"id": id, "type": "Announce", "actor": v.user.APID, "object": o.APID,
			"to": to, "cc": cc, "published": nowRFC3339()}); err != nil {
			return nil, err
		}
		rel = &store.Relationship{ActivityAPID: id}
	} else if err != nil {
		return nil, err
	}
	return s.Store.ObjectByAPID(ctx, rel.ActivityAPID)
}

// interaction is the HTTP handler of POST /api/v1/statuses/:id/<action>.
func (s *Service) interaction(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		vis := ""
		if action == ActionReblog {
			p, err := parseParams(w, r, maxBodyBytes)
			if err != nil {
				return err
			}
			vis = p.String("visibility")
		}
		o, err := s.interact(r.Context(), v, r.PathValue("id"), action, vis)
		if err != nil {
			return err
		}
		st, err := s.renderStatus(r.Context(), v, o)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, st)
		return nil
	}
}
