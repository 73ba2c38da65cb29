package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHashtagRunes is the longest tag accepted, in runes, after lowercasing.
const maxHashtagRunes = 64

// Hashtag rule: '#' followed by [\p{L}\p{N}_][\p{L}\p{N}\p{M}_-]{0,63},
// trailing '-' trimmed, lowercased. Combining marks (\p{M}) are accepted
// after the first character because many scripts (Devanagari, Thai, ...)
// and decomposed accents cannot be written without them.

func isTagStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

func isTagRune(r rune) bool {
	return isTagStart(r) || r == '-' || unicode.IsMark(r)
}

// NormalizeHashtag returns tag lowercased and without its leading '#' (the
// '#' is optional), with trailing '-' trimmed. ok is false when the result
// does not match the hashtag rule: a letter, digit or '_' followed by up to
// 63 letters, digits, combining marks, '_' or '-'. Whitespace is not
// trimmed. The result of a successful call is a fixed point: normalizing it
// again returns it unchanged.
func NormalizeHashtag(s string) (string, bool) {
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimRight(s, "-")
	if s == "" {
		return "", false
	}
	for i, r := range s {
		if r == utf8.RuneError || !isTagRune(r) || (i == 0 && !isTagStart(r)) {
			return "", false
		}
	}
	tag := strings.ToLower(s)
	// strings.ToLower maps rune to rune, but the rule is checked again on
	// the result so that the fixed-point promise does not depend on the
	// Unicode tables.
	if utf8.RuneCountInString(tag) > maxHashtagRunes {
		return "", false
	}
	for i, r := range tag {
		if !isTagRune(r) || (i == 0 && !isTagStart(r)) {
			return "", false
		}
	}
	return tag, true
}

// Hashtags extracts the hashtags of a plain text with the same rules as
// Format (so tags inside URLs, "a#b" or "&#39;" are not tags): distinct,
// normalized as by NormalizeHashtag, in order of appearance. The result is
// never nil.
func Hashtags(text string) []string {
	tags := []string{}
	seen := map[string]bool{}
	scan(cleanText(text), func(t token) {
		if t.kind == tokHashtag && !seen[t.tag] {
			seen[t.tag] = true
			tags = append(tags, t.tag)
		}
	})
	return tags
}
