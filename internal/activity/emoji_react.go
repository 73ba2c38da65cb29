package activity

import (
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// emojiReact handles EmojiReact (Pleroma, Misskey): an emoji reaction to a status.
type emojiReact struct{}

func init() { register(emojiReact{}) }

func (emojiReact) Type() string { return "EmojiReact" }

// MaxReactionBytes bounds the emoji of a reaction.
const MaxReactionBytes = 64

// Validate requires an actor, an object id and a valid reaction in content, which it
// normalizes.
func (emojiReact) Validate(c *Ctx, obj ap.Object) error {
	if _, err := actorOnOwnHost(c, obj); err != nil {
		return err
	}
	if obj.Ref("object") == "" {
		return invalid("EmojiReact %s has no object", obj.ID())
	}
	r, err := parseReaction(obj, obj.String("content"))
	if err != nil {
		return err
	}
	obj["content"] = r.Emoji
	return nil
}

func (emojiReact) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if _, err := interactionTarget(c, obj); err != nil {
		return nil, err
	}
	return c.store(obj)
}

// SideEffects records the reaction, notifies the author, announces the new count and
// federates a local reaction.
func (emojiReact) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	r, err := parseReaction(obj, obj.String("content"))
	if err != nil {
		return err
	}
	return reactionEffects(c, row, r)
}

// reaction is a validated emoji reaction.
type reaction struct {
	Emoji string // a single unicode emoji, or :shortcode: for a custom one
	URL   string // image of a custom emoji
}

// misskeyLegacy maps the reaction names of old Misskey versions to their emoji.
var misskeyLegacy = map[string]string{
	"like": "👍", "love": "❤", "laugh": "😆", "hmm": "🤔", "surprise": "😮", "congrats": "🎉",
	"angry": "💢", "confused": "😥", "rip": "😇", "pudding": "🍮", "star": "⭐",
}

// parseReaction validates the emoji of a reaction (trimmed): one unicode emoji, or a
// :shortcode: whose image comes from the activity's Emoji tag of that name.
func parseReaction(obj ap.Object, raw string) (reaction, error) {
	s := strings.TrimSpace(raw)
	if e, ok := misskeyLegacy[s]; ok {
		s = e
	}
	switch {
	case s == "":
		return reaction{}, invalid("%s %s has no emoji", obj.Type(), obj.ID())
	case len(s) > MaxReactionBytes:
		return reaction{}, invalid("%s %s: reaction longer than %d bytes", obj.Type(), obj.ID(), MaxReactionBytes)
	case isShortcode(s):
		name := strings.Trim(s, ":")
		for _, t := range obj.Objects("tag") {
			if t.Type() != "Emoji" || strings.Trim(t.String("name"), ":") != name {
				continue
			}
			if icon, ok := t.Embedded("icon"); ok {
				if u := httpURL(icon.Ref("url")); u != "" {
					return reaction{Emoji: s, URL: u}, nil
				}
			}
		}
		return reaction{}, invalid("%s %s: custom emoji %s has no Emoji tag with an http(s) image", obj.Type(), obj.ID(), s)
	case singleEmoji(s):
		return reaction{Emoji: s}, nil
	}
	return reaction{}, invalid("%s %s: %q is not one emoji", obj.Type(), obj.ID(), s)
}

// reactionEffects is what a new reaction does, whether it came as EmojiReact or as Like.
func reactionEffects(c *Ctx, row *store.Object, r reaction) error {
	target, err := storedObject(c, row.Object)
	if err != nil {
		return err
	}
	created, err := c.Tx.PutRelationship(c, &store.Relationship{Type: store.RelEmojiReact + r.Emoji, Actor: row.Actor,
		Object: row.Object, ActivityAPID: row.APID, EmojiURL: r.URL})
	if err != nil {
		return err
	}
	return interactionEffects(c, row, target, created, store.NotifyReaction, r.Emoji)
}

func isShortcode(s string) bool {
	if len(s) < 3 || s[0] != ':' || s[len(s)-1] != ':' {
		return false
	}
	for _, r := range s[1 : len(s)-1] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '+') {
			return false
		}
	}
	return true
}

// singleEmoji reports whether s is exactly one emoji: a pictograph, a flag (two regional
// indicators) or a keycap, with its modifiers, possibly joined to more by zero-width joiners.
func singleEmoji(s string) bool {
	rs := []rune(s)
	i := 0
	base := func() bool {
		if i >= len(rs) {
			return false
		}
		r := rs[i]
		switch {
		case isRegionalIndicator(r):
			if i+1 >= len(rs) || !isRegionalIndicator(rs[i+1]) {
				return false
			}
			i += 2
		case r >= '0' && r <= '9' || r == '#' || r == '*':
			i++
			if i < len(rs) && rs[i] == 0xFE0F {
				i++
			}
			if i >= len(rs) || rs[i] != 0x20E3 {
				return false
			}
			i++
		case isPictograph(r):
			i++
		default:
			return false
		}
		for i < len(rs) && isEmojiModifier(rs[i]) {
			i++
		}
		return true
	}
	if !base() {
		return false
	}
	for i < len(rs) && rs[i] == 0x200D { // zero-width joiner
		i++
		if !base() {
			return false
		}
	}
	return i == len(rs)
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

func isEmojiModifier(r rune) bool {
	return r == 0xFE0E || r == 0xFE0F || r >= 0x1F3FB && r <= 0x1F3FF || r >= 0xE0020 && r <= 0xE007F
}

// isPictograph approximates Extended_Pictographic: the emoji blocks and the older symbols
// that have emoji presentations.
func isPictograph(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF:
		return !isRegionalIndicator(r) && !(r >= 0x1F3FB && r <= 0x1F3FF)
	case r >= 0x2600 && r <= 0x27BF, r >= 0x2300 && r <= 0x23FF, r >= 0x2B00 && r <= 0x2BFF,
		r >= 0x2190 && r <= 0x21FF, r >= 0x25A0 && r <= 0x25FF, r >= 0x2934 && r <= 0x2935:
		return true
	}
	switch r {
	case 0xA9, 0xAE, 0x203C, 0x2049, 0x2122, 0x2139, 0x24C2, 0x3030, 0x303D, 0x3297, 0x3299:
		return true
	}
	return false
}
