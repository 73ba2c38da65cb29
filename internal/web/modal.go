package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// modal is a <dialog> opened over the page (partials/modal.html): app.js shows it with
// showModal, moves the focus into it, closes it on Escape and gives the focus back to the
// button that opened it. Vals travel with every htmx request made inside it (hx-vals), so the
// handlers know to answer for the dialog: modal=1, and focused=1 when it was opened from the
// thread page's own status.
type modal struct {
	ID       string // the dialog's DOM id
	Title    string // its accessible name
	Quote    *quote // the status replied to, edited or deleted, in short
	Composer *composer
	Delete   *deleteConfirm
	Vals     string // JSON for hx-vals
}

// quote is a status in a dialog: its author and the start of its text (no second copy of the
// card and its ids on the page).
type quote struct {
	Author person
	Text   string
}

// modalDone replaces a dialog's form once the post, the edit or the deletion is done: app.js
// closes the dialog and puts Card on the page (a new reply under its parent on a thread page,
// an edited card in place of the old one) or, for a deletion, removes the card, then
// announces Message.
type modalDone struct {
	Kind    string // reply, edit or delete
	Message string
	Link    string // where the new post is
	Card    *card
}

// cardRoutes mounts the dialogs of the cards (reply, edit, delete), remote follow and
// authorize_interaction.
func (s *Service) cardRoutes(mux *http.ServeMux) {
	mux.Handle("GET /statuses/{id}/reply", s.page(s.replyForm))
	mux.Handle("GET /statuses/{id}/edit", s.page(s.editForm))
	mux.Handle("POST /statuses/{id}/edit", s.multipart(s.form(s.saveEdit)))
	mux.Handle("GET /statuses/{id}/delete", s.page(s.deleteForm))
	mux.Handle("POST /statuses/{id}/delete", s.form(s.deleteStatus))
	mux.Handle("POST /remote_follow", s.form(s.remoteFollow))
	mux.Handle("GET /authorize_interaction", s.page(s.authorizeInteraction))
}

// modalVals is the hx-vals of a dialog.
func modalVals(focused bool) string {
	v := map[string]string{"modal": "1"}
	if focused {
		v["focused"] = "1"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func quoteOf(c *card) *quote {
	text := c.Summary
	if text == "" {
		text = plainText(string(c.Content))
	}
	return &quote{Author: c.Author, Text: shorten(text, 140)}
}

// replyForm is GET /statuses/{id}/reply ({id} the status's row id): with htmx, a dialog with
// the composer for a reply; without, the thread page's reply form (the reply link's own
// target), or sign-in first.
func (s *Service) replyForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	o, err := s.visibleStatus(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	parent, err := s.oneCard(ctx, rq, o)
	if err != nil {
		return err
	}
	if rq.user == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(parent.URL), http.StatusSeeOther)
		return nil
	}
	if !isHTMX(r) {
		http.Redirect(w, r, parent.URL+"#reply", http.StatusSeeOther)
		return nil
	}
	c, err := s.replyComposer(ctx, rq, o, parent)
	if err != nil {
		return err
	}
	s.renderPartial(w, http.StatusOK, "modal", &modal{ID: "modal-reply-" + o.ID, Title: "Reply to " + parent.Author.Name,
		Quote: quoteOf(parent), Composer: c, Vals: modalVals(false)})
	return nil
}

// oneCard is the card of one status row.
func (s *Service) oneCard(ctx context.Context, rq *request, o *store.Object) (*card, error) {
	list, err := s.cards(ctx, rq, []*store.Object{o})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errNotFound // its author is not stored
	}
	return list[0], nil
}

// replyComposer is the composer of a reply to o (shown as parent), as Mastodon prefills it:
// the parent's visibility (newComposer), its content warning, and the handles of its author
// and of everyone it mentions, the viewer left out.
func (s *Service) replyComposer(ctx context.Context, rq *request, o *store.Object, parent *card) (*composer, error) {
	c := s.newComposer(rq, parent)
	c.Summary = parent.Summary
	doc, err := ap.Parse(o.Data)
	if err != nil {
		doc = ap.Object{}
	}
	ids := []string{o.Actor}
	for _, t := range doc.Objects("tag") {
		if href := t.Ref("href"); t.Type() == "Mention" && href != "" && !slices.Contains(ids, href) {
			ids = append(ids, href)
		}
	}
	users, err := s.opt.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	c.Text = ""
	for _, id := range ids {
		if u := users[id]; u != nil && id != rq.viewer() {
			c.Text += "@" + u.Handle() + " "
		}
	}
	return c, nil
}

// replied answers a reply posted from the dialog (compose.go): the dialog closes, the reply
// goes under its parent on a thread page, and its link is announced.
func (s *Service) replied(w http.ResponseWriter, rq *request, r *http.Request, o *store.Object) error {
	c, err := s.oneCard(r.Context(), rq, o)
	if err != nil {
		return err
	}
	s.renderPartial(w, http.StatusOK, "modal-done", &modalDone{Kind: "reply", Message: "Your reply was posted.", Link: c.URL, Card: c})
	return nil
}
