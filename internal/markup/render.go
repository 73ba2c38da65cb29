package markup

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class tokens kept per element; every other token is dropped.
var (
	linkClasses = map[string]bool{
		"mention": true, "mention-link": true, "u-url": true, "hashtag": true, "h-card": true,
	}
	spanClasses = map[string]bool{
		"h-card": true, "invisible": true, "ellipsis": true, "mention": true, "hashtag": true,
	}
)

var (
	plainSet       = toSet(plainElements)
	skipContentSet = toSet(skipContentElements)
)

func toSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// normalize is the second layer of Sanitize. It parses frag (bluemonday's
// output) with the HTML5 fragment algorithm and renders the tree again,
// writing only allowlisted elements and attributes. The parse closes
// unclosed tags and fixes misnesting exactly as a browser would.
func normalize(frag string) (string, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(frag), body)
	if err != nil {
		return "", err
	}
	return render(nodes), nil
}

// render writes nodes iteratively (so deeply nested input cannot exhaust
// the goroutine stack).
func render(nodes []*html.Node) string {
	type item struct {
		n   *html.Node
		end string // when n is nil: a closing tag to write
	}
	var b strings.Builder
	stack := make([]item, 0, len(nodes))
	for i := len(nodes) - 1; i >= 0; i-- {
		stack = append(stack, item{n: nodes[i]})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n == nil {
			b.WriteString(it.end)
			continue
		}
		n := it.n
		switch n.Type {
		case html.TextNode:
			b.WriteString(html.EscapeString(n.Data))
		case html.ElementNode:
			open, end, descend := element(n)
			b.WriteString(open)
			if end != "" {
				stack = append(stack, item{end: end})
			}
			if descend {
				for c := n.LastChild; c != nil; c = c.PrevSibling {
					stack = append(stack, item{n: c})
				}
			}
		default:
			// Comments, doctypes and anything else are dropped.
		}
	}
	return b.String()
}

// element decides how to write one element: its opening tag, its closing
// tag and whether its children are written. An empty open tag with
// descend=true unwraps the element (keeps its content only).
func element(n *html.Node) (open, end string, descend bool) {
	if n.Namespace != "" {
		// SVG or MathML: never expected after bluemonday; drop it whole.
		return "", "", false
	}
	name := n.Data
	switch {
	case name == "br":
		return "<br>", "", false
	case name == "pre":
		// The parser drops a newline right after <pre>; write one back
		// when the content starts with a newline so that the result
		// parses to the same text.
		open = "<pre>"
		if c := n.FirstChild; c != nil && c.Type == html.TextNode && strings.HasPrefix(c.Data, "\n") {
			open += "\n"
		}
		return open, "</pre>", true
	case plainSet[name]:
		return "<" + name + ">", "</" + name + ">", true
	case name == "span":
		return "<span" + classAttr(attr(n, "class"), spanClasses) + ">", "</span>", true
	case name == "a":
		return anchor(n)
	case name == "img":
		return emoji(n), "", false
	case skipContentSet[name]:
		return "", "", false
	default:
		return "", "", true
	}
}

func anchor(n *html.Node) (open, end string, descend bool) {
	href, ok := safeURL(attr(n, "href"), true)
	if !ok {
		return "", "", true
	}
	var b strings.Builder
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(href))
	b.WriteString(`"`)
	b.WriteString(classAttr(attr(n, "class"), linkClasses))
	if title := attr(n, "title"); title != "" {
		b.WriteString(` title="`)
		b.WriteString(html.EscapeString(title))
		b.WriteString(`"`)
	}
	b.WriteString(` rel="` + relLink + `"`)
	if attr(n, "target") == "_blank" {
		b.WriteString(` target="_blank"`)
	}
	b.WriteString(">")
	return b.String(), "</a>", true
}

// emoji returns the tag for a valid custom emoji img, or "" to drop it.
func emoji(n *html.Node) string {
	if !hasToken(attr(n, "class"), "emoji") {
		return ""
	}
	src, ok := safeURL(attr(n, "src"), false)
	if !ok {
		return ""
	}
	alt := attr(n, "alt")
	if !shortcode.MatchString(alt) {
		alt = ""
	}
	title := attr(n, "title")
	if !shortcode.MatchString(title) {
		title = ""
	}
	if alt == "" {
		alt = title
	}
	if alt == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<img src="`)
	b.WriteString(html.EscapeString(src))
	b.WriteString(`" alt="`)
	b.WriteString(html.EscapeString(alt))
	b.WriteString(`"`)
	if title != "" {
		b.WriteString(` title="`)
		b.WriteString(html.EscapeString(title))
		b.WriteString(`"`)
	}
	b.WriteString(` class="emoji"`)
	for _, key := range []string{"width", "height"} {
		if v := attr(n, key); dimension.MatchString(v) {
			b.WriteString(" " + key + `="` + v + `"`)
		}
	}
	b.WriteString(">")
	return b.String()
}

// attr returns the first value of the non-namespaced attribute key, or ""
// when there is none.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classAttr returns ` class="..."` with the allowed tokens of value, in
// order and without duplicates, or "" when none is left.
func classAttr(value string, allowed map[string]bool) string {
	var kept []string
	for _, tok := range strings.Fields(value) {
		if allowed[tok] && !slices.Contains(kept, tok) {
			kept = append(kept, tok)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	// Tokens come from a fixed allowlist, so they need no escaping.
	return ` class="` + strings.Join(kept, " ") + `"`
}

func hasToken(value, token string) bool {
	return slices.Contains(strings.Fields(value), token)
}
