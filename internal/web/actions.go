package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// apiActions maps the UI's action names to the API's (mastodon.Interact).
var apiActions = map[string]string{
	"like": mastodon.ActionFavourite, "unlike": mastodon.ActionUnfavourite,
	"boost": mastodon.ActionReblog, "unboost": mastodon.ActionUnreblog,
	"bookmark": mastodon.ActionBookmark, "unbookmark": mastodon.ActionUnbookmark,
}

// act is POST /statuses/{id}/{action}: like, unlike, boost, unboost, bookmark, unbookmark.
// {id} is a card's id (a boost acts on the boosted status). Each action is the API's own
// (mastodon.Interact, the code behind POST /api/v1/statuses/:id/favourite and the others).
// With htmx the answer is the re-rendered card; without, a redirect back.
func (s *Service) act(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	ctx := r.Context()
	action, ok := apiActions[r.PathValue("action")]
	if !ok {
		return errNotFound
	}
	row, target, err := s.actionTarget(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.api().Interact(ctx, rq.user, target.ID, action); err != nil {
		var ae *mastodon.Error
		switch {
		case errors.As(err, &ae) && ae.Status == http.StatusForbidden:
			return &httpError{Status: http.StatusForbidden, Msg: "This post cannot be boosted.", Err: err}
		case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
			return errNotFound
		}
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
