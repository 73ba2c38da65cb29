package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

// TestProfileFieldsAndTabs checks the profile page's fields (values through the HTML
// boundary, names as text) and its tabs: posts without replies, posts and replies, media.
func TestProfileFieldsAndTabs(t *testing.T) {
	s := newSite(t)
	bob := s.remoteUser("bob", "remote.test")
	bob.Fields = json.RawMessage(`[{"name":"Web<b>site</b>","value":"<a href=\"https://bob.example\">bob.example</a><script>alert(1)</script>"},
		{"name":"Pronouns","value":"they/them"}]`)
	if err := s.st.UpsertRemoteUser(s.ctx, bob); err != nil {
		t.Fatal(err)
	}
	ingest := func(note ap.Object) {
		t.Helper()
		note["type"], note["attributedTo"], note["published"] = "Note", bob.APID, "2026-01-02T03:04:05Z"
		note["to"], note["cc"] = []any{ap.Public}, []any{bob.FollowersURL}
		if _, err := s.p.Ingest(s.ctx, note, activity.Origin{Source: activity.Fetched}); err != nil {
			t.Fatal(err)
		}
	}
	ingest(ap.Object{"id": "https://remote.test/notes/top", "content": "<p>top-level words</p>"})
	// A reply to someone else (replies to oneself, threads, stay on the Posts tab, as on Mastodon).
	carol := s.remoteNote(s.remoteUser("carol", "other.test"), "https://other.test/notes/1", "<p>carol's words</p>")
	ingest(ap.Object{"id": "https://remote.test/notes/reply", "content": "<p>reply words</p>", "inReplyTo": carol.APID})
	ingest(ap.Object{"id": "https://remote.test/notes/self", "content": "<p>thread words</p>",
		"inReplyTo": "https://remote.test/notes/top"})
	ingest(ap.Object{"id": "https://remote.test/notes/pic", "content": "<p>picture words</p>",
		"attachment": []any{map[string]any{"type": "Document", "mediaType": "image/png",
			"url": "https://remote.test/media/pic.png", "name": "a picture"}}})

	b := s.browser()
	r := b.get("/@bob@remote.test")
	wantStatus(t, r, 200)
	for _, want := range []string{`>Website</dt>`, `href="https://bob.example"`, `they/them`,
		`aria-current="page">Posts</a>`, `href="/@bob@remote.test?tab=media"`, "top-level words", "picture words", "thread words"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("profile: no %q", want)
		}
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "reply words") {
		t.Errorf("profile shows a script or a reply on the Posts tab")
	}

	r = b.get("/@bob@remote.test?tab=replies")
	wantStatus(t, r, 200)
	for _, want := range []string{"top-level words", "reply words", "picture words", `aria-current="page">Posts and replies</a>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("replies tab: no %q", want)
		}
	}

	r = b.get("/@bob@remote.test?tab=media")
	wantStatus(t, r, 200)
	if !strings.Contains(r.body, "picture words") || strings.Contains(r.body, "top-level words") || strings.Contains(r.body, "reply words") {
		t.Errorf("media tab shows the wrong posts")
	}

	// An unknown tab is the default one.
	if r = b.get("/@bob@remote.test?tab=bogus"); strings.Contains(r.body, "reply words") || !strings.Contains(r.body, "top-level words") {
		t.Errorf("unknown tab is not the Posts tab")
	}
}
