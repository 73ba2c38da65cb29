package markup

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Attributes the output may carry, per element. Elements not listed here
// but in plainSet may carry none.
var outputAttrs = map[string]map[string]bool{
	"a":    {"href": true, "class": true, "title": true, "rel": true, "target": true},
	"span": {"class": true},
	"img":  {"src": true, "alt": true, "title": true, "class": true, "width": true, "height": true},
}

// browserURL approximates what a browser does to an attribute URL before
// looking at its scheme: strip leading and trailing C0 controls and spaces,
// remove tabs and newlines anywhere, lower-case.
func browserURL(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	return strings.ToLower(v)
}

// htmlProblems checks the safety invariants of Sanitize and Format output
// and returns what is wrong with out (nothing when it is safe):
// no "<script" anywhere; only allowlisted elements and attributes; no on*
// attributes; href only http, https or mailto, src only http or https,
// judged on the decoded value; rel forced on links; img only as emoji;
// no comments or doctypes; every tag closed in order.
func htmlProblems(out string) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if strings.Contains(strings.ToLower(out), "<script") {
		bad("contains <script")
	}
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				bad("tokenizer: %v", z.Err())
			}
			if len(stack) > 0 {
				bad("unclosed %v", stack)
			}
			return probs
		case html.CommentToken, html.DoctypeToken:
			bad("comment or doctype %q", z.Raw())
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			name := tok.Data
			if !plainSet[name] && outputAttrs[name] == nil {
				bad("element %q not allowed", name)
			}
			seen := map[string]bool{}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					bad("event handler attribute %q", a.Key)
				}
				if !outputAttrs[name][key] {
					bad("attribute %q not allowed on %q", a.Key, name)
				}
				if seen[key] {
					bad("duplicate attribute %q", key)
				}
				seen[key] = true
				v := browserURL(a.Val)
				switch key {
				case "href":
					if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "mailto:") {
						bad("href scheme %q", a.Val)
					}
				case "src":
					if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
						bad("src scheme %q", a.Val)
					}
				}
			}
			switch name {
			case "a":
				if !seen["href"] {
					bad("a without href")
				}
				if rel := attrOf(tok, "rel"); rel != relLink {
					bad("a rel=%q", rel)
				}
				if tg, ok := attrOK(tok, "target"); ok && tg != "_blank" {
					bad("a target=%q", tg)
				}
				checkClasses(bad, tok, linkClasses)
			case "span":
				checkClasses(bad, tok, spanClasses)
			case "img":
				if attrOf(tok, "class") != "emoji" || !seen["src"] || !shortcode.MatchString(attrOf(tok, "alt")) {
					bad("img is not a proper emoji: %q", z.Raw())
				}
			}
			if name != "br" && name != "img" {
				if tt == html.SelfClosingTagToken {
					bad("self-closing %q", name)
				}
				stack = append(stack, name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				bad("end tag %q does not close %v", name, stack)
				continue
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func checkClasses(bad func(string, ...any), tok html.Token, allowed map[string]bool) {
	v, ok := attrOK(tok, "class")
	if !ok {
		return
	}
	if strings.TrimSpace(v) == "" {
		bad("empty class on %q", tok.Data)
	}
	for _, c := range strings.Fields(v) {
		if !allowed[c] {
			bad("class %q not allowed on %q", c, tok.Data)
		}
	}
}

func attrOK(tok html.Token, key string) (string, bool) {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(tok html.Token, key string) string {
	v, _ := attrOK(tok, key)
	return v
}

// assertSafe fails t when out breaks an invariant of htmlProblems.
func assertSafe(t *testing.T, in, out string) {
	t.Helper()
	for _, p := range htmlProblems(out) {
		t.Errorf("unsafe output: %s\n in:  %q\n out: %q", p, in, out)
	}
}

// attrValues returns every decoded attribute value of out, in order.
func attrValues(out string) []string {
	var list []string
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return list
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				list = append(list, a.Val)
			}
		}
	}
}

// hrefs returns the decoded href values of out, in order.
func hrefs(out string) []string {
	var list []string
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return list
		case html.StartTagToken:
			if v, ok := attrOK(z.Token(), "href"); ok {
				list = append(list, v)
			}
		}
	}
}

// TestHTMLProblems makes sure the invariant checker itself catches what it
// is meant to catch; otherwise every test built on it could pass vacuously.
func TestHTMLProblems(t *testing.T) {
	bad := []string{
		`<script>x</script>`,
		`<SCRIPT>`,
		`<a href="javascript:alert(1)" rel="nofollow noopener noreferrer">x</a>`,
		`<a href=" JaVa&#x09;ScRiPt:alert(1)" rel="nofollow noopener noreferrer">x</a>`,
		`<a href="/relative" rel="nofollow noopener noreferrer">x</a>`,
		`<a href="https://x.test">no rel</a>`,
		`<a href="https://x.test" rel="nofollow noopener noreferrer" onclick="x">x</a>`,
		`<a href="https://x.test" rel="nofollow noopener noreferrer" class="evil">x</a>`,
		`<a href="https://x.test" rel="nofollow noopener noreferrer" target="_top">x</a>`,
		`<img src="https://x.test/a.png" alt=":a:">`,
		`<img src="data:image/png;base64,AAAA" alt=":a:" class="emoji">`,
		`<span style="color:red">x</span>`,
		`<div>x</div>`,
		`<b><i>x</b></i>`,
		`<b>x`,
		`<!-- c -->`,
		`<p/>`,
	}
	for _, in := range bad {
		t.Run(in, func(t *testing.T) {
			if len(htmlProblems(in)) == 0 {
				t.Errorf("htmlProblems(%q) found nothing", in)
			}
		})
	}
	good := []string{
		``,
		`plain &lt;text&gt;`,
		`<p>a<br>b</p>`,
		`<span class="h-card"><a href="https://x.test/@a" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">@<span>a</span></a></span>`,
		`<a href="mailto:a@x.test" rel="nofollow noopener noreferrer">m</a>`,
		`<img src="https://x.test/e.png" alt=":e:" class="emoji">`,
	}
	for _, in := range good {
		t.Run(in, func(t *testing.T) {
			if p := htmlProblems(in); len(p) != 0 {
				t.Errorf("htmlProblems(%q) = %v, want none", in, p)
			}
		})
	}
}
