package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

func TestBookmarksAndFavourites(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	s.user("carol")
	s.follow(mustUser(t, s, "alice"), mustUser(t, s, "bob"))
	a, b, v := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	for _, path := range []string{"/bookmarks", "/favourites", "/direct"} {
		if r := v.get(path); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Fatalf("visitor %s: %d %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
	if r := a.get("/bookmarks"); !strings.Contains(r.body, "Nothing bookmarked yet") {
		t.Fatal("empty bookmarks page")
	}
	pub := b.compose("a public post", ap.VisibilityPublic)
	priv := b.compose("a followers-only post", ap.VisibilityPrivate)
	wantStatus(t, a.post("/statuses/"+pub.ID+"/bookmark", nil), http.StatusSeeOther)
	wantStatus(t, a.post("/statuses/"+priv.ID+"/bookmark", nil), http.StatusSeeOther)
	wantStatus(t, a.post("/statuses/"+priv.ID+"/like", nil), http.StatusSeeOther)

	r := a.get("/bookmarks")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "a public post") || !strings.Contains(r.body, "a followers-only post") ||
		strings.Index(r.body, "a followers-only post") > strings.Index(r.body, "a public post") {
		t.Fatal("bookmarks: not both, last bookmarked first")
	}
	if r := a.get("/favourites"); !strings.Contains(r.body, "a followers-only post") || strings.Contains(r.body, "a public post") {
		t.Fatal("favourites page")
	}
	// Once alice no longer follows bob, his followers-only post drops out of her lists.
	wantStatus(t, a.post("/accounts/"+mustUser(t, s, "bob").ID+"/unfollow", nil), http.StatusSeeOther)
	if r := a.get("/bookmarks"); strings.Contains(r.body, "a followers-only post") || !strings.Contains(r.body, "a public post") {
		t.Fatal("a post alice may no longer see is still in her bookmarks")
	}
	if r := a.get("/favourites"); strings.Contains(r.body, "a followers-only post") {
		t.Fatal("a post alice may no longer see is still in her favourites")
	}
	// Each sees their own lists only.
	if r := b.get("/bookmarks"); strings.Contains(r.body, "a public post") {
		t.Fatal("bob sees alice's bookmarks")
	}
}

func TestDirectMessagesPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, n := range []string{"alice", "bob", "carol"} {
		s.user(n)
	}
	a, b, c := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	c.login("carol")
	first := a.compose("@bob first words", ap.VisibilityDirect)
	r := b.post("/statuses", map[string][]string{"status": {"@alice my reply"}, "visibility": {"direct"}, "in_reply_to_id": {first.ID}})
	wantStatus(t, r, http.StatusSeeOther)
	c.compose("@bob from carol", ap.VisibilityDirect)
	a.compose("a public post", ap.VisibilityPublic)

	page := b.get("/direct")
	wantStatus(t, page, http.StatusOK)
	// One entry per conversation, newest first: carol's, then alice's thread by its reply.
	if !strings.Contains(page.body, "from carol") || !strings.Contains(page.body, "my reply") || strings.Contains(page.body, "first words") ||
		strings.Index(page.body, "from carol") > strings.Index(page.body, "my reply") || strings.Contains(page.body, "a public post") {
		t.Fatalf("bob's conversations: %s", page.body)
	}
	if !strings.Contains(page.body, `aria-label="Conversation with carol"`) || !strings.Contains(page.body, `aria-label="Conversation with alice"`) {
		t.Fatal("conversations do not say who is in them")
	}
	if !strings.Contains(page.body, `<option value="direct" selected>`) {
		t.Fatal("the new message form is not for mentioned people only")
	}
	if page := a.get("/direct"); strings.Contains(page.body, "from carol") || !strings.Contains(page.body, "my reply") {
		t.Fatal("alice sees a conversation she is not in")
	}
	if page := c.get("/direct"); strings.Contains(page.body, "first words") || strings.Contains(page.body, "my reply") {
		t.Fatal("carol sees a conversation she is not in")
	}
}
