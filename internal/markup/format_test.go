package markup

import (
	"reflect"
	"strings"
	"testing"
)

// testOptions resolves @alice (local), @bob@remote.test and
// @carol@127.0.0.1:4721, and links hashtags under https://local.test/tags/.
func testOptions() FormatOptions {
	profiles := map[string]string{
		"alice@":               "https://local.test/@alice",
		"bob@remote.test":      "https://remote.test/users/bob",
		"carol@127.0.0.1:4721": "http://127.0.0.1:4721/users/carol",
		"evil@":                "javascript:alert(1)",
		"rel@":                 "/@rel",
		"amp@":                 "https://local.test/u?a=1&b=<2>",
	}
	return FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			u, ok := profiles[strings.ToLower(nick)+"@"+domain]
			return u, ok
		},
		HashtagURL: func(tag string) string { return "https://local.test/tags/" + tag },
	}
}

func link(href, text string) string {
	return `<a href="` + href + `" ` + rel + ` target="_blank"><span class="invisible">https://</span><span>` + text + `</span></a>`
}

func mentionHTML(href, nick string) string {
	return `<span class="h-card"><a href="` + href + `" class="u-url mention" ` + rel + ` target="_blank">@<span>` + nick + `</span></a></span>`
}

func tagHTML(tag, text string) string {
	return `<a href="https://local.test/tags/` + tag + `" class="mention hashtag" ` + rel + ` target="_blank">#<span>` + text + `</span></a>`
}

// formatCase runs one Format table case: exact HTML, safety invariants,
// and that Format never needed its Sanitize safety net (the raw output is
// already a fixed point of Sanitize).
func formatCase(t *testing.T, in string, opt FormatOptions, want string) Formatted {
	t.Helper()
	got := Format(in, opt)
	assertSafe(t, in, got.HTML)
	if got.HTML != want {
		t.Errorf("Format(%q).HTML\n got: %q\nwant: %q", in, got.HTML, want)
	}
	f := formatter{opt: opt, mentions: map[string]string{}, tags: map[string]bool{}}
	if raw := f.html(cleanText(in)); raw != got.HTML {
		t.Errorf("Sanitize changed Format's markup:\n raw: %q\n out: %q", raw, got.HTML)
	}
	return got
}

func TestFormatEscaping(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lt gt", `a < b > c`, `<p>a &lt; b &gt; c</p>`},
		{"amp", `fish & chips &amp; &lt;`, `<p>fish &amp; chips &amp;amp; &amp;lt;</p>`},
		{"quotes", `"double" 'single'`, `<p>&#34;double&#34; &#39;single&#39;</p>`},
		{"html is not markup", `<b>hi</b>`, `<p>&lt;b&gt;hi&lt;/b&gt;</p>`},
		{"script", `<script>alert(1)</script>`, `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`},
		{"img onerror", `<img src=x onerror=alert(1)>`, `<p>&lt;img src=x onerror=alert(1)&gt;</p>`},
		{"entity is text", `&#39; &#x3C;b&#x3E;`, `<p>&amp;#39; &amp;#x3C;b&amp;#x3E;</p>`},
		{"NUL and invalid UTF-8", "a\x00b\xffc", "<p>a\uFFFDb\uFFFDc</p>"},
		{"empty", ``, ``},
		{"only blank lines", "\n \n\t\n", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			formatCase(t, tt.in, testOptions(), tt.want)
		})
	}
}

