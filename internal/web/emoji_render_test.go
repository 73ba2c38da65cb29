package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// emojiImg is the image markup.Emojify shows for a :shortcode:.
func emojiImg(code, src string) string {
	return `<img class="emoji" src="` + src + `" alt=":` + code + `:" title=":` + code + `:" draggable="false">`
}

// TestCustomEmojiInCards shows custom emoji as images in cards and profiles: a remote
// status's Emoji tags (in its content, content warning and poll), a remote account's emoji
// in its name and bio, and a local post using an emoji of this server; unknown shortcodes,
// unsafe icons and code stay text.
func TestCustomEmojiInCards(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	src := s.srv.URL + "/media/emoji/partyparrot.gif"
	if err := s.st.AddCustomEmoji(s.ctx, &store.CustomEmoji{Shortcode: "partyparrot", FileKey: "emoji/partyparrot.gif",
		StaticKey: "emoji/partyparrot.png", URL: src, StaticURL: s.srv.URL + "/media/emoji/partyparrot.png", MIME: "image/gif"}); err != nil {
		t.Fatal(err)
	}
	s.user("alice")
	b := s.browser()
	b.login("alice")

	bob := s.remoteUser("bob", "remote.test")
	bob.Name = "Bob :wave:"
	bob.Bio = "<p>Hi :wave: <code>:wave:</code></p>"
	bob.Emojis = json.RawMessage(`[{"shortcode":"wave","url":"https://remote.test/wave.png"}]`)
	if err := s.st.UpsertRemoteUser(s.ctx, bob); err != nil {
		t.Fatal(err)
	}
	tag := func(code, src string) map[string]any {
		return map[string]any{"type": "Emoji", "name": ":" + code + ":", "icon": map[string]any{"type": "Image", "url": src}}
	}
	id := "https://remote.test/notes/1"
	note := ap.Object{"id": id, "type": "Question", "attributedTo": bob.APID,
		"content": `<p>hello :blobcat: :nope: <a href="https://remote.test/:blobcat:">:blobcat:</a> :evil: <code>:blobcat:</code></p>`,
		"summary": "cw :blobcat:",
		"oneOf":   []any{map[string]any{"type": "Note", "name": "yes :blobcat:"}, map[string]any{"type": "Note", "name": "no"}},
		"tag":     []any{tag("blobcat", "https://remote.test/blobcat.png"), tag("evil", "javascript:alert(1)")},
		"to":      []any{ap.Public}, "cc": []any{bob.FollowersURL}, "published": "2026-01-02T03:04:05Z",
		"endTime": "2099-01-01T00:00:00Z"}
	if _, err := s.p.Ingest(s.ctx, note, activity.Origin{Source: activity.Fetched}); err != nil {
		t.Fatal(err)
	}
	o, err := s.st.ObjectByAPID(s.ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	blobcat, wave := emojiImg("blobcat", "https://remote.test/blobcat.png"), emojiImg("wave", "https://remote.test/wave.png")
	page := b.get("/@bob@remote.test/" + o.ID).body
	for _, want := range []string{
		`<p>hello ` + blobcat + ` :nope: <a href="https://remote.test/:blobcat:"`, // content; unknown stays text
		`>` + blobcat + `</a>`,                       // link text, not its href
		` :evil: <code>:blobcat:</code></p>`,         // unsafe icon and code stay text
		`<span class="min-w-0 flex-1">cw ` + blobcat, // content warning
		`yes ` + blobcat,                             // poll option
		`Bob ` + wave + `</a>`,                       // author's name
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the thread page lacks %s", want)
		}
	}
	if strings.Contains(page, "javascript:") {
		t.Error("an unsafe emoji URL reached the page")
	}
	profile := b.get("/@bob@remote.test").body
	if !strings.Contains(profile, `>Bob `+wave+`</h1>`) || !strings.Contains(profile, `<p>Hi `+wave+` <code>:wave:</code></p>`) {
		t.Error("the profile does not show the emoji of the name and bio")
	}

	// A local post using a custom emoji of this server (added at the start: the web UI reads
	// them at most every 10s): composing tags it, the card shows it.
	// It is animated: who prefers reduced motion gets its still image.
	still := `<picture><source media="(prefers-reduced-motion: reduce)" srcset="` + s.srv.URL + `/media/emoji/partyparrot.png">`
	post := b.compose("party :partyparrot: but :unknown_one:", ap.VisibilityPublic)
	thread := s.threadPath("alice", post)
	if page := b.get(thread).body; !strings.Contains(page, `party `+still+emojiImg("partyparrot", src)+`</picture> but :unknown_one:`) {
		t.Errorf("the local post's card does not show :partyparrot:")
	}
	// As a reaction chip, with its name as the image's text, and in the notification.
	s.user("carol")
	carol := s.browser()
	carol.login("carol")
	wantStatus(t, carol.post("/statuses/"+post.ID+"/react", url.Values{"emoji": {":partyparrot:"}}), http.StatusSeeOther)
	chip := still + `<img src="` + src + `" alt=":partyparrot:" class="emoji" draggable="false"></picture>`
	if page := b.get(thread).body; !strings.Contains(page, chip+`<span class="tabular-nums">1</span>`) {
		t.Errorf("the reaction chip does not show :partyparrot:")
	}
	if page := b.get("/notifications").body; !strings.Contains(page, "reacted "+still+emojiImg("partyparrot", src)+"</picture> to your post") {
		t.Errorf("the notification does not show :partyparrot:")
	}
	// Keyword filters still find the shortcode (the image's alt text).
	s.filter(mustUser(t, s, "carol"), "parrots", "warn", "partyparrot", "thread")
	if page := carol.get(thread).body; !strings.Contains(page, `Filtered: <span class="font-medium text-slate-800 dark:text-slate-100">parrots</span>`) {
		t.Errorf("a filter on the shortcode does not match")
	}
}
