package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

func TestComposeThreadAndCanonicalURL(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")

	root := alice.compose("Hello <b>world</b> #golang", ap.VisibilityPublic)
	doc, err := ap.Parse(root.Data)
	if err != nil {
		t.Fatal(err)
	}
	path := s.threadPath("alice", root)
	if doc.String("url") != s.srv.URL+path {
		t.Fatalf("the status url %q is not its page %q", doc.String("url"), path)
	}
	for _, p := range []string{"/", "/?timeline=local", "/?timeline=federated", "/@alice", path} {
		body := alice.get(p).body
		if !strings.Contains(body, "Hello &lt;b&gt;world&lt;/b&gt;") || strings.Contains(body, "<b>world</b>") {
			t.Fatalf("%s does not show the escaped post", p)
		}
	}

	t.Run("other spellings redirect to the canonical URL", func(t *testing.T) {
		if root.ID != path[strings.LastIndex(path, "/")+1:] {
			t.Fatalf("row id %s is not the id of the URL %s", root.ID, path)
		}
		r := bob.get("/@ALICE/" + root.ID)
		wantStatus(t, r, http.StatusMovedPermanently)
		if r.Header.Get("Location") != path {
			t.Fatalf("redirect to %q", r.Header.Get("Location"))
		}
		wantStatus(t, bob.get("/@bob/"+root.ID), http.StatusNotFound)
		wantStatus(t, bob.get("/alice/"+root.ID), http.StatusNotFound)
		wantStatus(t, bob.get("/@alice/nope"), http.StatusNotFound)
	})

	t.Run("reply through htmx on the thread page", func(t *testing.T) {
		r := bob.htmx("/statuses", url.Values{"status": {"@alice nice"}, "in_reply_to_id": {root.ID}, "visibility": {"public"}})
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, `id="composer"`) || !strings.Contains(r.body, `hx-swap-oob="beforeend:#replies"`) ||
			!strings.Contains(r.body, "nice") {
			t.Fatalf("reply answer: %s", r.body)
		}
		reply := s.statusWithText("@alice nice")
		if reply.InReplyTo != root.APID {
			t.Fatalf("in_reply_to = %q", reply.InReplyTo)
		}
		r = alice.post("/statuses", url.Values{"status": {"third level"}, "in_reply_to_id": {reply.ID}})
		wantStatus(t, r, http.StatusSeeOther)
		third := s.statusWithText("third level")
		page := bob.get(s.threadPath("bob", reply)).body
		card := func(id string) int { return strings.Index(page, `<article id="status-`+id+`"`) }
		iRoot, iReply, iThird := card(root.ID), card(reply.ID), card(third.ID)
		if iRoot < 0 || iReply < iRoot || iThird < iReply || !strings.Contains(page, "status-focused") {
			t.Fatalf("thread order root %d, reply %d, third %d", iRoot, iReply, iThird)
		}
		if !strings.Contains(page, `class="u-url mention"`) {
			t.Fatal("the mention of @alice was not linked")
		}
	})

	t.Run("refused posts keep their text", func(t *testing.T) {
		r := alice.post("/statuses", url.Values{"status": {"   "}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "Write something first.") {
			t.Fatalf("no error shown: %s", r.body)
		}
		long := strings.Repeat("x", 5001)
		r = alice.htmx("/statuses", url.Values{"status": {long}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "limited to 5000") || !strings.Contains(r.body, long) {
			t.Fatal("the composer did not come back with the text and the error")
		}
		r = alice.post("/statuses", url.Values{"status": {"x"}, "visibility": {"everyone"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
	})

	t.Run("content warnings collapse", func(t *testing.T) {
		alice.post("/statuses", url.Values{"status": {"spoilers inside"}, "spoiler_text": {"Film & plot"}})
		body := bob.get("/@alice").body
		i := strings.Index(body, "Film &amp; plot")
		if i < 0 || !strings.Contains(body[:i], `<details class="cw`) || !strings.Contains(body[i:], "spoilers inside") {
			t.Fatal("the content warning is not a collapsed <details>")
		}
	})

	t.Run("visitors cannot post", func(t *testing.T) {
		v := s.browser()
		r := v.post("/statuses", url.Values{"status": {"anonymous"}})
		wantStatus(t, r, http.StatusUnauthorized)
	})

	t.Run("CSRF", func(t *testing.T) {
		r := alice.do("POST", "/statuses", url.Values{"status": {"forged"}}, nil)
		wantStatus(t, r, http.StatusForbidden)
		r = alice.do("POST", "/statuses", url.Values{"status": {"forged"}, "csrf_token": {bob.csrf()}}, nil)
		wantStatus(t, r, http.StatusForbidden)
		if strings.Contains(alice.get("/").body, "forged") {
			t.Fatal("a forged post was published")
		}
	})
}

func TestActions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	post := alice.compose("like me", ap.VisibilityPublic)
	base := "/statuses/" + post.ID + "/"

	r := bob.htmx(base+"like", nil)
	wantStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.body, `<article id="status-`+post.ID+`"`) || !strings.Contains(r.body, `aria-pressed="true" aria-label="Unlike, 1"`) {
		t.Fatalf("like answer: %s", r.body)
	}
	if n, _ := s.st.CountRelationships(s.ctx, "Like", post.APID); n != 1 {
		t.Fatalf("likes = %d", n)
	}
	bob.htmx(base+"like", nil) // twice is once
	if n, _ := s.st.CountRelationships(s.ctx, "Like", post.APID); n != 1 {
		t.Fatalf("likes after a second like = %d", n)
	}
	r = bob.htmx(base+"unlike", nil)
	if !strings.Contains(r.body, `aria-label="Like, 0"`) {
		t.Fatalf("unlike answer: %s", r.body)
	}
	if n, _ := s.st.CountRelationships(s.ctx, "Like", post.APID); n != 0 {
		t.Fatalf("likes after unlike = %d", n)
	}

	t.Run("without JavaScript the browser goes back", func(t *testing.T) {
		form := url.Values{"csrf_token": {bob.csrf()}}
		r := bob.do("POST", base+"bookmark", form, map[string]string{"Referer": s.srv.URL + "/@alice"})
		wantStatus(t, r, http.StatusSeeOther)
		if r.Header.Get("Location") != "/@alice" {
			t.Fatalf("back to %q", r.Header.Get("Location"))
		}
		r = bob.do("POST", base+"unbookmark", form, map[string]string{"Referer": "https://evil.test/"})
		if r.Header.Get("Location") != "/" {
			t.Fatalf("a foreign Referer was followed: %q", r.Header.Get("Location"))
		}
	})

	t.Run("boost and the boost card", func(t *testing.T) {
		r := bob.htmx(base+"boost", nil)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, `aria-label="Undo boost, 1"`) {
			t.Fatalf("boost answer: %s", r.body)
		}
		s.follow(mustUser(t, s, "alice"), mustUser(t, s, "bob"))
		home := alice.get("/").body
		if !strings.Contains(home, "</a> boosted</p>") {
			t.Fatal("alice's home does not show bob's boost")
		}
		bob.htmx(base+"unboost", nil)
		if n, _ := s.st.CountRelationships(s.ctx, "Announce", post.APID); n != 0 {
			t.Fatalf("boosts after unboost = %d", n)
		}
	})

	t.Run("bookmark", func(t *testing.T) {
		r := bob.htmx(base+"bookmark", nil)
		if !strings.Contains(r.body, `aria-label="Remove bookmark"`) {
			t.Fatalf("bookmark answer: %s", r.body)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		wantStatus(t, bob.do("POST", base+"like", url.Values{}, nil), http.StatusForbidden)
		wantStatus(t, bob.htmx(base+"explode", nil), http.StatusNotFound)
		wantStatus(t, bob.htmx("/statuses/01ARZ3NDEKTSV4RRFFQ69G5FAV/like", nil), http.StatusNotFound)
		wantStatus(t, s.browser().post(base+"like", nil), http.StatusUnauthorized)
		private := alice.compose("followers only", ap.VisibilityPrivate)
		// bob follows nobody: alice's followers-only post does not exist for him.
		wantStatus(t, bob.htmx("/statuses/"+private.ID+"/like", nil), http.StatusNotFound)
		s.follow(mustUser(t, s, "bob"), mustUser(t, s, "alice"))
		wantStatus(t, bob.htmx("/statuses/"+private.ID+"/boost", nil), http.StatusForbidden)
		wantStatus(t, bob.htmx("/statuses/"+private.ID+"/like", nil), http.StatusOK)
	})
}
