package markup

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// FormatOptions configures Format.
type FormatOptions struct {
	// ResolveMention maps a mention ("alice" for a local @alice, or
	// "alice" and "example.com" for @alice@example.com; the domain is
	// lowercased and may carry a :port) to the profile URL to link, and
	// ok=false when unknown (then the text stays plain, escaped). It is
	// called at most once per distinct mention. A URL that is not an
	// absolute http(s) URL counts as unknown. nil resolves nothing.
	ResolveMention func(nick, domain string) (url string, ok bool)
	// HashtagURL builds the link for a tag (already lowercased, without
	// '#'); nil means do not link hashtags. It must return an absolute
	// http(s) URL; for anything else the tag is not linked (it is still
	// listed in Formatted.Hashtags).
	HashtagURL func(tag string) string
}

// Formatted is the result of Format.
type Formatted struct {
	// HTML is safe to embed in a page as is.
	HTML string
	// Mentions holds each distinct mention found (resolved or not), in
	// order of appearance. Never nil.
	Mentions []Mention
	// Hashtags holds the distinct tags, lowercased, without '#', in order
	// of appearance. Never nil.
	Hashtags []string
}

// Mention is an @mention found by Format. Mentions are distinct by nick
// (case-insensitively) and domain; the first spelling is kept.
type Mention struct {
	// Nick is the user part as written, without '@'.
	Nick string
	// Domain is the lowercased host (with :port if given), "" for a bare
	// @nick.
	Domain string
	// URL is the profile URL from ResolveMention, "" when not resolved.
	URL string
	// Resolved reports whether ResolveMention knew the mention (and it
	// was linked).
	Resolved bool
}

// Format turns a local user's plain text into safe HTML. The text is
// escaped, http(s) URLs, @mentions and #hashtags are linked (see
// FormatOptions), blank lines separate paragraphs (<p>) and single
// newlines become <br>. The result is passed through Sanitize as a last
// safety net. Text that is itself HTML comes out escaped, never as markup.
// A resolved mention is displayed as @nick, also for a remote account (as
// Mastodon does); its domain is in the link and in Formatted.Mentions.
//
// Links have the Mastodon shapes:
//
//	<a href="URL" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">first 30 characters</span><span class="invisible">rest</span></a>
//	<span class="h-card"><a href="URL" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">@<span>nick</span></a></span>
//	<a href="URL" class="mention hashtag" rel="nofollow noopener noreferrer" target="_blank">#<span>Tag</span></a>
func Format(text string, opt FormatOptions) Formatted {
	f := formatter{
		opt:      opt,
		res:      Formatted{Mentions: []Mention{}, Hashtags: []string{}},
		mentions: map[string]string{},
		tags:     map[string]bool{},
	}
	raw := f.html(cleanText(text))
	f.res.HTML = Sanitize(raw)
	return f.res
}

// cleanText makes text valid UTF-8 without NUL characters and with "\n"
// line ends.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

type formatter struct {
	opt      FormatOptions
	res      Formatted
	mentions map[string]string // mention key -> href, "" when unresolved
	tags     map[string]bool
}

// html renders clean text, before the Sanitize safety net.
func (f *formatter) html(text string) string {
	var b strings.Builder
	for _, para := range paragraphs(text) {
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>")
			}
			scan(line, func(t token) { f.token(&b, t) })
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// paragraphs splits text into paragraphs of lines. Lines holding only
// whitespace separate paragraphs.
func paragraphs(text string) [][]string {
	var paras [][]string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		paras = append(paras, cur)
	}
	return paras
}

func (f *formatter) token(b *strings.Builder, t token) {
	esc := html.EscapeString
	switch t.kind {
	case tokURL:
		b.WriteString(`<a href="` + esc(t.href) + `" rel="` + relLink + `" target="_blank">`)
		writeURLText(b, t.text)
		b.WriteString(`</a>`)
	case tokMention:
		if url, ok := f.mention(t); ok {
			b.WriteString(`<span class="h-card"><a href="` + esc(url) + `" class="u-url mention" rel="` + relLink + `" target="_blank">@<span>` + esc(t.nick) + `</span></a></span>`)
			return
		}
		b.WriteString(esc(t.text))
	case tokHashtag:
		if !f.tags[t.tag] {
			f.tags[t.tag] = true
			f.res.Hashtags = append(f.res.Hashtags, t.tag)
		}
		if f.opt.HashtagURL != nil {
			if url, ok := linkURL(f.opt.HashtagURL(t.tag)); ok {
				b.WriteString(`<a href="` + esc(url) + `" class="mention hashtag" rel="` + relLink + `" target="_blank">#<span>` + esc(t.text[1:]) + `</span></a>`)
				return
			}
		}
		b.WriteString(esc(t.text))
	default:
		b.WriteString(esc(t.text))
	}
}

// mention records t on first sight and returns the href to link it to.
func (f *formatter) mention(t token) (string, bool) {
	key := strings.ToLower(t.nick) + "@" + t.domain
	if href, ok := f.mentions[key]; ok {
		return href, href != ""
	}
	m := Mention{Nick: t.nick, Domain: t.domain}
	href := ""
	if f.opt.ResolveMention != nil {
		if u, ok := f.opt.ResolveMention(t.nick, t.domain); ok {
			if h, ok := linkURL(u); ok {
				m.URL, m.Resolved, href = u, true, h
			}
		}
	}
	f.mentions[key] = href
	f.res.Mentions = append(f.res.Mentions, m)
	return href, href != ""
}

// urlDisplayChars is how many characters of a URL (after the scheme and
// "www.") stay visible in Mastodon's shortened display.
const urlDisplayChars = 30

// writeURLText writes the link text of a URL split in Mastodon's spans:
// the scheme (and "www.") invisible, then the first 30 characters (with
// class "ellipsis" when the URL goes on), then the rest invisible. Each
// piece is escaped on its own, so no entity is ever cut in two.
func writeURLText(b *strings.Builder, u string) {
	prefix := len("http://")
	if hasPrefixFold(u, "https://") {
		prefix = len("https://")
	}
	if hasPrefixFold(u[prefix:], "www.") {
		prefix += len("www.")
	}
	rest := u[prefix:]
	cut := len(rest)
	if utf8.RuneCountInString(rest) > urlDisplayChars {
		cut = 0
		for n := 0; n < urlDisplayChars; n++ {
			_, size := utf8.DecodeRuneInString(rest[cut:])
			cut += size
		}
	}
	b.WriteString(`<span class="invisible">` + html.EscapeString(u[:prefix]) + `</span>`)
	if cut < len(rest) {
		b.WriteString(`<span class="ellipsis">` + html.EscapeString(rest[:cut]) + `</span>`)
		b.WriteString(`<span class="invisible">` + html.EscapeString(rest[cut:]) + `</span>`)
		return
	}
	b.WriteString(`<span>` + html.EscapeString(rest) + `</span>`)
}
