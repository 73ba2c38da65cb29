package markup

import (
	"strings"

	"golang.org/x/net/html"
)

// Emoji is the picture of a custom emoji: URL, and StaticURL its still version (empty, or
// the same URL, when it does not move).
type Emoji struct {
	URL       string
	StaticURL string
}

// maxEmojiImages bounds the images one call of [Emojify] inserts; further :shortcode:s stay text.
const maxEmojiImages = 100

// maxShortcode is the longest shortcode [Emojify] looks up.
const maxShortcode = 64

// emojiSkip are the elements whose text keeps its :shortcode:s: code, and the raw-text
// elements safe HTML never has (so that a bug elsewhere cannot make us write into them).
var emojiSkip = map[string]bool{"code": true, "pre": true, "script": true, "style": true, "textarea": true,
	"title": true, "xmp": true, "iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true}

// Emojify returns safe with each :shortcode: of emojis in its text replaced by the emoji's
// image: <img class="emoji" src alt=":shortcode:" title=":shortcode:" draggable="false">,
// inside a <picture> whose source is the still image under prefers-reduced-motion when the
// emoji has one. safe must already be safe HTML: the output of [Sanitize] or [Format], or
// escaped plain text (a display name).
//
// Only text is touched, never tags, attributes, comments or the text of code and pre. A
// shortcode needs a non-alphanumeric character (or nothing) on both sides, so times like
// 12:30:45 stay as they are, while adjacent ones (:a::b:) are both replaced. Unknown
// shortcodes and emoji whose URL is not http(s) stay text, and at most 100 images are
// inserted.
func Emojify(safe string, emojis map[string]Emoji) string {
	if len(emojis) == 0 || !strings.Contains(safe, ":") {
		return safe
	}
	e := emojifier{emojis: emojis, imgs: map[string]string{}, left: maxEmojiImages}
	var b strings.Builder
	b.Grow(len(safe))
	z := html.NewTokenizer(strings.NewReader(safe))
	skip := 0 // how deep inside skipped elements the tokenizer is
	for {
		tt := z.Next()
		if tt == html.ErrorToken { // the input is a string: the only error is io.EOF
			b.Write(z.Raw()) // an unfinished tag at the end, which safe HTML never has
			return b.String()
		}
		if tt == html.TextToken && skip == 0 && e.left > 0 {
			e.text(&b, string(z.Raw()))
			continue
		}
		b.Write(z.Raw()) // before TagName, which lower-cases the buffer in place
		switch tt {
		case html.StartTagToken:
			if name, _ := z.TagName(); emojiSkip[string(name)] {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); emojiSkip[string(name)] && skip > 0 {
				skip--
			}
		}
	}
}

// emojifier is the state of one Emojify call.
type emojifier struct {
	emojis map[string]Emoji
	imgs   map[string]string // the markup of each shortcode met so far, "" when it stays text
	left   int               // images still allowed
}

// text writes the raw (still escaped) text t with its known :shortcode:s replaced. A match
// is a literal ':', shortcode characters and a literal ':', none of which is '&' or ';', so
// it never overlaps an entity (an escaped "&#58;" is no ':').
func (e *emojifier) text(b *strings.Builder, t string) {
	start := 0
	for i := 0; i < len(t) && e.left > 0; i++ {
		if t[i] != ':' || (i > 0 && isAlnum(t[i-1])) {
			continue
		}
		j := i + 1
		for j < len(t) && j-i-1 <= maxShortcode && isShortcodeChar(t[j]) {
			j++
		}
		if j == i+1 || j-i-1 > maxShortcode || j >= len(t) || t[j] != ':' || (j+1 < len(t) && isAlnum(t[j+1])) {
			continue
		}
		img := e.img(t[i+1 : j])
		if img == "" {
			continue
		}
		b.WriteString(t[start:i])
		b.WriteString(img)
		e.left--
		start = j + 1
		i = j // the loop's i++ moves past the closing ':'; ":a::b:" goes on at the second ':'
	}
	b.WriteString(t[start:])
}

// img is the markup of the emoji with the shortcode, "" when it is unknown or its URL unsafe.
func (e *emojifier) img(code string) string {
	if m, ok := e.imgs[code]; ok {
		return m
	}
	m := ""
	if em, ok := e.emojis[code]; ok {
		m = emojiMarkup(code, em)
	}
	e.imgs[code] = m
	return m
}

// emojiMarkup is the markup of one emoji, "" when its URL is not an http(s) URL.
func emojiMarkup(code string, em Emoji) string {
	src, ok := linkURL(em.URL)
	if !ok {
		return ""
	}
	alt := html.EscapeString(":" + code + ":")
	img := `<img class="emoji" src="` + html.EscapeString(src) + `" alt="` + alt + `" title="` + alt + `" draggable="false">`
	still, ok := linkURL(em.StaticURL)
	// A comma would split the srcset into candidates: such a still image is left out.
	if !ok || still == src || strings.Contains(still, ",") {
		return img
	}
	return `<picture><source media="(prefers-reduced-motion: reduce)" srcset="` + html.EscapeString(still) + `">` +
		img + `</picture>`
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isShortcodeChar reports whether c may be part of a shortcode: ASCII letters, digits, '_'
// and, for other servers' emoji, '-' and '+'.
func isShortcodeChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '+'
}
