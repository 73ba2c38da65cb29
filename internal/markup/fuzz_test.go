package markup

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var sanitizeSeeds = []string{
	``,
	`<p>Hello <span class="h-card"><a href="https://x.test/@bob" class="u-url mention">@<span>bob</span></a></span></p>`,
	`<script>alert(1)</script>`,
	`<script/>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<img class="emoji" alt=":a:" title=":a:" src="https://x.test/a.png" width="16" height="16">`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="java&#x09;script:alert(1)">x</a>`,
	`<a href="&#106;avascript:alert(1)">x</a>`,
	`<a href="&amp;#106;avascript:alert(1)">x</a>`,
	`<a href="data:text/html,x">x</a><a href="vbscript:x">y</a>`,
	`<svg onload=alert(1)>`,
	`<a href="https://ok.test/?a=1&amp;b=2" onclick="x" class="mention evil" target="_blank" title="t">ok</a>`,
	`<b><i>x`,
	`<scr<script>ipt>alert(1)</script>`,
	`<iframe src=x></iframe><form><input></form><meta http-equiv=refresh content=0><base href=x>`,
	`<div>hi</div><h1>t</h1><!-- c --><p>a<p>b<ul><li>x<li>y</ul>`,
	"<pre>\n\nx</pre><blockquote><code>&lt;</code></blockquote>",
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`</iframe>a<iframe>b</iframe>c<select><option>d</select>e`,
	`<a href="mailto:a@b.test">m</a><a href="https://x.test/ü">u</a>`,
	`<span class="invisible">https://</span><span class="ellipsis">x</span>`,
}

// FuzzSanitize checks Sanitize's invariants on arbitrary input: it never
// falls back (a fallback would hide a panic), its output passes every
// htmlProblems check (no <script, no on* attribute, only http/https/mailto
// hrefs and http/https srcs after decoding, allowlisted markup only, all
// tags closed), and it is idempotent.
func FuzzSanitize(f *testing.F) {
	for _, s := range sanitizeSeeds {
		f.Add(s)
	}
	var fell []any
	saved := onFallback
	f.Cleanup(func() { onFallback = saved })
	onFallback = func(r any) { fell = append(fell, r) }
	f.Fuzz(func(t *testing.T, in string) {
		fell = nil
		out := Sanitize(in)
		if len(fell) > 0 {
			t.Fatalf("Sanitize(%q) fell back: %v", in, fell)
		}
		assertSafe(t, in, out)
		// The second layer alone must be safe too (defense in depth).
		if alone, err := normalize(in); err != nil {
			t.Errorf("normalize(%q): %v", in, err)
		} else {
			assertSafe(t, in, alone)
		}
		if again := Sanitize(out); again != out {
			t.Errorf("not idempotent:\n in:    %q\n once:  %q\n twice: %q", in, out, again)
		}
		StripTags(in)
		StripTags(out)
		if !mentionsSkipped(in) {
			if p := prepass(in); p != in {
				t.Errorf("prepass changed input without skipped elements:\n in:  %q\n out: %q", in, p)
			}
		}
	})
}

func mentionsSkipped(s string) bool {
	s = strings.ToLower(s)
	for name := range skipContentSet {
		if strings.Contains(s, name) {
			return true
		}
	}
	return false
}

var formatSeeds = []string{
	``,
	"Hi @alice & @bob@remote.test <3\nread https://x.test/?a=1&b=2, it's #Great!\n\n#café @nobody",
	`<b>hi</b> <script>alert(1)</script> "q" 'a'`,
	`(https://x.test/Go_(lang)). https://x.test/#frag &#39; a#b #tag- #日本語 #हिन्दी`,
	`@carol@127.0.0.1:4721 x@@y bob@example.com https://x.test/@alice`,
	"a\r\n\r\nb\rc\x00\xff",
	`javascript:alert(1) data:text/html,x www.x.test HTTPS://X.TEST/`,
	"https://x.test/a\u202Egnp.exe",
	`https://example.com/a/very/long/path/that/goes/on/and/on?x=1&y=<2>`,
}

// fuzzOptions resolves local mentions only (remote ones would display as
// @nick without their domain, which the text check below cannot follow).
func fuzzOptions() FormatOptions {
	return FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			if domain != "" {
				return "", false
			}
			return "https://local.test/@" + nick, true
		},
		HashtagURL: func(tag string) string { return "https://local.test/tags/" + tag },
	}
}

var nickRE = regexp.MustCompile(`^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$`)

// FuzzFormat checks Format's invariants on arbitrary text: the HTML is
// safe (htmlProblems), Sanitize had nothing to remove (Format only writes
// allowlisted, canonical markup), every word of the input survives in the
// visible text, and hashtags and mentions are consistent with the rules.
func FuzzFormat(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add(s)
	}
	var fell []any
	saved := onFallback
	f.Cleanup(func() { onFallback = saved })
	onFallback = func(r any) { fell = append(fell, r) }
	f.Fuzz(func(t *testing.T, in string) {
		fell = nil
		opt := fuzzOptions()
		got := Format(in, opt)
		if len(fell) > 0 {
			t.Fatalf("Format(%q) fell back: %v", in, fell)
		}
		assertSafe(t, in, got.HTML)

		fm := formatter{opt: opt, mentions: map[string]string{}, tags: map[string]bool{}}
		if raw := fm.html(cleanText(in)); raw != got.HTML {
			t.Errorf("Sanitize changed Format's markup:\n in:  %q\n raw: %q\n out: %q", in, raw, got.HTML)
		}

		text := StripTags(got.HTML)
		for _, word := range strings.Fields(cleanText(in)) {
			if !strings.Contains(text, word) {
				t.Errorf("word %q lost:\n in:   %q\n html: %q\n text: %q", word, in, got.HTML, text)
			}
		}

		if h := Hashtags(in); !reflect.DeepEqual(h, got.Hashtags) {
			t.Errorf("Hashtags(%q) = %q, Format found %q", in, h, got.Hashtags)
		}
		seen := map[string]bool{}
		for _, tag := range got.Hashtags {
			if n, ok := NormalizeHashtag(tag); !ok || n != tag || seen[tag] {
				t.Errorf("bad or repeated tag %q (normalized %q, %v)", tag, n, ok)
			}
			seen[tag] = true
		}
		seen = map[string]bool{}
		for _, m := range got.Mentions {
			key := strings.ToLower(m.Nick) + "@" + m.Domain
			if !nickRE.MatchString(m.Nick) || m.Domain != strings.ToLower(m.Domain) || seen[key] {
				t.Errorf("bad or repeated mention %+v", m)
			}
			seen[key] = true
			if m.Resolved != (m.Domain == "") {
				t.Errorf("mention %+v: resolved state does not match the resolver", m)
			}
		}
	})
}
