package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// filter stores a keyword filter of u.
func (s *site) filter(u *store.User, title, action, keyword string, contexts ...string) {
	s.t.Helper()
	f := &store.Filter{UserID: u.ID, Title: title, Action: action, Context: contexts,
		Keywords: []store.FilterKeyword{{Keyword: keyword, WholeWord: true}}}
	if err := s.st.CreateFilter(s.ctx, f); err != nil {
		s.t.Fatal(err)
	}
}

// The viewer's keyword filters (v2) apply to the web's cards as to the API's timelines, in
// each page's context: warn collapses a card behind "Filtered: title" (a <details>), hide
// leaves it out, blur hides its media; other contexts, the viewer's own posts and visitors
// are untouched. Live updates go through the same filters.
func TestKeywordFiltersOnCards(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice, bob := s.user("alice"), s.user("bob")
	s.follow(alice, bob)
	a, b, v := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	s.filter(alice, "Greens", "warn", "kale", "home", "public", "thread")
	s.filter(alice, "Spoilers", "hide", "finale", "account", "thread")
	s.filter(alice, "Pixels", "blur", "pixel", "home")
	s.filter(alice, "Pings", "hide", "ping", "notifications")
	s.filter(alice, "Bacon", "hide", "bacon", "home")

	kale := b.compose("I love kale smoothies", ap.VisibilityPublic)
	b.compose("the finale was great", ap.VisibilityPublic)
	far := s.remoteUser("remy", "remote.test")
	s.follow(alice, far)
	pix := ap.Object{"id": "https://remote.test/notes/pix", "type": "Note", "attributedTo": far.APID, "to": []any{ap.Public},
		"content": "<p>some pixel art</p>", "published": "2026-01-02T03:04:05Z",
		"attachment": []any{map[string]any{"type": "Document", "mediaType": "image/png", "url": "https://remote.test/pix.png", "name": "a cat"}}}
	if _, err := s.p.Ingest(s.ctx, pix, activity.Origin{Source: activity.Fetched}); err != nil {
		t.Fatal(err)
	}
	a.compose("my own kale and finale", ap.VisibilityPublic)

	warned := `Filtered: <span class="font-medium text-slate-800 dark:text-slate-100">Greens</span>`
	blurred := "Media hidden by your filter “Pixels”"
	home := a.get("/?timeline=home")
	wantStatus(t, home, http.StatusOK)
	if strings.Count(home.body, warned) != 1 || !strings.Contains(home.body, "I love kale smoothies") ||
		!strings.Contains(home.body, "<details class=\"group/filter\">") || !strings.Contains(home.body, "Show anyway") {
		t.Fatalf("home: the kale post is not behind its warning:\n%s", home.body)
	}
	if !strings.Contains(home.body, blurred) || !strings.Contains(home.body, "the finale was great") {
		t.Fatalf("home: blur or (another context's) hide wrong:\n%s", home.body)
	}
	if !strings.Contains(home.body, "my own kale and finale") {
		t.Fatal("home: the viewer's own post was filtered")
	}
	pub := a.get("/?timeline=federated")
	if !strings.Contains(pub.body, warned) || strings.Contains(pub.body, blurred) || !strings.Contains(pub.body, "some pixel art") {
		t.Fatalf("public: %s", pub.body)
	}
	prof := a.get("/@bob")
	if strings.Contains(prof.body, "the finale was great") || !strings.Contains(prof.body, "I love kale smoothies") || strings.Contains(prof.body, warned) {
		t.Fatalf("account context: %s", prof.body)
	}
	// A thread: the filtered replies go, its own status only collapses.
	fin := s.statusWithText("the finale was great")
	wantStatus(t, b.post("/statuses", map[string][]string{"status": {"reply about the finale"}, "in_reply_to_id": {kale.ID},
		"visibility": {"public"}}), http.StatusSeeOther)
	th := a.get(s.threadPath("bob", kale))
	if strings.Contains(th.body, "reply about the finale") || !strings.Contains(th.body, warned) {
		t.Fatalf("thread: %s", th.body)
	}
	th = a.get(s.threadPath("bob", fin))
	if !strings.Contains(th.body, "the finale was great") || !strings.Contains(th.body, "Filtered: <span class=\"font-medium text-slate-800 dark:text-slate-100\">Spoilers</span>") {
		t.Fatalf("thread of a hidden status: %s", th.body)
	}
	// Notifications: a mention the notifications filter hides is not listed.
	b.compose("@alice ping for you", ap.VisibilityPublic)
	b.compose("@alice hello for you", ap.VisibilityPublic)
	n := a.get("/notifications")
	if strings.Contains(n.body, "ping for you") || !strings.Contains(n.body, "hello for you") {
		t.Fatalf("notifications: %s", n.body)
	}
	// Visitors have no filters.
	if vp := v.get("/?timeline=federated"); strings.Contains(vp.body, "Filtered:") || !strings.Contains(vp.body, "I love kale smoothies") {
		t.Fatal("a visitor's timeline is filtered")
	}

	// Live: a hidden post never arrives, a warned one arrives collapsed.
	ls := a.live("alice home", "home")
	b.compose("crispy bacon today", ap.VisibilityPublic)
	b.compose("more kale please", ap.VisibilityPublic)
	got := joined(ls.until("update", "more kale please"))
	if strings.Contains(got, "bacon") || !strings.Contains(got, "Filtered:") {
		t.Fatalf("live: %s", got)
	}
}
