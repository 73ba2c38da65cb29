package markup

import (
	"strings"

	"golang.org/x/net/html"
)

// prepass works around two quirks of bluemonday's content skipping, so that
// script, style, iframe, object and the like really lose their content. It
// copies the token stream byte for byte (html.Tokenizer.Raw) except that:
//
//   - a self-closing start tag of a skipped element ("<script/>") is
//     rewritten as a plain start tag. Browsers ignore the "/" on these
//     elements and so does the tokenizer (what follows is script text), but
//     bluemonday only starts skipping on a plain start tag.
//   - an end tag of a skipped element that closes nothing ("</iframe>" with
//     no open iframe) is dropped: bluemonday's counter would go negative
//     and then swallow the rest of the document.
//
// Neither change affects how the following bytes are tokenized, so
// bluemonday sees the same stream otherwise. svg and math are left alone:
// they are foreign elements where "<svg/>" really is self-closing.
func prepass(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	open := map[string]int{}
	for {
		tt := z.Next()
		// Copy: TagName lower-cases the name in the buffer Raw points to.
		raw := string(z.Raw())
		switch tt {
		case html.ErrorToken:
			b.WriteString(raw)
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if !skipContentSet[tag] {
				break
			}
			if tt == html.SelfClosingTagToken {
				if tag == "svg" || tag == "math" {
					// Really self-closing; bluemonday does not count it.
					break
				}
				open[tag]++
				b.WriteString(raw[:len(raw)-2])
				b.WriteString(" >")
				continue
			}
			open[tag]++
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipContentSet[tag] {
				if open[tag] == 0 {
					continue
				}
				open[tag]--
			}
		}
		b.WriteString(raw)
	}
}