func TestFormatURLs(t *testing.T) {
	tests := []struct {
		name, in, want string
		hrefs          []string // decoded hrefs, when checked
	}{
		{"query with ampersand", `https://x.test/?a=1&b=2`,
			`<p>` + link(`https://x.test/?a=1&amp;b=2`, `x.test/?a=1&amp;b=2`) + `</p>`,
			[]string{"https://x.test/?a=1&b=2"}},
		{"escaped-looking query", `https://x.test/?a=&lt;b`,
			`<p>` + link(`https://x.test/?a=&amp;lt;b`, `x.test/?a=&amp;lt;b`) + `</p>`,
			[]string{"https://x.test/?a=&lt;b"}},
		{"http", `see http://x.test/a`,
			`<p>see <a href="http://x.test/a" ` + rel + ` target="_blank"><span class="invisible">http://</span><span>x.test/a</span></a></p>`, nil},
		{"www hidden", `https://www.x.test/`,
			`<p><a href="https://www.x.test/" ` + rel + ` target="_blank"><span class="invisible">https://www.</span><span>x.test/</span></a></p>`, nil},
		{"trailing period", `go to https://x.test/a.`, `<p>go to ` + link(`https://x.test/a`, `x.test/a`) + `.</p>`, nil},
		{"trailing punctuation run", `https://x.test/a?!,;:'`, `<p>` + link(`https://x.test/a`, `x.test/a`) + `?!,;:&#39;</p>`, nil},
		{"unbalanced paren", `(https://x.test/a)`, `<p>(` + link(`https://x.test/a`, `x.test/a`) + `)</p>`, nil},
		{"balanced paren", `https://x.test/wiki/Go_(lang)`, `<p>` + link(`https://x.test/wiki/Go_(lang)`, `x.test/wiki/Go_(lang)`) + `</p>`, nil},
		{"balanced paren then period", `(https://x.test/Go_(lang)).`, `<p>(` + link(`https://x.test/Go_(lang)`, `x.test/Go_(lang)`) + `).</p>`, nil},
		{"angle brackets", `<https://x.test/a>`, `<p>&lt;` + link(`https://x.test/a`, `x.test/a`) + `&gt;</p>`, nil},
		{"quote ends URL", `"https://x.test/a"onclick=x`, `<p>&#34;` + link(`https://x.test/a`, `x.test/a`) + `&#34;onclick=x</p>`, nil},
		{"apostrophe inside", `https://x.test/it's`, `<p>` + link(`https://x.test/it&#39;s`, `x.test/it&#39;s`) + `</p>`, nil},
		{"uppercase scheme", `HTTPS://X.TEST/A`,
			`<p><a href="https://X.TEST/A" ` + rel + ` target="_blank"><span class="invisible">HTTPS://</span><span>X.TEST/A</span></a></p>`, nil},
		{"fragment", `https://x.test/#frag`, `<p>` + link(`https://x.test/#frag`, `x.test/#frag`) + `</p>`, nil},
		{"long URL split", `https://example.com/a/very/long/path/that/goes/on?x=1`,
			`<p><a href="https://example.com/a/very/long/path/that/goes/on?x=1" ` + rel + ` target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">hat/goes/on?x=1</span></a></p>`, nil},
		{"long URL split on runes", `https://x.test/ééééééééééééééééééééééééééééé`,
			`<p><a href="https://x.test/%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9" ` + rel + ` target="_blank"><span class="invisible">https://</span><span class="ellipsis">x.test/ééééééééééééééééééééééé</span><span class="invisible">éééééé</span></a></p>`, nil},
		{"bidi control ends URL", "https://x.test/a\u202Egnp.exe", "<p>" + link(`https://x.test/a`, `x.test/a`) + "\u202Egnp.exe</p>", nil},
		{"javascript not linked", `javascript:alert(1)`, `<p>javascript:alert(1)</p>`, nil},
		{"data not linked", `data:text/html,<script>x</script>`, `<p>data:text/html,&lt;script&gt;x&lt;/script&gt;</p>`, nil},
		{"bare www not linked", `www.x.test`, `<p>www.x.test</p>`, nil},
		{"scheme only", `https:// and http://`, `<p>https:// and http://</p>`, nil},
		{"no host", `https:///path`, `<p>https:///path</p>`, nil},
		{"glued to a word", `xhttps://x.test/`, `<p>xhttps://x.test/</p>`, nil},
		{"invalid escape not linked", `https://x.test/%zz`, `<p>https://x.test/%zz</p>`, nil},
		{"nothing linked inside an invalid URL", `https://x.test/%zz(https://y.test/#tag`, `<p>https://x.test/%zz(https://y.test/#tag</p>`, nil},
		{"next URL after an invalid one", `https://x.test/%zz https://y.test/`, `<p>https://x.test/%zz ` + link("https://y.test/", "y.test/") + `</p>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatCase(t, tt.in, testOptions(), tt.want)
			if tt.hrefs != nil {
				if h := hrefs(got.HTML); !reflect.DeepEqual(h, tt.hrefs) {
					t.Errorf("decoded hrefs = %q, want %q", h, tt.hrefs)
				}
			}
		})
	}
}

func TestFormatMentions(t *testing.T) {
	alice := mentionHTML("https://local.test/@alice", "alice")
	tests := []struct {
		name, in, want string
		mentions       []Mention
	}{
		{"local", `hi @alice!`, `<p>hi ` + alice + `!</p>`,
			[]Mention{{Nick: "alice", URL: "https://local.test/@alice", Resolved: true}}},
		{"remote", `@bob@remote.test hello`, `<p>` + mentionHTML("https://remote.test/users/bob", "bob") + ` hello</p>`,
			[]Mention{{Nick: "bob", Domain: "remote.test", URL: "https://remote.test/users/bob", Resolved: true}}},
		{"remote with port", `cc @carol@127.0.0.1:4721.`, `<p>cc ` + mentionHTML("http://127.0.0.1:4721/users/carol", "carol") + `.</p>`,
			[]Mention{{Nick: "carol", Domain: "127.0.0.1:4721", URL: "http://127.0.0.1:4721/users/carol", Resolved: true}}},
		{"domain lowercased", `@bob@Remote.TEST`, `<p>` + mentionHTML("https://remote.test/users/bob", "bob") + `</p>`,
			[]Mention{{Nick: "bob", Domain: "remote.test", URL: "https://remote.test/users/bob", Resolved: true}}},
		{"unresolved stays text", `@nobody and @dan@far.test`, `<p>@nobody and @dan@far.test</p>`,
			[]Mention{{Nick: "nobody"}, {Nick: "dan", Domain: "far.test"}}},
		{"distinct and in order", `@dan @alice @Alice @dan`, `<p>@dan ` + alice + ` ` + mentionHTML("https://local.test/@alice", "Alice") + ` @dan</p>`,
			[]Mention{{Nick: "dan"}, {Nick: "alice", URL: "https://local.test/@alice", Resolved: true}}},
		{"nick with dots trailing dot trimmed", `@a.b_c-d. ok`, `<p>@a.b_c-d. ok</p>`, []Mention{{Nick: "a.b_c-d"}}},
		{"trailing dot of domain trimmed", `@dan@far.test.`, `<p>@dan@far.test.</p>`, []Mention{{Nick: "dan", Domain: "far.test"}}},
		{"colon without port", `@dan@far.test: hi`, `<p>@dan@far.test: hi</p>`, []Mention{{Nick: "dan", Domain: "far.test"}}},
		{"email is not a mention", `mail bob@remote.test`, `<p>mail bob@remote.test</p>`, nil},
		{"double at", `x@@alice and @@alice`, `<p>x@@alice and @@alice</p>`, nil},
		{"in a path", `x.test/@alice`, `<p>x.test/@alice</p>`, nil},
		{"in a URL", `https://x.test/@alice`, `<p>` + link("https://x.test/@alice", "x.test/@alice") + `</p>`, nil},
		{"bad nick start", `@.alice @-a`, `<p>@.alice @-a</p>`, nil},
		{"in parentheses and quotes", `(@alice) "@alice"`, `<p>(` + alice + `) &#34;` + alice + `&#34;</p>`,
			[]Mention{{Nick: "alice", URL: "https://local.test/@alice", Resolved: true}}},
		{"followed by japanese", `@aliceさん`, `<p>` + alice + `さん</p>`,
			[]Mention{{Nick: "alice", URL: "https://local.test/@alice", Resolved: true}}},
		{"resolver gives javascript URL", `@evil`, `<p>@evil</p>`, []Mention{{Nick: "evil"}}},
		{"resolver gives relative URL", `@rel`, `<p>@rel</p>`, []Mention{{Nick: "rel"}}},
		{"resolver URL is escaped once", `@amp`, `<p>` + mentionHTML("https://local.test/u?a=1&amp;b=&lt;2&gt;", "amp") + `</p>`,
			[]Mention{{Nick: "amp", URL: "https://local.test/u?a=1&b=<2>", Resolved: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatCase(t, tt.in, testOptions(), tt.want)
			want := tt.mentions
			if want == nil {
				want = []Mention{}
			}
			if !reflect.DeepEqual(got.Mentions, want) {
				t.Errorf("Mentions = %+v, want %+v", got.Mentions, want)
			}
		})
	}
}

func TestFormatResolverCalledOncePerMention(t *testing.T) {
	calls := map[string]int{}
	opt := FormatOptions{ResolveMention: func(nick, domain string) (string, bool) {
		calls[nick+"@"+domain]++
		return "", false
	}}
	Format("@a @a @A @a@x.test @a@X.test", opt)
	want := map[string]int{"a@": 1, "a@x.test": 1}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls = %v, want %v", calls, want)
	}
}

func TestFormatNilOptions(t *testing.T) {
	got := formatCase(t, "@alice #Go https://x.test/", FormatOptions{},
		`<p>@alice #Go `+link("https://x.test/", "x.test/")+`</p>`)
	if !reflect.DeepEqual(got.Mentions, []Mention{{Nick: "alice"}}) || !reflect.DeepEqual(got.Hashtags, []string{"go"}) {
		t.Errorf("got %+v", got)
	}
}

func TestFormatHashtags(t *testing.T) {
	tests := []struct {
		name, in, want string
		tags           []string
	}{
		{"simple", `#Go rocks`, `<p>` + tagHTML("go", "Go") + ` rocks</p>`, []string{"go"}},
		{"unicode", `#café #日本語`, `<p>` + tagHTML("caf%C3%A9", "café") + ` ` + tagHTML("%E6%97%A5%E6%9C%AC%E8%AA%9E", "日本語") + `</p>`,
			[]string{"café", "日本語"}},
		{"combining marks", `#हिन्दी`, `<p>` + tagHTML("%E0%A4%B9%E0%A4%BF%E0%A4%A8%E0%A5%8D%E0%A4%A6%E0%A5%80", "हिन्दी") + `</p>`,
			[]string{"हिन्दी"}},
		{"trailing dash trimmed", `#tag- #a-b--`, `<p>` + tagHTML("tag", "tag") + `- ` + tagHTML("a-b", "a-b") + `--</p>`, []string{"tag", "a-b"}},
		{"distinct lowercased", `#Go #GO #go #Rust`, `<p>` + tagHTML("go", "Go") + ` ` + tagHTML("go", "GO") + ` ` + tagHTML("go", "go") + ` ` + tagHTML("rust", "Rust") + `</p>`,
			[]string{"go", "rust"}},
		{"not in URL fragment", `https://x.test/#frag`, `<p>` + link("https://x.test/#frag", "x.test/#frag") + `</p>`, nil},
		{"not after slash", `x.test/#frag`, `<p>x.test/#frag</p>`, nil},
		{"not in entity", `it&#39;s &#x27;`, `<p>it&amp;#39;s &amp;#x27;</p>`, nil},
		{"apostrophe before tag", `'#tag'`, `<p>&#39;` + tagHTML("tag", "tag") + `&#39;</p>`, []string{"tag"}},
		{"not after letter", `a#b C#`, `<p>a#b C#</p>`, nil},
		{"not after digit or underscore", `1#a _#b`, `<p>1#a _#b</p>`, nil},
		{"dash or mark cannot start", "#-a #\u0301a", "<p>#-a #\u0301a</p>", nil},
		{"digits", `#2024`, `<p>` + tagHTML("2024", "2024") + `</p>`, []string{"2024"}},
		{"double hash", `##x`, `<p>#` + tagHTML("x", "x") + `</p>`, []string{"x"}},
		{"64 characters", "#" + strings.Repeat("a", 64), `<p>` + tagHTML(strings.Repeat("a", 64), strings.Repeat("a", 64)) + `</p>`, []string{strings.Repeat("a", 64)}},
		{"65 characters is not a tag", "#" + strings.Repeat("a", 65), "<p>#" + strings.Repeat("a", 65) + "</p>", nil},
		{"punctuation ends tag", `#go, #rust.`, `<p>` + tagHTML("go", "go") + `, ` + tagHTML("rust", "rust") + `.</p>`, []string{"go", "rust"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatCase(t, tt.in, testOptions(), tt.want)
			want := tt.tags
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got.Hashtags, want) {
				t.Errorf("Hashtags = %q, want %q", got.Hashtags, want)
			}
			if h := Hashtags(tt.in); !reflect.DeepEqual(h, want) {
				t.Errorf("Hashtags(%q) = %q, want %q (must agree with Format)", tt.in, h, want)
			}
		})
	}
}

