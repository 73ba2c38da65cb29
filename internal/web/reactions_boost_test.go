package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

// A post shown twice on a page (itself and a boost of it) shows its reactions once on each
// card, not once per card on both.
func TestReactionsOfAPostShownTwice(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	post := alice.compose("good morning", ap.VisibilityPublic)
	bob.htmx("/statuses/"+post.ID+"/react", url.Values{"emoji": {"☕"}})
	bob.htmx("/statuses/"+post.ID+"/boost", nil)
	s.follow(mustUser(t, s, "alice"), mustUser(t, s, "bob"))
	home := alice.get("/").body
	if !strings.Contains(home, "</a> boosted</p>") {
		t.Fatal("the boost is not on alice's home")
	}
	if n := strings.Count(home, `aria-label="☕ 1: react with ☕"`); n != 2 {
		t.Fatalf("%d ☕ reactions on the two cards, want one each", n)
	}
}
