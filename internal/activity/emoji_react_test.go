package activity_test

import (
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// emojiReaction is fixtures/ap/rebased/emoji-reaction.json with this test's ids.
func emojiReaction(id, actor, object, content string) ap.Object {
	return obj("type", "EmojiReact", "id", id, "actor", actor, "object", object, "content", content, "nickname", "lain",
		"signature", map[string]any{"type": "RsaSignature2017", "creator": actor + "#main-key", "signatureValue": "x"})
}

func TestEmojiReactRecordsReactionAndNotifies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "hello")
	e.drain()

	r := emojiReaction(bob+"#reactions/2", bob, note, " 👌 ")
	e.mustIngest(r, toInbox(alice))
	if !e.hasRel(store.RelEmojiReact+"👌", bob, note) {
		t.Fatal("no EmojiReact:👌 relationship")
	}
	if e.stored(r.ID()).String("content") != "👌" {
		t.Fatal("content not trimmed")
	}
	ns := e.notifs(alice, store.NotifyReaction)
	if len(ns) != 1 || ns[0].Emoji != "👌" || ns[0].Actor != bob || ns[0].Object != note {
		t.Fatalf("notifications = %+v", ns)
	}
	if !eventFor(e.drain(), stream.EventStatusUpdate, note) {
		t.Fatal("no status update")
	}
	e.mustIngest(emojiReaction(bob+"#reactions/2", bob, note, "👌"), toInbox(alice))
	if len(e.notifs(alice, store.NotifyReaction)) != 1 || len(e.rels(store.RelEmojiReact+"👌", note)) != 1 || len(e.drain()) != 0 {
		t.Fatal("repeated reaction had effects")
	}
	// Another emoji by the same actor is another reaction.
	e.mustIngest(emojiReaction(bob+"#reactions/3", bob, note, "🎉"), toInbox(alice))
	if !e.hasRel(store.RelEmojiReact+"🎉", bob, note) || len(e.notifs(alice, store.NotifyReaction)) != 2 {
		t.Fatal("second emoji not recorded")
	}
}

func TestEmojiReactCustomEmojiAndLocalDelivery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "hi")
	id := e.p.NewObjectID()
	react := obj("id", id, "type", "EmojiReact", "actor", alice, "object", note, "content", ":blobcat:",
		"tag", []any{
			map[string]any{"type": "Emoji", "name": ":other:", "icon": map[string]any{"url": "https://x.test/other.png"}},
			map[string]any{"type": "Emoji", "name": ":blobcat:", "icon": map[string]any{"type": "Image", "url": base + "/emoji/blobcat.png"}},
		})
	e.mustIngest(react, fromLocal)
	if r := e.relationship(store.RelEmojiReact+":blobcat:", alice, note); r.EmojiURL != base+"/emoji/blobcat.png" || r.ActivityAPID != id {
		t.Fatalf("relationship = %+v", r)
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
}

func TestEmojiReactValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "hello")
	emojiTag := func(name, url string) []any {
		return []any{map[string]any{"type": "Emoji", "name": name, "icon": map[string]any{"url": url}}}
	}
	n := 0
	react := func(content string, kv ...any) ap.Object {
		n++
		o := emojiReaction(bob+"#reactions/"+strings.Repeat("x", n), bob, note, content)
		for i := 0; i+1 < len(kv); i += 2 {
			o[kv[i].(string)] = kv[i+1]
		}
		return o
	}
	cases := map[string]ap.Object{
		"no content": func() ap.Object { o := react(""); delete(o, "content"); return o }(),
		"blank":      react("   "),
		// fixtures/ap/rebased/emoji-reaction-no-emoji.json and emoji-reaction-too-long.json
		"not an emoji":          react("~"),
		"two emoji":             react("👌👌"),
		"text":                  react("nice"),
		"emoji and text":        react("👍 nice"),
		"lone regional letter":  react("🇫"),
		"three regional":        react("🇫🇷🇩"),
		"digit without keycap":  react("1"),
		"dangling joiner":       react("👩\u200d"),
		"over 64 bytes":         react(":"+strings.Repeat("a", 70)+":", "tag", emojiTag(strings.Repeat("a", 70), "https://remote.test/a.png")),
		"custom without tag":    react(":blobcat:"),
		"custom tag other name": react(":blobcat:", "tag", emojiTag(":blobdog:", "https://remote.test/b.png")),
		"custom non-http image": react(":blobcat:", "tag", emojiTag(":blobcat:", "javascript:alert(1)")),
		"bad shortcode":         react(":blob cat:", "tag", emojiTag(":blob cat:", "https://remote.test/b.png")),
		"no object":             func() ap.Object { o := react("👍"); delete(o, "object"); return o }(),
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(o, fromInbox)
			wantInvalid(t, err, nil)
		})
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatal("refused reactions notified")
	}
	for _, ok := range []string{"👍", "❤️", "❤", "👍🏽", "🇫🇷", "1️⃣", "#⃣", "👩\u200d👩\u200d👧", "🏳️\u200d🌈", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "⭐", "☺️"} {
		t.Run("accepts "+ok, func(t *testing.T) {
			e.mustIngest(react(ok), fromInbox)
			if !e.hasRel(store.RelEmojiReact+ok, bob, note) {
				t.Fatalf("no relationship for %q", ok)
			}
		})
	}
}
