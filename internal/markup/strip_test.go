package markup

import "testing"

func TestStripTags(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, ``},
		{"plain", `just text`, `just text`},
		{"tags removed", `<b>bold</b> <i>it</i>`, `bold it`},
		{"entities decoded once", `a &amp; b &lt;c&gt; &amp;lt;d&amp;gt; &#39;e&#39; &eacute;`, `a & b <c> &lt;d&gt; 'e' é`},
		{"br", `a<br>b<br/>c<br />d`, "a\nb\nc\nd"},
		{"double br", `a<br><br>b`, "a\n\nb"},
		{"paragraphs", `<p>a</p><p>b</p>`, "a\nb"},
		{"paragraph and br", `<p>a<br></p><p>b</p>`, "a\nb"},
		{"other blocks", `<ul><li>a</li><li>b</li></ul><div>c</div>d`, "a\nb\nc\nd"},
		{"mention", `<span class="h-card"><a href="https://x.test/@a" class="u-url mention">@<span>a</span></a></span> hi`, `@a hi`},
		{"link spans", `<a href="https://x.test/long"><span class="invisible">https://</span><span class="ellipsis">x.test/lo</span><span class="invisible">ng</span></a>`, `https://x.test/long`},
		{"script and style dropped", `a<script>alert("<b>")</script><style>p{}</style>b`, `ab`},
		{"self-closing script dropped", `a<script/>alert(1)</script>b`, `ab`},
		{"comment dropped", `a<!-- hidden -->b`, `ab`},
		{"emoji alt kept", `hi <img class="emoji" alt=":blob:" src="https://x.test/b.png">`, `hi :blob:`},
		{"other img alt dropped", `hi <img alt="tracking" src="https://x.test/t.png">`, `hi `},
		{"less-than text", `1 < 2 <3`, `1 < 2 <3`},
		{"uppercase tags", `A<BR>B<P>C</P>`, "A\nB\nC"},
		{"leading and trailing newlines trimmed", `<p></p><br>a<br><br>`, "a"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StripTags(tt.in); got != tt.want {
				t.Errorf("StripTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
