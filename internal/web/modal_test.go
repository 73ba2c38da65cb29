package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

// The reply button of a card opens the composer in a dialog (htmx) prefilled as Mastodon
// prefills a reply: the author's and the mentioned handles (not one's own), the parent's
// visibility and content warning. Posted from the dialog, the answer closes it with the new
// card; without htmx the button is a link to the thread's reply form.
func TestReplyDialog(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	s.user("carol")
	a, b, v := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	s.follow(mustUser(t, s, "bob"), mustUser(t, s, "alice"))
	r := a.post("/statuses", url.Values{"status": {"hello @bob and @carol"}, "spoiler_text": {"soup talk"},
		"visibility": {ap.VisibilityUnlisted}})
	wantStatus(t, r, http.StatusSeeOther)
	parent := s.statusWithText("hello @bob and @carol")
	hx := map[string]string{"HX-Request": "true"}

	// The cards of a signed-in reader carry the dialog's URL; a visitor's only the link.
	home := b.get("/")
	if !strings.Contains(home.body, `hx-get="/statuses/`+parent.ID+`/reply"`) || !strings.Contains(home.body, `aria-haspopup="dialog"`) {
		t.Fatalf("the reply button does not open the dialog:\n%s", home.body)
	}
	if pub := v.get("/?timeline=federated"); strings.Contains(pub.body, "/reply\"") {
		t.Fatal("a visitor's card offers the reply dialog")
	}

	d := b.do("GET", "/statuses/"+parent.ID+"/reply", nil, hx)
	wantStatus(t, d, http.StatusOK)
	for _, want := range []string{`<dialog id="modal-reply-` + parent.ID + `"`, `aria-labelledby="modal-reply-` + parent.ID + `-title"`,
		`>Reply to alice</h2>`, `aria-label="Close"`, `name="in_reply_to_id" value="` + parent.ID + `"`,
		`>@alice @carol </textarea>`, `name="spoiler_text" value="soup talk"`, `<option value="unlisted" selected>`,
		`hx-vals="{&#34;modal&#34;:&#34;1&#34;}"`, `>Reply</button>`} {
		if !strings.Contains(d.body, want) {
			t.Fatalf("the reply dialog lacks %s:\n%s", want, d.body)
		}
	}
	if strings.Contains(d.body, "@bob ") {
		t.Fatal("the reply mentions its own author")
	}
	// The thread page's own reply form is prefilled the same way.
	th := b.get(s.threadPath("alice", parent))
	if !strings.Contains(th.body, `>@alice @carol </textarea>`) || !strings.Contains(th.body, `value="soup talk"`) {
		t.Fatalf("the thread's reply form is not prefilled:\n%s", th.body)
	}

	// Without JavaScript: the thread's reply form; a visitor signs in first.
	r = b.get("/statuses/" + parent.ID + "/reply")
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != s.threadPath("alice", parent)+"#reply" {
		t.Fatalf("reply link without htmx goes to %s", loc)
	}
	r = v.do("GET", "/statuses/"+parent.ID+"/reply", nil, hx)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Fatalf("a visitor's reply goes to %s", loc)
	}
	wantStatus(t, b.do("GET", "/statuses/01ARZ3NDEKTSV4RRFFQ69G5FAV/reply", nil, hx), http.StatusNotFound)

	// Posting from the dialog: the answer closes it with the new card.
	form := url.Values{"status": {"@alice @carol a reply from the dialog"}, "spoiler_text": {"soup talk"},
		"visibility": {ap.VisibilityUnlisted}, "in_reply_to_id": {parent.ID}, "modal": {"1"}}
	done := b.htmx("/statuses", form)
	wantStatus(t, done, http.StatusOK)
	reply := s.statusWithText("@alice @carol a reply from the dialog")
	if reply.InReplyTo != parent.APID || reply.Visibility != ap.VisibilityUnlisted {
		t.Fatalf("reply stored as %+v", reply)
	}
	for _, want := range []string{`data-modal-done="reply"`, `role="status"`, `<template data-card>`, `id="status-` + reply.ID + `"`,
		`data-link="` + s.threadPath("bob", reply) + `"`} {
		if !strings.Contains(done.body, want) {
			t.Fatalf("the dialog's answer lacks %s:\n%s", want, done.body)
		}
	}
	// A refusal comes back as the composer, in the dialog (422).
	bad := b.htmx("/statuses", url.Values{"status": {""}, "in_reply_to_id": {parent.ID}, "modal": {"1"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.body, "Write something first.") || !strings.Contains(html.UnescapeString(bad.body), `name="in_reply_to_id"`) {
		t.Fatalf("refused reply:\n%s", bad.body)
	}
	// No CSRF token, no reply.
	r = b.do("POST", "/statuses", url.Values{"status": {"forged"}, "in_reply_to_id": {parent.ID}, "modal": {"1"}}, hx)
	wantStatus(t, r, http.StatusForbidden)

	// A status the reader may not see cannot be replied to: 404 like a missing one.
	secret := a.compose("for followers only", ap.VisibilityPrivate)
	c := s.browser()
	c.login("carol")
	wantStatus(t, c.do("GET", "/statuses/"+secret.ID+"/reply", nil, hx), http.StatusNotFound)
}