func TestFormatHashtagURL(t *testing.T) {
	tests := []struct {
		name string
		url  func(string) string
		want string
	}{
		{"nil does not link", nil, `<p>#Go</p>`},
		{"relative URL does not link", func(tag string) string { return "/tags/" + tag }, `<p>#Go</p>`},
		{"javascript URL does not link", func(string) string { return "javascript:alert(1)" }, `<p>#Go</p>`},
		{"escaped once", func(tag string) string { return "https://x.test/t?q=" + tag + "&x=<" }, `<p><a href="https://x.test/t?q=go&amp;x=&lt;" class="mention hashtag" ` + rel + ` target="_blank">#<span>Go</span></a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatCase(t, "#Go", FormatOptions{HashtagURL: tt.url}, tt.want)
			if !reflect.DeepEqual(got.Hashtags, []string{"go"}) {
				t.Errorf("Hashtags = %q, want [go]", got.Hashtags)
			}
		})
	}
}

func TestFormatParagraphs(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one line", "a", "<p>a</p>"},
		{"line break", "a\nb", "<p>a<br>b</p>"},
		{"paragraphs", "a\n\nb", "<p>a</p><p>b</p>"},
		{"many blank lines", "a\n\n\n\nb\nc", "<p>a</p><p>b<br>c</p>"},
		{"whitespace-only line separates", "a\n  \t\nb", "<p>a</p><p>b</p>"},
		{"leading and trailing blank lines", "\n\na\n\n", "<p>a</p>"},
		{"CRLF", "a\r\nb\r\n\r\nc", "<p>a<br>b</p><p>c</p>"},
		{"CR", "a\rb", "<p>a<br>b</p>"},
		{"indentation kept", "  a\n  b", "<p>  a<br>  b</p>"},
		{"markup over lines stays text", "<b>\nhi\n</b>", "<p>&lt;b&gt;<br>hi<br>&lt;/b&gt;</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			formatCase(t, tt.in, testOptions(), tt.want)
		})
	}
}

func TestFormatEverything(t *testing.T) {
	in := "Hi @alice & @bob@remote.test <3\nread https://x.test/?a=1&b=2, it's #Great!\n\n#café @nobody"
	want := `<p>Hi ` + mentionHTML("https://local.test/@alice", "alice") + ` &amp; ` + mentionHTML("https://remote.test/users/bob", "bob") +
		` &lt;3<br>read ` + link("https://x.test/?a=1&amp;b=2", "x.test/?a=1&amp;b=2") + `, it&#39;s ` + tagHTML("great", "Great") +
		`!</p><p>` + tagHTML("caf%C3%A9", "café") + ` @nobody</p>`
	got := formatCase(t, in, testOptions(), want)
	wantMentions := []Mention{
		{Nick: "alice", URL: "https://local.test/@alice", Resolved: true},
		{Nick: "bob", Domain: "remote.test", URL: "https://remote.test/users/bob", Resolved: true},
		{Nick: "nobody"},
	}
	if !reflect.DeepEqual(got.Mentions, wantMentions) {
		t.Errorf("Mentions = %+v, want %+v", got.Mentions, wantMentions)
	}
	if !reflect.DeepEqual(got.Hashtags, []string{"great", "café"}) {
		t.Errorf("Hashtags = %q", got.Hashtags)
	}
	wantText := "Hi @alice & @bob <3\nread https://x.test/?a=1&b=2, it's #Great!\n#café @nobody"
	if s := StripTags(got.HTML); s != wantText {
		t.Errorf("StripTags = %q, want %q", s, wantText)
	}
}

// hostileTexts are inputs that once made the linkifier quadratic (a long run of ')' after a URL,
// URL-like runs nested in each other). BenchmarkFormatHostile measures them; the test below
// only checks that Format handles them, without timing anything.
func hostileTexts(n int) map[string]string {
	return map[string]string{
		"nested invalid URLs": strings.Repeat("(https://a", n) + "%zz",
		"closing parens":      "https://x.test/" + strings.Repeat(")", 10*n),
		"hashes":              strings.Repeat("#", 10*n),
		"long tag runs":       strings.Repeat("#"+strings.Repeat("a", 99)+" ", n/10),
		"mention dots":        strings.Repeat("@a.", 3*n),
		"dashes":              strings.Repeat("#a-", 3*n),
	}
}

func TestFormatHostileTexts(t *testing.T) {
	for name, in := range hostileTexts(2000) {
		t.Run(name, func(t *testing.T) {
			out := Format(in, FormatOptions{})
			if strings.Contains(out.HTML, "<script") || len(out.HTML) < len(in)/10 {
				t.Fatalf("unexpected output of %d bytes for %d bytes of input", len(out.HTML), len(in))
			}
		})
	}
}

// BenchmarkFormatHostile: ns/op must grow linearly with n (compare -bench with n 10k and 100k).
func BenchmarkFormatHostile(b *testing.B) {
	for name, in := range hostileTexts(100000) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Format(in, FormatOptions{})
			}
		})
	}
}
