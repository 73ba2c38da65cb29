package web_test

import (
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// The web timelines run as the API runs them: a blocked domain's posts are hidden, and the
// home timeline has the public posts of the tags the viewer follows.
func TestWebTimelinesHideBlockedDomainsAndShowFollowedTags(t *testing.T) {
	s := newSite(t)
	alice := s.user("alice")
	good, bad, tagger := s.remoteUser("good", "good.example"), s.remoteUser("bad", "bad.example"), s.remoteUser("tagger", "tags.example")
	s.follow(alice, good)
	s.follow(alice, bad)
	s.remoteNote(good, "https://good.example/notes/1", "<p>from the good domain</p>")
	s.remoteNote(bad, "https://bad.example/notes/1", "<p>from the blocked domain</p>")
	tagged := ap.Object{"id": "https://tags.example/notes/1", "type": "Note", "attributedTo": tagger.APID,
		"content": `<p>about <a href="https://tags.example/tags/gardening" rel="tag">#gardening</a></p>`,
		"to":      []any{ap.Public}, "published": "2026-01-02T03:04:05Z",
		"tag": []any{map[string]any{"type": "Hashtag", "name": "#gardening", "href": "https://tags.example/tags/gardening"}}}
	if _, err := s.p.Ingest(s.ctx, tagged, activity.Origin{Source: activity.Fetched}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*store.Relationship{
		{Type: store.RelDomainBlock, Actor: alice.APID, Object: "bad.example"},
		{Type: store.RelFollowTag, Actor: alice.APID, Object: "gardening"},
	} {
		if _, err := s.st.PutRelationship(s.ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser()
	b.login("alice")
	home := b.get("/?timeline=home")
	wantStatus(t, home, 200)
	if !strings.Contains(home.body, "from the good domain") || strings.Contains(home.body, "from the blocked domain") {
		t.Fatalf("home: blocked domain shown or followed account missing:\n%s", home.body)
	}
	if !strings.Contains(home.body, "tags.example/tags/gardening") {
		t.Fatalf("home: the followed tag's post is missing")
	}
	fed := b.get("/?timeline=federated")
	if strings.Contains(fed.body, "from the blocked domain") || !strings.Contains(fed.body, "from the good domain") {
		t.Fatalf("federated timeline ignores the domain block")
	}
	// A visitor is not affected by alice's block.
	if v := s.browser().get("/?timeline=federated"); !strings.Contains(v.body, "from the blocked domain") {
		t.Fatalf("visitor: the post is missing")
	}
}
