package markup

import (
	"crypto/sha256"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Elements allowed without any attribute.
var plainElements = []string{
	"p", "br", "blockquote", "pre", "code", "strong", "em", "b", "i", "u",
	"s", "small", "sub", "sup", "del", "ul", "ol", "li",
}

// Elements removed together with everything inside them. Every other
// disallowed element is removed but its text is kept. Void elements (embed,
// frame) must not be listed: bluemonday would wait for their end tag and
// skip the rest of the document.
var skipContentElements = []string{
	"script", "style", "iframe", "object", "applet", "frameset", "noscript",
	"noembed", "noframes", "template", "svg", "math", "textarea", "select",
	"title",
}

var (
	// classValue restricts class attributes to token characters in the
	// bluemonday layer; the renderer then keeps only allowlisted tokens.
	classValue = regexp.MustCompile(`^[A-Za-z0-9_\- \t\n\f\r]*$`)
	// shortcode is the shape of a custom emoji's alt and title.
	shortcode = regexp.MustCompile(`^:[A-Za-z0-9_+\-]{1,100}:$`)
	// dimension is the shape of img width and height.
	dimension   = regexp.MustCompile(`^[0-9]{1,4}$`)
	targetBlank = regexp.MustCompile(`^_blank$`)
)

// policy is the bluemonday layer. A bluemonday policy is safe for concurrent
// use once built.
var policy = newPolicy()

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(plainElements...)
	p.AllowElements("span")
	p.AllowAttrs("class").Matching(classValue).OnElements("a", "span", "img")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("target").Matching(targetBlank).OnElements("a")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt", "title").Matching(shortcode).OnElements("img")
	p.AllowAttrs("width", "height").Matching(dimension).OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.SkipElementsContent(skipContentElements...)
	return p
}

// Sanitize cleans remote HTML (from other servers) down to this allowlist:
//
//   - a: href (absolute http, https or mailto URLs only), title,
//     target="_blank", class tokens mention, mention-link, u-url, hashtag
//     and h-card; rel is always "nofollow noopener noreferrer". A link
//     without a usable href is replaced by its content.
//   - span: class tokens h-card, invisible, ellipsis, mention and hashtag.
//   - img, only as a custom emoji: class "emoji" is required, src must be an
//     absolute http(s) URL, alt or title must look like ":shortcode:"
//     (alt is filled from title when missing), width and height must be
//     numbers. Any other img is dropped.
//   - p br blockquote pre code strong em b i u s small sub sup del ul ol li,
//     without attributes.
//
// Other elements are removed but their text is kept, except script, style,
// iframe, object and similar elements (see skipContentElements), which are
// removed with their content. Comments are removed and unclosed tags are
// closed. Other class tokens are dropped one by one.
//
// Sanitize never fails: if anything goes wrong internally, it returns the
// whole input escaped as text.
//
// Results are remembered (see memo): sanitizing the same stored HTML again costs a hash.
func Sanitize(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > memoMaxInput {
		out, _ := sanitize(s)
		return out
	}
	k := sha256.Sum256([]byte(s))
	if out, ok := sanitized.get(k); ok {
		return out
	}
	out, ok := sanitize(s)
	if ok {
		sanitized.put(k, out)
	}
	return out
}

// sanitize is Sanitize without the memo; ok is false when it fell back to escaping.
func sanitize(s string) (out string, ok bool) {
	in := strings.ToValidUTF8(s, "\uFFFD")
	defer func() {
		if r := recover(); r != nil {
			onFallback(r)
			out, ok = html.EscapeString(in), false
		}
	}()
	var b strings.Builder
	if err := policy.SanitizeReaderToWriter(strings.NewReader(prepass(in)), &b); err != nil {
		onFallback(err)
		return html.EscapeString(in), false
	}
	out, err := postpass(b.String())
	if err != nil {
		onFallback(err)
		return html.EscapeString(in), false
	}
	return out, true
}

// Test hooks: postpass is the second layer, onFallback is told why Sanitize
// fell back to escaping (tests and fuzzers use it to catch hidden panics).
var (
	postpass   = normalize
	onFallback = func(reason any) {}
)
