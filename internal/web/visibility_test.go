package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

// TestVisibility checks every page against the audience of each kind of status: a
// followers-only or direct status is never rendered for someone outside its audience.
func TestVisibility(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, n := range []string{"bob", "fan", "stranger", "carol"} {
		s.user(n)
	}
	s.follow(mustUser(t, s, "fan"), mustUser(t, s, "bob"))
	browsers := map[string]*browser{"visitor": s.browser()}
	for _, n := range []string{"bob", "fan", "stranger", "carol"} {
		browsers[n] = s.browser()
		browsers[n].login(n)
	}
	bob := browsers["bob"]
	texts := map[string]string{
		"public":   "public words",
		"unlisted": "unlisted words",
		"private":  "private words",
		"direct":   "@carol direct words",
	}
	posts := map[string]string{}
	for vis, text := range texts {
		posts[vis] = s.threadPath("bob", bob.compose(text, vis))
	}
	marker := map[string]string{ // what each text renders as
		"public": "public words", "unlisted": "unlisted words", "private": "private words", "direct": "direct words",
	}

	// who sees what: the thread page, the home timeline, the profile, the public timelines.
	type want struct{ thread, home, profile, public []string }
	all := []string{"public", "unlisted", "private", "direct"}
	cases := map[string]want{
		"visitor":  {thread: []string{"public", "unlisted"}, profile: []string{"public", "unlisted"}, public: []string{"public"}},
		"stranger": {thread: []string{"public", "unlisted"}, profile: []string{"public", "unlisted"}, public: []string{"public"}},
		"fan": {thread: []string{"public", "unlisted", "private"}, home: []string{"public", "unlisted", "private"},
			profile: []string{"public", "unlisted", "private"}, public: []string{"public"}},
		"carol": {thread: []string{"public", "unlisted", "direct"}, home: []string{"direct"},
			profile: []string{"public", "unlisted", "direct"}, public: []string{"public"}},
		"bob": {thread: all, home: all, profile: all, public: []string{"public"}},
	}
	has := func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	for who, w := range cases {
		t.Run(who, func(t *testing.T) {
			b := browsers[who]
			for _, vis := range all {
				r := b.get(posts[vis])
				code := http.StatusNotFound
				if has(w.thread, vis) {
					code = http.StatusOK
				}
				wantStatus(t, r, code)
				if code == http.StatusNotFound && strings.Contains(r.body, marker[vis]) {
					t.Fatalf("the 404 page shows the %s status", vis)
				}
			}
			pages := map[string][]string{"/@bob": w.profile, "/?timeline=local": w.public, "/?timeline=federated": w.public}
			if who != "visitor" {
				pages["/?timeline=home"] = w.home
			}
			for path, visible := range pages {
				body := b.get(path).body
				for _, vis := range all {
					if got := strings.Contains(body, marker[vis]); got != has(visible, vis) {
						t.Errorf("%s: %s status shown = %v, want %v", path, vis, got, !got)
					}
				}
			}
		})
	}

	t.Run("a visitor asking for home signs in first", func(t *testing.T) {
		r := browsers["visitor"].get("/?timeline=home")
		wantStatus(t, r, http.StatusSeeOther)
		if !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
			t.Fatalf("redirect to %q", r.Header.Get("Location"))
		}
	})
	t.Run("replies to hidden statuses are refused", func(t *testing.T) {
		priv := s.statusWithText(texts[ap.VisibilityPrivate])
		r := browsers["stranger"].htmx("/statuses", map[string][]string{"status": {"sneaky"}, "in_reply_to_id": {priv.ID}})
		wantStatus(t, r, http.StatusNotFound)
	})
}
