package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// Bounds of a thread page.
const (
	maxAncestors   = 40
	maxDescendants = 200
)

// threadData is what a thread page shows.
type threadData struct {
	Ancestors   []*card
	Focused     *card
	Descendants []*card
	Composer    *composer
}

// thread is GET /@nick/{id}, the canonical page of a status: its ancestors, the status
// highlighted, and its replies, each as the viewer may see them. {id} is the last segment of
// a local status's ActivityPub id, or the row id (then the page redirects to the canonical
// URL); a status the viewer may not see is 404 like a missing one.
func (s *Service) thread(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	author, err := s.userBySeg(ctx, r.PathValue("seg"))
	if err != nil {
		return err
	}
	o, err := s.statusOf(ctx, author, r.PathValue("id"))
	if err != nil {
		return err
	}
	ok, err := s.opt.Store.CanView(ctx, o, rq.viewer())
	if err != nil {
		return err
	}
	if !ok || (author.SuspendedAt != nil && author.APID != rq.viewer()) { // a suspended account's posts are hidden
		return errNotFound
	}
	if canonical := s.statusPath(o, author); canonical != r.URL.Path {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return nil
	}
	up, err := s.opt.Store.Ancestors(ctx, o, rq.viewer(), maxAncestors)
	if err != nil {
		return err
	}
	down, err := s.opt.Store.Descendants(ctx, o, rq.viewer(), maxDescendants)
	if err != nil {
		return err
	}
	rows := append(append(append([]*store.Object{}, up...), o), down...)
	cards, err := s.cards(ctx, rq, rows)
	if err == nil {
		cards, err = s.filterThreadCards(ctx, rq, cards, o.ID) // filters.go
	}
	if err != nil {
		return err
	}
	d := &threadData{}
	for _, c := range cards {
		switch {
		case c.ID == o.ID:
			c.Focused = true
			d.Focused = c
		case d.Focused == nil:
			d.Ancestors = append(d.Ancestors, c)
		default:
			d.Descendants = append(d.Descendants, c)
		}
	}
	if d.Focused == nil {
		return errNotFound // its author is not stored
	}
	if rq.user != nil {
		if d.Composer, err = s.replyComposer(ctx, rq, o, d.Focused); err != nil { // modal.go
			return err
		}
	}
	s.renderPage(w, http.StatusOK, "thread", s.view(rq, threadTitle(d.Focused), d))
	return nil
}

// statusOf finds the status {id} of author: by ActivityPub id for ours, else by row id.
func (s *Service) statusOf(ctx context.Context, author *store.User, id string) (*store.Object, error) {
	if id == "" || len(id) > 64 || strings.ContainsAny(id, "/?#") {
		return nil, errNotFound
	}
	var o *store.Object
	err := store.ErrNotFound
	if author.Local {
		o, err = s.opt.Store.ObjectByAPID(ctx, s.opt.BaseURL+"/objects/"+id)
	}
	if errors.Is(err, store.ErrNotFound) && validID(id) != "" {
		o, err = s.opt.Store.ObjectByID(ctx, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if (o.Type != "Note" && o.Type != "Question") || o.Actor != author.APID {
		return nil, errNotFound
	}
	return o, nil
}

// threadTitle is "Name: the first words of the post".
func threadTitle(c *card) string {
	text := c.Summary
	if text == "" {
		text = strings.Join(strings.Fields(markup.StripTags(string(c.Content))), " ")
	}
	if utf8.RuneCountInString(text) > 60 {
		text = string([]rune(text)[:59]) + "…"
	}
	if text == "" {
		return c.Author.Name
	}
	return c.Author.Name + ": " + text
}
