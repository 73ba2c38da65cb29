package markup

import (
	"errors"
	"strings"
	"testing"
)

const rel = `rel="nofollow noopener noreferrer"`

// TestSanitizeXSS feeds known XSS tricks to Sanitize. Every output must be
// safe (htmlProblems), must not contain "javascript:" or the other listed
// strings in any decoded attribute value, and must equal want exactly.
func TestSanitizeXSS(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"script", `a<script>alert(1)</script>b`, `ab`},
		{"script uppercase", `<SCRIPT SRC=//evil.test/x.js></SCRIPT>ok`, `ok`},
		{"script self-closing keeps no content", `<script/>alert(1)</script>ok`, `ok`},
		{"script unclosed", `ok<script>alert(1)`, `ok`},
		{"nested script name", `<scr<script>ipt>alert(1)</script>`, `ipt&gt;alert(1)`},
		{"img onerror", `<img src=x onerror=alert(1)>`, ``},
		{"img onerror with emoji class", `<img class="emoji" alt=":a:" src="https://x.test/a.png" onerror="alert(1)">`,
			`<img src="https://x.test/a.png" alt=":a:" class="emoji">`},
		{"href javascript", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"href mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, `x`},
		{"href tab entity", `<a href="java&#x09;script:alert(1)">x</a>`, `x`},
		{"href newline entity", `<a href="java&#10;script:alert(1)">x</a>`, `x`},
		{"href raw tab", "<a href=\"java\tscript:alert(1)\">x</a>", `x`},
		{"href decimal entity", `<a href="&#106;avascript:alert(1)">x</a>`, `x`},
		{"href hex entity no semicolon", `<a href="&#x6A&#x61vascript:alert(1)">x</a>`, `x`},
		{"href leading space", `<a href=" javascript:alert(1)">x</a>`, `x`},
		{"href leading control", "<a href=\"\x01javascript:alert(1)\">x</a>", `x`},
		{"href double escaped entity", `<a href="&amp;#106;avascript:alert(1)">x</a>`, `x`},
		{"href named entity colon", `<a href="javascript&colon;alert(1)">x</a>`, `x`},
		{"href data", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, `x`},
		{"href vbscript", `<a href="vbscript:msgbox(1)">x</a>`, `x`},
		{"href relative", `<a href="/path">x</a>`, `x`},
		{"href scheme-relative", `<a href="//evil.test/">x</a>`, `x`},
		{"href unquoted javascript", `<a href=javascript:alert(1)>x</a>`, `x`},
		{"svg onload", `<svg onload=alert(1)><circle r="1"/></svg>ok`, `ok`},
		{"svg script", `<svg><script>alert(1)</script></svg>ok`, `ok`},
		{"math", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ``},
		{"onclick on good link", `<a href="https://ok.test/" onclick="alert(1)">ok</a>`,
			`<a href="https://ok.test/" ` + rel + ` target="_blank">ok</a>`},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, `<p>x</p>`},
		{"style element", `<style>body{background:url("javascript:alert(1)")}</style>ok`, `ok`},
		{"unclosed b i", `<b><i>x`, `<b><i>x</i></b>`},
		{"misnested b i", `<b><i>x</b>y</i>`, `<b><i>x</i></b><i>y</i>`},
		{"emoji javascript src", `<img class="emoji" alt=":a:" src="javascript:alert(1)">`, ``},
		{"emoji data src", `<img class="emoji" alt=":a:" src="data:image/svg+xml,<svg onload=alert(1)>">`, ``},
		{"img without emoji class", `<img src="https://x.test/a.png" alt=":a:">`, ``},
		{"iframe", `<iframe src="https://evil.test/">inside</iframe>ok`, `ok`},
		{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>ok`, `ok`},
		{"object", `<object data="javascript:alert(1)">fallback</object>ok`, `ok`},
		{"embed", `<embed src="javascript:alert(1)">ok`, `ok`},
		{"form", `<form action="javascript:alert(1)"><input name=x value=v><button formaction="javascript:alert(1)">go</button></form>`, `go`},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">ok`, `ok`},
		{"base href", `<base href="javascript:alert(1)//"><a href="https://ok.test/">ok</a>`,
			`<a href="https://ok.test/" ` + rel + ` target="_blank">ok</a>`},
		{"link stylesheet", `<link rel=stylesheet href="https://evil.test/x.css">ok`, `ok`},
		{"comment", `a<!-- <script>alert(1)</script> -->b`, `ab`},
		{"conditional comment", `<!--[if IE]><script>alert(1)</script><![endif]-->ok`, `ok`},
		{"noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>ok`, `&#34;&gt;ok`},
		{"textarea breakout", `<textarea></textarea><script>alert(1)</script></textarea>ok`, `ok`},
		{"title breakout", `<title><img src=x onerror=alert(1)></title>ok`, `ok`},
		{"stray iframe end tag does not swallow", `a</iframe>b<iframe>c</iframe>d`, `abd`},
		{"attribute breakout", `<a href="https://ok.test/" title='"><script>alert(1)</script>'>x</a>`,
			`<a href="https://ok.test/" title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" ` + rel + ` target="_blank">x</a>`},
		{"escaped text stays escaped", `&lt;script&gt;alert(1)&lt;/script&gt;`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"double escaped text stays double escaped", `&amp;lt;b&amp;gt;`, `&amp;lt;b&amp;gt;`},
		{"class with forbidden tokens", `<span class="invisible evil h-card">x</span>`, `<span class="invisible h-card">x</span>`},
		{"class with odd characters dropped", `<span class="h-card&quot; onclick=&quot;x">x</span>`, `<span>x</span>`},
		{"target other than _blank", `<a href="https://ok.test/" target="_parent">x</a>`,
			`<a href="https://ok.test/" ` + rel + ` target="_blank">x</a>`},
		{"rel cannot be chosen", `<a href="https://ok.test/" rel="me opener">x</a>`,
			`<a href="https://ok.test/" ` + rel + ` target="_blank">x</a>`},
		{"xmp", `<xmp><script>alert(1)</script></xmp>`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"plaintext", `<plaintext><script>alert(1)`, `&lt;script&gt;alert(1)`},
		{"NUL in tag name", "<scr\x00ipt>alert(1)</scr\x00ipt>", `alert(1)`},
		{"invalid UTF-8", "<b>\xff</b>", "<b>\uFFFD</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			assertSafe(t, tt.in, got)
			for _, v := range attrValues(got) {
				v = browserURL(v)
				for _, s := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.Contains(v, s) {
						t.Errorf("attribute value %q contains %q", v, s)
					}
				}
			}
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSanitizeKeeps checks that allowed markup survives, in Mastodon's and
// Pleroma's shapes, and that disallowed elements keep their text.
func TestSanitizeKeeps(t *testing.T) {
	mention := `<span class="h-card"><a href="https://x.test/@bob" class="u-url mention" ` + rel + ` target="_blank">@<span>bob</span></a></span>`
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", ``, ``},
		{"plain text", `a < b & c`, `a &lt; b &amp; c`},
		{"paragraphs and br", `<p>a<br>b</p><p>c<br/>d</p>`, `<p>a<br>b</p><p>c<br>d</p>`},
		{"mastodon mention", `<p><span class="h-card" translate="no"><a href="https://x.test/@bob" class="u-url mention">@<span>bob</span></a></span> hi</p>`,
			`<p>` + mention + ` hi</p>`},
		{"mention link with forced rel", `<span class="h-card"><a href="https://x.test/@bob" class="u-url mention" rel="tag noopener" target="_blank">@<span>bob</span></a></span>`,
			mention},
		{"pleroma mention", `<span class="h-card"><a class="u-url mention" data-user="9x" href="https://x.test/users/bob" rel="ugc">@<span>bob</span></a></span>`,
			`<span class="h-card"><a href="https://x.test/users/bob" class="u-url mention" ` + rel + ` target="_blank">@<span>bob</span></a></span>`},
		{"hashtag", `<a href="https://x.test/tags/go" class="mention hashtag" rel="tag">#<span>Go</span></a>`,
			`<a href="https://x.test/tags/go" class="mention hashtag" ` + rel + ` target="_blank">#<span>Go</span></a>`},
		{"link display spans", `<a href="https://x.test/a"><span class="invisible">https://</span><span class="ellipsis">x.test/a</span><span class="invisible"></span></a>`,
			`<a href="https://x.test/a" ` + rel + ` target="_blank"><span class="invisible">https://</span><span class="ellipsis">x.test/a</span><span class="invisible"></span></a>`},
		{"mention-link class", `<a href="https://x.test/@a" class="mention-link">@a</a>`,
			`<a href="https://x.test/@a" class="mention-link" ` + rel + ` target="_blank">@a</a>`},
		{"query string ampersand", `<a href="https://x.test/?a=1&amp;b=2">q</a>`,
			`<a href="https://x.test/?a=1&amp;b=2" ` + rel + ` target="_blank">q</a>`},
		{"mailto", `<a href="mailto:bob@x.test">mail</a>`, `<a href="mailto:bob@x.test" ` + rel + `>mail</a>`},
		{"title on link", `<a href="https://x.test/" title="A &amp; B">t</a>`,
			`<a href="https://x.test/" title="A &amp; B" ` + rel + ` target="_blank">t</a>`},
		{"emoji", `<img class="emoji" alt=":blobcat:" title=":blobcat:" src="https://x.test/e/blobcat.png" width="32" height="32">`,
			`<img src="https://x.test/e/blobcat.png" alt=":blobcat:" title=":blobcat:" class="emoji" width="32" height="32">`},
		{"emoji alt from title", `<img class="emoji" title=":blobcat:" src="https://x.test/e.png">`,
			`<img src="https://x.test/e.png" alt=":blobcat:" title=":blobcat:" class="emoji">`},
		{"emoji with other classes and bad size", `<img class="big emoji" alt=":a:" src="https://x.test/e.png" width="100%" height="1e9">`,
			`<img src="https://x.test/e.png" alt=":a:" class="emoji">`},
		{"emoji without shortcode alt dropped", `<img class="emoji" alt="a cat" src="https://x.test/e.png">`, ``},
		{"formatting", `<blockquote><pre><code>x := 1</code></pre></blockquote><strong>s</strong><em>e</em><u>u</u><s>s</s><small>sm</small><sub>1</sub><sup>2</sup><del>d</del>`,
			`<blockquote><pre><code>x := 1</code></pre></blockquote><strong>s</strong><em>e</em><u>u</u><s>s</s><small>sm</small><sub>1</sub><sup>2</sup><del>d</del>`},
		{"lists", `<ul><li>a<li>b</ul><ol start="3"><li value="9">c</li></ol>`, `<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>`},
		{"div keeps text", `<div>hi</div>`, `hi`},
		{"h1 keeps text", `<h1>t</h1>`, `t`},
		{"table keeps text", `<table><tr><td>a</td><td>b</td></tr></table>`, `ab`},
		{"unknown element keeps text", `<marquee>m</marquee><custom-el>c</custom-el>`, `mc`},
		{"link without href unwrapped", `<a name="x" class="mention">x</a>`, `x`},
		{"nested links", `<a href="https://a.test/">a<a href="https://b.test/">b</a></a>`,
			`<a href="https://a.test/" ` + rel + ` target="_blank">a</a><a href="https://b.test/" ` + rel + ` target="_blank">b</a>`},
		{"paragraph auto close", `<p>a<p>b`, `<p>a</p><p>b</p>`},
		{"pre leading newline", "<pre>\n\nx</pre>", "<pre>\n\nx</pre>"},
		{"quotes escaped", `"it's"`, `&#34;it&#39;s&#34;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			assertSafe(t, tt.in, got)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSanitizeIdempotent checks Sanitize(Sanitize(x)) == Sanitize(x): its
// output is a fixed point, so sanitizing stored content again is harmless.
func TestSanitizeIdempotent(t *testing.T) {
	inputs := []string{
		`<p>a<br>b</p>`,
		`<b><i>x</b>y</i>`,
		"<pre>\n\n\nx</pre>",
		`<a href="https://x.test/a b">x</a>`,
		`<a href="https://x.test/ü?q=ä#f">x</a>`,
		`<a href="https://x.test/?a=1&amp;b=2&lt;">x</a>`,
		`<ul><li><p>a<li>b</ul>`,
		`<span class="h-card"><a href="https://x.test/@a" class="u-url mention">@<span>a</span></a></span>`,
		`<img class="emoji" alt=":a:" src="https://x.test/%7Ea.png">`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			once := Sanitize(in)
			if twice := Sanitize(once); twice != once {
				t.Errorf("not idempotent:\n once:  %q\n twice: %q", once, twice)
			}
		})
	}
}

// TestSanitizeFallback checks that an internal failure (an error or a
// panic in the second layer) gives the input escaped as text.
func TestSanitizeFallback(t *testing.T) {
	saved, savedHook := postpass, onFallback
	defer func() { postpass, onFallback = saved, savedHook }()
	var reasons []any
	onFallback = func(r any) { reasons = append(reasons, r) }
	sanitized.reset() // a result remembered by another test would hide the failure
	defer sanitized.reset()

	in := `<b onclick="x">&amp;</b>`
	want := `&lt;b onclick=&#34;x&#34;&gt;&amp;amp;&lt;/b&gt;`
	tests := []struct {
		name string
		post func(string) (string, error)
	}{
		{"error", func(string) (string, error) { return "", errors.New("boom") }},
		{"panic", func(string) (string, error) { panic("boom") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reasons = nil
			postpass = tt.post
			if got := Sanitize(in); got != want {
				t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
			}
			if len(reasons) != 1 {
				t.Errorf("onFallback called %d times, want 1", len(reasons))
			}
		})
	}
}

// TestPrepassIdentity checks that prepass copies input without skipped
// elements unchanged, and rewrites only what it documents.
func TestPrepassIdentity(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p class=x>a &amp; b<br/><!-- c --></p><unclosed`, `<p class=x>a &amp; b<br/><!-- c --></p><unclosed`},
		{`<a href='x'>y</a>&lt;`, `<a href='x'>y</a>&lt;`},
		{`<script/>x</script>`, `<script >x</script>`},
		{`<SCRIPT src="a"/>x`, `<SCRIPT src="a" >x`},
		{`<svg/>x</svg>y`, `<svg/>xy`},
		{`</iframe>a<iframe>b</iframe>`, `a<iframe>b</iframe>`},
		{`<svg/>x`, `<svg/>x`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := prepass(tt.in); got != tt.want {
				t.Errorf("prepass(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeAlone feeds hostile HTML straight into the second layer,
// bypassing bluemonday: it must be a complete allowlist on its own, so that
// a bluemonday bug alone cannot produce unsafe output.
func TestNormalizeAlone(t *testing.T) {
	inputs := append([]string{
		"<a href=\"java\tscript:alert(1)\">x</a>",
		"<a href=\" javascript:alert(1)\">x</a>",
		"<a href=\"\x01javascript:alert(1)\">x</a>",
		`<a href="/relative" onclick="x" rel="opener" target="_top" class="evil mention">x</a>`,
		`<img src="https://x.test/a.png" alt=":a:" onerror="x">`,
		`<img class="emoji" src="javascript:alert(1)" alt=":a:">`,
		`<img class="emoji" src="https://x.test/a.png" alt="not a shortcode">`,
		`<span class="evil" style="x" onmouseover="x">s</span>`,
		`<p onclick="x" style="x" class="c">p</p>`,
		`<svg><a href="javascript:alert(1)"><text>x</text></a></svg>`,
		`<math><a href="javascript:alert(1)">x</a></math>`,
		`<template><script>alert(1)</script></template>`,
		`<noscript><script>alert(1)</script></noscript>`,
		`<plaintext><script>alert(1)`,
		`<table><tr><td><b>x</td></tr></table>`,
	}, sanitizeSeeds...)
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			out, err := normalize(in)
			if err != nil {
				t.Fatal(err)
			}
			assertSafe(t, in, out)
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		in     string
		mailto bool
		want   string
		ok     bool
	}{
		{"https://x.test/a?b=1&c=2#d", false, "https://x.test/a?b=1&c=2#d", true},
		{"HTTP://X.TEST", false, "http://X.TEST", true},
		{"http://127.0.0.1:4721/x", false, "http://127.0.0.1:4721/x", true},
		{"mailto:a@x.test", true, "mailto:a@x.test", true},
		{"mailto:a@x.test", false, "", false},
		{"mailto:", true, "", false},
		{"javascript:alert(1)", true, "", false},
		{"JAVASCRIPT:alert(1)", true, "", false},
		{"java\tscript:alert(1)", true, "", false},
		{"java\nscript:alert(1)", true, "", false},
		{" https://x.test/", false, "", false},
		{"https://x.test/ ", false, "", false},
		{"\x00https://x.test/", false, "", false},
		{"https://x.test/\x7f", false, "", false},
		{"data:text/html,x", true, "", false},
		{"vbscript:x", true, "", false},
		{"ftp://x.test/", true, "", false},
		{"//x.test/", true, "", false},
		{"/path", true, "", false},
		{"https:x.test", false, "", false},
		{"https://", false, "", false},
		{"https://:80/", false, "", false},
		{"https://x.test/%zz", false, "", false},
		{"", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := safeURL(tt.in, tt.mailto)
			if got != tt.want || ok != tt.ok {
				t.Errorf("safeURL(%q, %v) = %q, %v; want %q, %v", tt.in, tt.mailto, got, ok, tt.want, tt.ok)
			}
		})
	}
}
