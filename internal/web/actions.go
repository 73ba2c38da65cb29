package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// act is POST /statuses/{id}/{action}: like, unlike, boost, unboost, bookmark, unbookmark.
// {id} is a card's id (a boost acts on the boosted status). Each action runs through the
// pipeline as the API's favourite, reblog and bookmark endpoints do. With htmx the answer
// is the re-rendered card; without, a redirect back.
func (s *Service) act(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	ctx := r.Context()
	row, target, err := s.actionTarget(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	me := rq.user.APID
	switch r.PathValue("action") {
	case "like":
		err = s.relate(ctx, store.RelLike, me, target, ap.Object{"type": "Like", "to": []any{target.Actor}})
	case "unlike":
		err = s.undo(ctx, store.RelLike, me, target, []any{target.Actor})
	case "boost":
		if target.Visibility == ap.VisibilityDirect || (target.Visibility == ap.VisibilityPrivate && target.Actor != me) {
			return &httpError{Status: http.StatusForbidden, Msg: "This post cannot be boosted."}
		}
		err = s.relate(ctx, store.RelAnnounce, me, target, ap.Object{"type": "Announce", "to": []any{ap.Public},
			"cc": []any{target.Actor, rq.user.FollowersURL}, "published": time.Now().UTC().Format(time.RFC3339)})
	case "unboost":
		err = s.undo(ctx, store.RelAnnounce, me, target, []any{ap.Public})
	case "bookmark":
		_, err = s.opt.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelBookmark, Actor: me, Object: target.APID})
	case "unbookmark":
		_, err = s.opt.Store.DeleteRelationship(ctx, store.RelBookmark, me, target.APID)
	default:
		return errNotFound
	}
	if err != nil {
		return err
	}
	if !isHTMX(r) {
		s.redirectBack(w, r, "/")
		return nil
	}
	if row.Type == "Announce" { // the boost may be gone (unboost of one's own boost): show the status
		if _, err := s.opt.Store.ObjectByID(ctx, row.ID); errors.Is(err, store.ErrNotFound) {
			row = target
		}
	}
	fresh, err := s.opt.Store.ObjectByID(ctx, row.ID)
	if err != nil {
		return err
	}
	list, err := s.cards(ctx, rq, []*store.Object{fresh})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return errNotFound
	}
	list[0].Focused = r.PostFormValue("focused") == "1"
	s.renderPartial(w, http.StatusOK, "status", list[0])
	return nil
}

// actionTarget finds the card's row and the status it acts on, both visible to the viewer.
func (s *Service) actionTarget(ctx context.Context, rq *request, id string) (row, target *store.Object, err error) {
	if validID(id) == "" {
		return nil, nil, errNotFound
	}
	row, err = s.opt.Store.ObjectByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if row.Type != "Announce" {
		target, err = s.visibleStatus(ctx, rq, id)
		return target, target, err
	}
	ok, err := s.opt.Store.CanView(ctx, row, rq.viewer())
	if err != nil {
		return nil, nil, err
	}
	inner, err := s.opt.Store.ObjectByAPID(ctx, row.Object)
	if !ok || errors.Is(err, store.ErrNotFound) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	target, err = s.visibleStatus(ctx, rq, inner.ID)
	return row, target, err
}

// relate creates the viewer's Like or Announce of target through the pipeline, unless it
// exists.
func (s *Service) relate(ctx context.Context, typ, me string, target *store.Object, act ap.Object) error {
	has, err := s.opt.Store.HasRelationship(ctx, typ, me, target.APID)
	if err != nil || has {
		return err
	}
	act["@context"] = "https://www.w3.org/ns/activitystreams"
	act["id"], act["actor"], act["object"] = s.opt.Pipeline.NewObjectID(), me, target.APID
	_, err = s.opt.Pipeline.Ingest(ctx, act, activity.Origin{Source: activity.Local})
	return err
}

// undo removes the viewer's relationship through an Undo of the activity that made it.
func (s *Service) undo(ctx context.Context, typ, me string, target *store.Object, to []any) error {
	rel, err := s.opt.Store.Relationship(ctx, typ, me, target.APID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rel.ActivityAPID == "" {
		_, err := s.opt.Store.DeleteRelationship(ctx, typ, me, target.APID)
		return err
	}
	_, err = s.opt.Pipeline.Ingest(ctx, ap.Object{"@context": "https://www.w3.org/ns/activitystreams",
		"id": s.opt.Pipeline.NewObjectID(), "type": "Undo", "actor": me, "object": rel.ActivityAPID, "to": to},
		activity.Origin{Source: activity.Local})
	return err
}
