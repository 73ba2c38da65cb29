package markup

import (
	"strings"

	"golang.org/x/net/html"
)

// Elements whose content is not text a reader would see.
var stripSkip = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true,
	"object": true, "noscript": true, "noembed": true, "noframes": true,
	"title": true,
}

// Block elements that start and end a line in the plain text.
var stripBlock = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true,
	"blockquote": true, "pre": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "tr": true, "table": true,
	"dd": true, "dt": true, "dl": true,
}

// StripTags returns the plain text of HTML, for summaries, search and
// notifications: tags are removed, entities are decoded once ("&amp;lt;"
// gives "&lt;"), <br> becomes a newline and so do </p> and the boundaries of
// other block elements (without doubling newlines). A custom emoji img is
// replaced by its ":shortcode:" alt text. The content of script, style and
// similar elements is dropped, and leading and trailing newlines are
// trimmed.
//
// The result is plain text, NOT HTML: it must be escaped again before
// being put in a page.
func StripTags(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	skip := 0 // depth inside skipped elements
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Trim(strings.ToValidUTF8(b.String(), "\uFFFD"), "\n")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			// TagName must only be called on tag tokens: it lower-cases
			// the token's bytes in place.
			name, hasAttr := z.TagName()
			tag := string(name)
			switch {
			case stripSkip[tag]:
				// Also for "<script/>": the tokenizer reads what follows
				// as script text all the same.
				skip++
			case skip > 0:
			case tag == "br":
				b.WriteByte('\n')
			case tag == "img" && hasAttr:
				b.WriteString(imgAlt(z))
			case stripBlock[tag]:
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case stripSkip[tag]:
				if skip > 0 {
					skip--
				}
			case skip > 0:
			case tag == "br":
				// "</br>" is parsed as <br> by browsers.
				b.WriteByte('\n')
			case stripBlock[tag]:
				newline()
			}
		}
	}
}

// imgAlt returns the alt attribute of the current img token when it looks
// like a custom emoji shortcode.
func imgAlt(z *html.Tokenizer) string {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "alt" && shortcode.Match(val) {
			return string(val)
		}
		if !more {
			return ""
		}
	}
}
