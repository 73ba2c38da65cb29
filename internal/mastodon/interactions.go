package mastodon

import (
	"context"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// target is the status an interaction acts on: a boost acts on the boosted status.
func (s *Service) target(ctx context.Context, v *viewer, id string) (*store.Object, error) {
	o, err := s.statusByID(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if o.Type == "Announce" {
		return s.statusByAPID(ctx, v, o.Object)
	}
	return o, nil
}

func (s *Service) statusByAPID(ctx context.Context, v *viewer, apID string) (*store.Object, error) {
	o, err := s.Store.ObjectByAPID(ctx, apID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.statusByID(ctx, v, o.ID)
}

// local runs a locally authored activity through the pipeline.
func (s *Service) local(ctx context.Context, a ap.Object) error {
	a["@context"] = "https://www.w3.org/ns/activitystreams"
	_, err := s.Pipeline.Ingest(ctx, a, activity.Origin{Source: activity.Local})
	return err
}

// undoRel undoes the viewer's relationship of typ with object, if any, through an Undo of the
// activity that made it.
func (s *Service) undoRel(ctx context.Context, v *viewer, typ, object string, to []any) error {
	rel, err := s.Store.Relationship(ctx, typ, v.user.APID, object)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rel.ActivityAPID == "" {
		_, err := s.Store.DeleteRelationship(ctx, typ, v.user.APID, object)
		return err
	}
	return s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": "Undo", "actor": v.user.APID,
		"object": rel.ActivityAPID, "to": to})
}

// respondStatus renders the (re-read) status for the viewer.
func (s *Service) respondStatus(w http.ResponseWriter, r *http.Request, v *viewer, o *store.Object) error {
	fresh, err := s.Store.ObjectByID(r.Context(), o.ID)
	if err != nil {
		return err
	}
	st, err := s.renderStatus(r.Context(), v, fresh)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// The interaction handlers are Interact behind HTTP (interact.go).

// favourite is POST /api/v1/statuses/:id/favourite: a Like.
func (s *Service) favourite(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionFavourite)(w, r, v)
}

// unfavourite is POST /api/v1/statuses/:id/unfavourite: an Undo of the Like.
func (s *Service) unfavourite(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionUnfavourite)(w, r, v)
}

// reblog is POST /api/v1/statuses/:id/reblog: an Announce, public unless visibility says
// otherwise. Only public and unlisted statuses (and one's own) can be boosted.
func (s *Service) reblog(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionReblog)(w, r, v)
}

// unreblog is POST /api/v1/statuses/:id/unreblog.
func (s *Service) unreblog(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionUnreblog)(w, r, v)
}

// bookmark and unbookmark are private to the user: a relationship, no activity.
func (s *Service) bookmark(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionBookmark)(w, r, v)
}

func (s *Service) unbookmark(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.interaction(ActionUnbookmark)(w, r, v)
}
