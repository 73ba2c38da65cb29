package markup

import (
	"strings"
	"testing"
	"time"
)

var testEmojis = map[string]Emoji{
	"blob":   {URL: "https://x.test/blob.png"},
	"a":      {URL: "https://x.test/a.png", StaticURL: "https://x.test/a.png"},
	"b":      {URL: "http://x.test/b.png"},
	"js":     {URL: "javascript:alert(1)"},
	"data":   {URL: "data:image/png;base64,AAAA"},
	"quote":  {URL: `https://x.test/"><script>alert(1)</script>.png`},
	"tab":    {URL: "java\tscript:alert(1)"},
	"rel":    {URL: "//x.test/rel.png"},
	"moving": {URL: "https://x.test/m.gif", StaticURL: "https://x.test/m.png"},
	"badsta": {URL: "https://x.test/s.gif", StaticURL: "javascript:alert(1)"},
}

func img(code, src string) string {
	return `<img class="emoji" src="` + src + `" alt=":` + code + `:" title=":` + code + `:" draggable="false">`
}

func TestEmojify(t *testing.T) {
	blob, a, b := img("blob", "https://x.test/blob.png"), img("a", "https://x.test/a.png"), img("b", "http://x.test/b.png")
	moving := `<picture><source media="(prefers-reduced-motion: reduce)" srcset="https://x.test/m.png">` +
		img("moving", "https://x.test/m.gif") + `</picture>`
	for _, tc := range []struct{ name, in, want string }{
		{"plain", `hi :blob:`, `hi ` + blob},
		{"paragraph", `<p>:blob: hi</p>`, `<p>` + blob + ` hi</p>`},
		{"adjacent", `:a::b:`, a + b},
		{"three adjacent", `:a::a::a:`, a + a + a},
		{"unknown stays", `:nope: and :blob:`, `:nope: and ` + blob},
		{"unknown between", `:nope:blob:`, `:nope:blob:`},
		{"word before", `x:blob:`, `x:blob:`},
		{"word after", `:blob:x`, `:blob:x`},
		{"time", `12:30:45`, `12:30:45`},
		{"punctuation", `(:blob:), "x"`, `(` + blob + `), "x"`},
		{"entity before", `&amp;:blob:&lt;`, `&amp;` + blob + `&lt;`},
		{"escaped colon", `&#58;blob&#58;`, `&#58;blob&#58;`},
		{"empty", `::`, `::`},
		{"too long", ":" + strings.Repeat("a", 65) + ":", ":" + strings.Repeat("a", 65) + ":"},
		{"in attribute", `<a href="https://x.test/:blob:" title=":blob:" rel="nofollow noopener noreferrer">:blob:</a>`,
			`<a href="https://x.test/:blob:" title=":blob:" rel="nofollow noopener noreferrer">` + blob + `</a>`},
		{"link href only", `<a href="https://x.test/:blob:">link</a>`, `<a href="https://x.test/:blob:">link</a>`},
		{"in img alt", `<img class="emoji" alt=":blob:" src="https://x.test/y.png">`, `<img class="emoji" alt=":blob:" src="https://x.test/y.png">`},
		{"in code", `<code>:blob:</code> :blob:`, `<code>:blob:</code> ` + blob},
		{"in pre code", `<pre><code>:blob:</code> :blob:</pre>:blob:`, `<pre><code>:blob:</code> :blob:</pre>` + blob},
		{"in comment", `<!-- :blob: -->`, `<!-- :blob: -->`},
		{"javascript url", `:js:`, `:js:`},
		{"data url", `:data:`, `:data:`},
		{"tab url", `:tab:`, `:tab:`},
		{"relative url", `:rel:`, `:rel:`},
		{"quote in url", `:quote:`, img("quote", `https://x.test/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E.png`)},
		{"animated", `:moving:`, moving},
		{"unsafe still", `:badsta:`, img("badsta", "https://x.test/s.gif")},
		{"no colon", `<p>hello</p>`, `<p>hello</p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Emojify(tc.in, testEmojis); got != tc.want {
				t.Errorf("Emojify(%q)\n got  %q\n want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEmojifyNoEmojis(t *testing.T) {
	if got := Emojify(`:blob:`, nil); got != `:blob:` {
		t.Errorf("got %q", got)
	}
}

func TestEmojifyBounded(t *testing.T) {
	in := strings.Repeat(":a: ", 150)
	out := Emojify(in, testEmojis)
	if n := strings.Count(out, "<img"); n != maxEmojiImages {
		t.Errorf("%d images, want %d", n, maxEmojiImages)
	}
	if n := strings.Count(out, ":a: "); n != 50 {
		t.Errorf("%d shortcodes left as text, want 50", n)
	}
}

// TestEmojifySanitized runs Emojify on Sanitize and Format output and checks the result with
// the safety checks of Sanitize's tests.
func TestEmojifySanitized(t *testing.T) {
	for _, in := range []string{
		Sanitize(`<p>:blob: <a href="https://x.test/:blob:">:a:</a> <code>:b:</code></p>`),
		Sanitize(`<p><img class="emoji" alt=":blob:" title=":blob:" src="https://x.test/blob.png"> :quote:</p>`),
		Format("look :blob::a: at https://x.test/:blob: and #tag :js: :data:", FormatOptions{}).HTML,
	} {
		out := Emojify(in, testEmojis)
		if !strings.Contains(out, `<img class="emoji"`) {
			t.Errorf("no emoji in %q", out)
		}
		assertSafe(t, in, strings.ReplaceAll(out, ` draggable="false"`, ""))
		if back := unemojify(out); back != in {
			t.Errorf("beyond the images, Emojify changed\n %q\n into %q", in, back)
		}
	}
}

// unemojify replaces the images Emojify writes with their :shortcode:.
func unemojify(s string) string {
	for code, e := range testEmojis {
		if m := emojiMarkup(code, e); m != "" {
			s = strings.ReplaceAll(s, m, ":"+code+":")
		}
	}
	return s
}

// FuzzEmojify checks on Sanitize output, and on any text, that Emojify only ever replaces
// text :shortcode:s by their images (taking the images out gives back its input) and that
// its output passes Sanitize's safety checks.
func FuzzEmojify(f *testing.F) {
	for _, s := range sanitizeSeeds {
		f.Add(s)
	}
	for _, s := range []string{`:a::b:`, `<a href=":blob:">:blob:</a>`, `<code>:a:</code>:a:`, `:moving: :js: :quote:`,
		`<p title=":a:">:a:</p>`, `&amp;:a:&#58;b:`} {
		f.Add(s)
	}
	still := map[string]Emoji{}
	for code, e := range testEmojis {
		if e.StaticURL == "" || e.StaticURL == e.URL {
			still[code] = e
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		safe := Sanitize(in)
		out := Emojify(safe, still)
		assertSafe(t, safe, strings.ReplaceAll(out, ` draggable="false"`, ""))
		if back := unemojify(out); back != safe {
			t.Fatalf("Emojify(%q) changed more than shortcodes: %q", safe, out)
		}
		// Any input, safe or not: still only text changes (unless it holds our markup already).
		if back := unemojify(Emojify(in, testEmojis)); back != in && !strings.Contains(in, "draggable") {
			t.Fatalf("Emojify(%q) changed more than shortcodes: %q", in, back)
		}
	})
}

// TestEmojifyLargeInput runs Emojify on large adversarial texts: colons only, near-shortcodes
// just too long, and many known ones (past the cap); the work is linear in the input.
func TestEmojifyLargeInput(t *testing.T) {
	for _, in := range []string{
		strings.Repeat(":", 1<<20),
		strings.Repeat(":"+strings.Repeat("a", 64), 1<<14),
		strings.Repeat(":a:", 1<<18),
		strings.Repeat("<p>:a", 1<<16),
	} {
		start := time.Now()
		out := Emojify(in, testEmojis)
		if n := strings.Count(out, "<img"); n > maxEmojiImages {
			t.Errorf("%d images", n)
		}
		t.Logf("%d bytes in %v", len(in), time.Since(start))
	}
}
