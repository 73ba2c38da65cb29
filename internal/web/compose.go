package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// composer is the post form (home page, thread replies, and the page shown when a post is
// refused without JavaScript).
type composer struct {
	CSRF         string
	Text         string
	Summary      string
	Visibility   string
	InReplyTo    string // row id of the status replied to
	ReplyTo      *person
	Error        string
	MaxChars     int
	Visibilities []option
}

type option struct {
	Value, Label string
	Selected     bool
}

var visibilityLabels = []option{
	{Value: ap.VisibilityPublic, Label: "Public"},
	{Value: ap.VisibilityUnlisted, Label: "Unlisted"},
	{Value: ap.VisibilityPrivate, Label: "Followers only"},
	{Value: ap.VisibilityDirect, Label: "Mentioned people only"},
}

// newComposer is an empty composer, or a reply to parent: its visibility and its author's
// handle prefilled.
func (s *Service) newComposer(rq *request, parent *card) *composer {
	c := &composer{CSRF: rq.csrf, Visibility: ap.VisibilityPublic, MaxChars: s.opt.MaxStatusChars}
	if parent != nil {
		c.InReplyTo, c.ReplyTo, c.Visibility = parent.StatusID, &parent.Author, parent.Visibility
		if rq.user != nil && parent.Author.Handle != "@"+rq.user.Handle() {
			c.Text = parent.Author.Handle + " "
		}
	}
	c.setVisibilities()
	return c
}

func (c *composer) setVisibilities() {
	c.Visibilities = nil
	for _, o := range visibilityLabels {
		o.Selected = o.Value == c.Visibility
		c.Visibilities = append(c.Visibilities, o)
	}
}

// compose is POST /statuses: it validates the form, then posts through the pipeline exactly
// as the API's POST /api/v1/statuses does. With htmx it answers with a fresh composer (the
// post itself arrives through the live stream, or is appended to the thread); without, it
// redirects.
func (s *Service) compose(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in to post."}
	}
	ctx := r.Context()
	c := &composer{CSRF: rq.csrf, MaxChars: s.opt.MaxStatusChars, Text: r.PostFormValue("status"),
		Summary: strings.TrimSpace(r.PostFormValue("spoiler_text")), Visibility: r.PostFormValue("visibility"),
		InReplyTo: r.PostFormValue("in_reply_to_id")}
	if c.Visibility == "" {
		c.Visibility = ap.VisibilityPublic
	}
	c.setVisibilities()
	var parent *store.Object
	var parentCard *card
	if c.InReplyTo != "" {
		var err error
		if parent, err = s.visibleStatus(ctx, rq, c.InReplyTo); err != nil {
			return err
		}
		list, err := s.cards(ctx, rq, []*store.Object{parent})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errNotFound
		}
		parentCard = list[0]
		c.ReplyTo = &parentCard.Author
	}
	if msg := s.validate(c); msg != "" {
		c.Error = msg
		return s.composeFailed(w, r, rq, c, parentCard)
	}
	note, err := s.buildNote(ctx, rq.user, c, parent)
	if err != nil {
		return err
	}
	create := ap.Object{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       note.ID() + "/activity", "type": "Create", "actor": rq.user.APID,
		"published": note["published"], "to": note["to"], "cc": note["cc"], "object": map[string]any(note),
	}
	if _, err := s.opt.Pipeline.Ingest(ctx, create, activity.Origin{Source: activity.Local}); err != nil {
		if errors.Is(err, activity.ErrInvalid) {
			c.Error = "This post could not be published."
			return s.composeFailed(w, r, rq, c, parentCard)
		}
		return err
	}
	o, err := s.opt.Store.ObjectByAPID(ctx, note.ID())
	if err != nil {
		return err
	}
	if !isHTMX(r) {
		if parentCard != nil {
			http.Redirect(w, r, parentCard.URL+"#status-"+o.ID, http.StatusSeeOther)
		} else {
			http.Redirect(w, r, "/", http.StatusSeeOther)
		}
		return nil
	}
	fresh := s.newComposer(rq, parentCard)
	if parentCard == nil {
		s.renderPartial(w, http.StatusOK, "composer", fresh)
		return nil
	}
	// A reply on the thread page: a fresh reply form, and the new post appended to the replies.
	list, err := s.cards(ctx, rq, []*store.Object{o})
	if err != nil {
		return err
	}
	return s.writeParts(w, part{"composer", fresh}, part{"appended-reply", list})
}

// validate applies the rules of the API's parseCompose; it returns what is wrong, or "".
func (s *Service) validate(c *composer) string {
	valid := false
	for _, o := range visibilityLabels {
		valid = valid || o.Value == c.Visibility
	}
	switch {
	case !valid:
		return "Choose who can see this post."
	case strings.TrimSpace(c.Text) == "":
		return "Write something first."
	case utf8.RuneCountInString(c.Text)+utf8.RuneCountInString(c.Summary) > s.opt.MaxStatusChars:
		return fmt.Sprintf("Posts are limited to %d characters.", s.opt.MaxStatusChars)
	}
	return ""
}

// composeFailed shows the composer again with its text and the error: in place with htmx
// (422, which the page's htmx configuration swaps), as a page of its own without.
func (s *Service) composeFailed(w http.ResponseWriter, r *http.Request, rq *request, c *composer, parent *card) error {
	if isHTMX(r) {
		s.renderPartial(w, http.StatusUnprocessableEntity, "composer", c)
		return nil
	}
	v := s.view(rq, "New post", struct {
		Composer *composer
		Parent   *card
	}{c, parent})
	s.renderPage(w, http.StatusUnprocessableEntity, "compose", v)
	return nil
}

// visibleStatus finds a status (Note or Question) by row id that the viewer may see; anything
// else is 404, so that hidden statuses look like missing ones.
func (s *Service) visibleStatus(ctx context.Context, rq *request, id string) (*store.Object, error) {
	if validID(id) == "" {
		return nil, errNotFound
	}
	o, err := s.opt.Store.ObjectByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if o.Type != "Note" && o.Type != "Question" {
		return nil, errNotFound
	}
	ok, err := s.opt.Store.CanView(ctx, o, rq.viewer())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotFound
	}
	return o, nil
}
