package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

func TestNoteStoresQueryColumnsAndNotifiesMentions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	n := publicNote(bob, "https://remote.test/notes/1", `<p>hi <a href="`+alice+`">@alice</a> #Go</p>`)
	n["inReplyTo"] = "https://remote.test/notes/0"
	n["context"] = "https://remote.test/contexts/9"
	n["tag"] = []any{
		map[string]any{"type": "Mention", "href": alice, "name": "@alice"},
		map[string]any{"type": "Hashtag", "name": "#Go", "href": "https://remote.test/tags/go"},
	}
	n["attachment"] = []any{map[string]any{"type": "Document", "mediaType": "image/png", "url": "https://remote.test/a.png"}}
	row := e.mustIngest(n, fromFetched)

	if row.Type != "Note" || row.Actor != bob || row.Local || row.Visibility != ap.VisibilityPublic ||
		row.InReplyTo != "https://remote.test/notes/0" || row.Context != "https://remote.test/contexts/9" || !row.HasMedia {
		t.Fatalf("row = %+v", row)
	}
	if got := row.Published.Format("2006-01-02"); got != "2026-11-01" {
		t.Fatalf("published = %s", got)
	}
	tags, _ := e.st.HashtagsOf(e.ctx, row.ID)
	if len(tags) != 1 || tags[0] != "go" {
		t.Fatalf("hashtags = %v", tags)
	}
	ns := e.notifications(alice)
	if len(ns) != 1 || ns[0].Type != store.NotifyMention || ns[0].Actor != bob || ns[0].Object != row.APID {
		t.Fatalf("notifications = %+v", ns)
	}
	if got := e.fetch.got(); len(got) != 1 || got[0] != "https://remote.test/notes/0" {
		t.Fatalf("missing parent not fetched: %v", got)
	}
	evs := e.drain()
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, ev.Kind)
	}
	if !contains(kinds, stream.EventUpdate) || !contains(kinds, stream.EventNotification) {
		t.Fatalf("events = %v", kinds)
	}

	// The same note again changes nothing: no second row, notification or event.
	again := e.mustIngest(publicNote(bob, "https://remote.test/notes/1", "other"), fromFetched)
	if again.ID != row.ID || len(e.notifications(alice)) != 1 || len(e.drain()) != 0 {
		t.Fatal("second ingestion had effects")
	}
}

func TestNoteValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	cases := map[string]ap.Object{
		"no author":          obj("id", "https://remote.test/n/1", "type", "Note", "content", "x"),
		"other host":         obj("id", "https://evil.test/n/1", "type", "Note", "attributedTo", bob, "content", "x"),
		"no content":         obj("id", "https://remote.test/n/2", "type", "Note", "attributedTo", bob),
		"content not string": obj("id", "https://remote.test/n/3", "type", "Note", "attributedTo", bob, "content", []any{"x"}),
		"local id":           obj("id", base+"/objects/x", "type", "Note", "attributedTo", bob, "content", "x"),
		"no id":              obj("type", "Note", "attributedTo", bob, "content", "x"),
		"non-http id":        obj("id", "javascript:alert(1)", "type", "Note", "attributedTo", bob, "content", "x"),
		"unknown type":       obj("id", "https://remote.test/n/4", "type", "Frobnicate", "actor", bob),
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(o, fromFetched)
			wantInvalid(t, err, nil)
		})
	}
	_, err := e.ingest(obj("id", "https://remote.test/n/5", "type", "Frobnicate"), fromFetched)
	wantInvalid(t, err, activity.ErrUnknownType)
}

func TestNoteContentMapAndVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	n := obj("id", "https://remote.test/n/1", "type", "Note", "attributedTo", bob,
		"contentMap", map[string]any{"en": "hello"}, "to", []any{bob + "/followers"})
	row := e.mustIngest(n, fromFetched)
	if row.Visibility != ap.VisibilityPrivate {
		t.Fatalf("visibility = %s", row.Visibility)
	}
	if e.stored(row.APID).String("content") != "hello" {
		t.Fatal("content not taken from contentMap")
	}
	unlisted := obj("id", "https://remote.test/n/2", "type", "Note", "attributedTo", bob, "content", "x",
		"to", []any{bob + "/followers"}, "cc", []any{"as:Public"})
	if r := e.mustIngest(unlisted, fromFetched); r.Visibility != ap.VisibilityUnlisted {
		t.Fatalf("visibility = %s", r.Visibility)
	}
	dm := obj("id", "https://remote.test/n/3", "type", "Note", "attributedTo", bob, "content", "x", "to", base+"/users/alice")
	if r := e.mustIngest(dm, fromFetched); r.Visibility != ap.VisibilityDirect {
		t.Fatalf("visibility = %s", r.Visibility)
	}
}
