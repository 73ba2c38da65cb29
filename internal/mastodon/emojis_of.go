package mastodon

import (
	"encoding/json"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
)

// NoteEmojis are the custom emoji of a status's Emoji tags (its :shortcode:s and their
// images), as the Status entity's emojis gives them; the web UI shows them the same way.
func NoteEmojis(doc ap.Object) []CustomEmoji {
	var out []CustomEmoji
	for _, t := range doc.Objects("tag") {
		if e, ok := emojiOfTag(t); ok {
			out = append(out, e)
		}
	}
	return out
}

// AccountEmojis are the custom emoji of an account's name, bio and fields (store.User.Emojis),
// as the Account entity's emojis gives them.
func AccountEmojis(raw json.RawMessage) []CustomEmoji { return emojisOf(raw) }

// emojiOfTag reads an ActivityPub Emoji tag; ok is false for other tags and for icons that
// are not http(s).
func emojiOfTag(t ap.Object) (CustomEmoji, bool) {
	if t.Type() != "Emoji" {
		return CustomEmoji{}, false
	}
	icon, ok := t.Embedded("icon")
	if !ok {
		return CustomEmoji{}, false
	}
	src := icon.Ref("url")
	if !strings.HasPrefix(src, "http") {
		return CustomEmoji{}, false
	}
	return CustomEmoji{Shortcode: strings.Trim(t.String("name"), ":"), URL: src, StaticURL: src}, true
}
