package web_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// The author's own cards offer edit and delete. Edit opens the composer with the status's
// source (the API's) and saves through the API's edit; delete asks first. Anyone else's
// status is 404 for both, and a form without the CSRF token is 403.
func TestEditAndDeleteOwnStatus(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	a, b := s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	wantStatus(t, a.post("/statuses", url.Values{"status": {"first <draft> & words #tea"}, "spoiler_text": {"drinks"},
		"sensitive": {"true"}, "visibility": {ap.VisibilityPublic}}), http.StatusSeeOther)
	o := s.statusWithText("first <draft> & words #tea")
	hx := map[string]string{"HX-Request": "true"}
	edit, del := "/statuses/"+o.ID+"/edit", "/statuses/"+o.ID+"/delete"

	// Only the author's card has the buttons.
	if p := a.get("/@alice"); !strings.Contains(p.body, `href="`+edit+`"`) || !strings.Contains(p.body, `href="`+del+`"`) {
		t.Fatalf("the author's card has no edit and delete:\n%s", p.body)
	}
	if p := b.get("/@alice"); strings.Contains(p.body, edit) || strings.Contains(p.body, del) {
		t.Fatal("another reader's card offers edit or delete")
	}

	// The edit dialog: the source, not the rendered HTML; the audience fixed; no uploads.
	d := a.do("GET", edit, nil, hx)
	wantStatus(t, d, http.StatusOK)
	for _, want := range []string{`<dialog id="modal-edit-` + o.ID + `"`, `>Edit your post</h2>`, `action="` + edit + `"`,
		`>first &lt;draft&gt; &amp; words #tea</textarea>`, `name="spoiler_text" value="drinks"`, `name="sensitive" value="true" class="size-4 accent-indigo-600" checked`,
		`name="visibility" class="field w-auto py-1.5 text-sm" disabled`, `>Save</button>`} {
		if !strings.Contains(d.body, want) {
			t.Fatalf("the edit dialog lacks %s:\n%s", want, d.body)
		}
	}
	if strings.Contains(d.body, "data-media-picker") {
		t.Fatal("the edit dialog offers uploads")
	}
	// Without JavaScript the same form is a page.
	p := a.get(edit)
	wantStatus(t, p, http.StatusOK)
	if !strings.Contains(p.body, `action="`+edit+`"`) || !strings.Contains(p.body, "<title>Edit your post") {
		t.Fatalf("edit page:\n%s", p.body)
	}

	// Someone else's status: 404 everywhere, as a missing one.
	wantStatus(t, b.do("GET", edit, nil, hx), http.StatusNotFound)
	wantStatus(t, b.get(del), http.StatusNotFound)
	wantStatus(t, b.htmx(edit, url.Values{"status": {"hijacked"}}), http.StatusNotFound)
	wantStatus(t, b.htmx(del, nil), http.StatusNotFound)
	wantStatus(t, s.browser().get(edit), http.StatusUnauthorized)
	// No token: 403.
	wantStatus(t, a.do("POST", edit, url.Values{"status": {"forged"}}, hx), http.StatusForbidden)
	wantStatus(t, a.do("POST", del, url.Values{}, hx), http.StatusForbidden)

	// Saving from the dialog: the API's edit, and the card answered for its place.
	r := a.htmx(edit, url.Values{"status": {"second words #tea"}, "spoiler_text": {""}, "modal": {"1"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `data-modal-done="edit"`) || !strings.Contains(r.body, `id="status-`+o.ID+`"`) ||
		!strings.Contains(r.body, "second words") {
		t.Fatalf("edit answer:\n%s", r.body)
	}
	fresh, err := s.st.ObjectByID(s.ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := ap.Parse(fresh.Data)
	if !strings.Contains(doc.String("content"), "second words") || doc.String("summary") != "" || doc.Bool("sensitive") ||
		fresh.Visibility != ap.VisibilityPublic || doc.String("updated") == "" {
		t.Fatalf("edited status: %s", fresh.Data)
	}
	// A refused edit comes back as the composer with the API's reason (422).
	r = a.htmx(edit, url.Values{"status": {""}, "modal": {"1"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "Write something first.") || !strings.Contains(r.body, `action="`+edit+`"`) {
		t.Fatalf("refused edit:\n%s", r.body)
	}
	// As the API, a post without a poll cannot gain one.
	r = a.htmx(edit, url.Values{"status": {"with a poll"}, "poll[options][]": {"yes", "no", ""}, "poll[expires_in]": {"3600"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "A poll cannot be added to a status without one.") {
		t.Fatalf("poll added by an edit:\n%s", r.body)
	}
	// Without JavaScript the edit goes back to the thread.
	r = a.post(edit, url.Values{"status": {"third words"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != s.threadPath("alice", o) {
		t.Fatalf("after the edit: %s", loc)
	}

	// Delete asks first: a dialog, or a page without JavaScript.
	q := a.do("GET", del, nil, hx)
	wantStatus(t, q, http.StatusOK)
	if !strings.Contains(q.body, `>Delete this post?</h2>`) || !strings.Contains(q.body, `action="`+del+`"`) {
		t.Fatalf("delete dialog:\n%s", q.body)
	}
	wantStatus(t, a.get(del), http.StatusOK)
	r = a.htmx(del, url.Values{"modal": {"1"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `data-modal-done="delete"`) {
		t.Fatalf("delete answer:\n%s", r.body)
	}
	if _, err := s.st.ObjectByID(s.ctx, o.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the deleted status is still there: %v", err)
	}
	wantStatus(t, a.htmx(del, nil), http.StatusNotFound)

	// Without JavaScript, deleting from the thread page of the status goes to the profile;
	// from the thread page itself with htmx, the browser is sent there too.
	two := a.compose("second post", ap.VisibilityPublic)
	req := url.Values{"csrf_token": {a.csrf()}}
	r = a.do("POST", "/statuses/"+two.ID+"/delete", req, map[string]string{"Referer": s.srv.URL + s.threadPath("alice", two)})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/@alice" {
		t.Fatalf("after deleting from its page: %s", loc)
	}
	three := a.compose("third post", ap.VisibilityPublic)
	r = a.htmx("/statuses/"+three.ID+"/delete", url.Values{"modal": {"1"}, "focused": {"1"}})
	wantStatus(t, r, http.StatusOK)
	if r.Header.Get("HX-Redirect") != "/@alice" {
		t.Fatalf("HX-Redirect %q", r.Header.Get("HX-Redirect"))
	}
}

// The edit dialog lists the post's attachments with their descriptions, which the edit
// changes through the API's media_attributes (the attachments themselves stay).
func TestEditMediaDescriptions(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	s.user("alice")
	a := s.browser()
	a.login("alice")
	csrf := a.csrf()
	r := a.multipart("/media/upload", nil, map[string][]byte{"file": pngBytes(t, 40, 30)}, map[string]string{"X-CSRF-Token": csrf, "HX-Request": "true"})
	wantStatus(t, r, http.StatusOK)
	m := mediaIDRE.FindStringSubmatch(r.body)
	wantStatus(t, a.htmx("/statuses", url.Values{"status": {"a red square"}, "media_ids[]": {m[1]},
		"media_alt[" + m[1] + "]": {"A red square"}}), http.StatusOK)
	o := s.statusWithText("a red square")
	edit := "/statuses/" + o.ID + "/edit"

	d := a.do("GET", edit, nil, map[string]string{"HX-Request": "true"})
	wantStatus(t, d, http.StatusOK)
	if !strings.Contains(d.body, `name="media_description[`+m[1]+`]"`) || !strings.Contains(d.body, ">A red square</textarea>") ||
		strings.Contains(d.body, "data-media-picker") {
		t.Fatalf("the edit dialog's attachments:\n%s", d.body)
	}
	r = a.htmx(edit, url.Values{"status": {"a red square, edited"}, "media_description[" + m[1] + "]": {"A crimson square"}, "modal": {"1"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `alt="A crimson square"`) {
		t.Fatalf("the edited card:\n%s", r.body)
	}
	fresh, err := s.st.ObjectByID(s.ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := ap.Parse(fresh.Data)
	if att := doc.Objects("attachment"); len(att) != 1 || att[0].String("name") != "A crimson square" {
		t.Fatalf("the stored attachment: %s", fresh.Data)
	}
	// Too long a description is the API's refusal, shown in the form with what was typed.
	long := strings.Repeat("x", 1600)
	r = a.htmx(edit, url.Values{"status": {"again"}, "media_description[" + m[1] + "]": {long}, "modal": {"1"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "role=\"alert\"") || !strings.Contains(r.body, long) {
		t.Fatalf("refused description:\n%s", r.body)
	}
}
