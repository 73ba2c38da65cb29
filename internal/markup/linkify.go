package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokText tokenKind = iota
	tokURL
	tokMention
	tokHashtag
)

// token is one piece of a plain text line. text is always the exact source
// text, so concatenating the tokens gives the input back.
type token struct {
	kind   tokenKind
	text   string
	href   string // tokURL: normalized URL
	nick   string // tokMention
	domain string // tokMention: lowercased host[:port], "" for a bare @nick
	tag    string // tokHashtag: normalized tag
}

// scan splits raw (unescaped) text into plain text, URLs, mentions and
// hashtags, calling emit for each token in order. A URL is consumed whole
// (and so is an invalid URL-like run), so mentions and hashtags inside it
// are never found.
func scan(s string, emit func(token)) {
	start := 0 // start of the pending plain text
	for i := 0; i < len(s); {
		var t token
		var n, skip int
		switch s[i] {
		case 'h', 'H':
			t, n, skip = matchURL(s, i)
		case '@':
			t, n = matchMention(s, i)
		case '#':
			t, n = matchHashtag(s, i)
		}
		if n == 0 {
			if skip == 0 {
				_, skip = utf8.DecodeRuneInString(s[i:])
			}
			i += skip
			continue
		}
		if start < i {
			emit(token{kind: tokText, text: s[start:i]})
		}
		emit(t)
		i += n
		start = i
	}
	if start < len(s) {
		emit(token{kind: tokText, text: s[start:]})
	}
}

// prevRune returns the rune before byte offset i, or -1 at the start.
func prevRune(s string, i int) rune {
	if i == 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// urlRune reports whether r may appear in a linkified URL. Whitespace,
// controls, invisible format characters (zero-width and bidi controls, a
// spoofing vector), quotes and angle brackets end a URL.
func urlRune(r rune) bool {
	switch {
	case r == '<' || r == '>' || r == '"' || r == '`':
		return false
	case r == utf8.RuneError:
		return false
	case unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		return false
	}
	return true
}

// urlTrailing are characters not taken as the last character of a URL
// (sentence punctuation); ')' is handled separately.
const urlTrailing = ".,;:!?'"

// matchURL matches an http:// or https:// URL at s[i:]. It returns the
// token and its length in bytes, or n == 0. When the scheme matched but the
// URL is not valid, skip is the length of the whole candidate, which the
// caller keeps as plain text: retrying inside it could make the scan
// quadratic ("(https://a(https://a(https://a...%zz") and would find
// mentions or tags that are really part of a URL-like string.
func matchURL(s string, i int) (t token, n, skip int) {
	if isWordRune(prevRune(s, i)) {
		return token{}, 0, 0
	}
	rest := s[i:]
	var prefix int
	switch {
	case hasPrefixFold(rest, "https://"):
		prefix = len("https://")
	case hasPrefixFold(rest, "http://"):
		prefix = len("http://")
	default:
		return token{}, 0, 0
	}
	end := prefix
	opens, closes := 0, 0
	for end < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[end:])
		if !urlRune(r) {
			break
		}
		switch r {
		case '(':
			opens++
		case ')':
			closes++
		}
		end += size
	}
	run := end
	for end > prefix {
		r, size := utf8.DecodeLastRuneInString(rest[:end])
		if strings.ContainsRune(urlTrailing, r) {
			end -= size
			continue
		}
		if r == ')' && opens < closes {
			closes--
			end -= size
			continue
		}
		break
	}
	if end == prefix {
		return token{}, 0, run
	}
	href, ok := linkURL(rest[:end])
	if !ok {
		return token{}, 0, run
	}
	return token{kind: tokURL, text: rest[:end], href: href}, end, 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isNickByte(c byte) bool {
	return isASCIIAlnum(c) || c == '_' || c == '.' || c == '-'
}

// matchMention matches @nick or @nick@host[:port] at s[i:] (s[i] == '@').
// The '@' must not follow a word character, '/' or another '@'. A nick is
// [A-Za-z0-9_][A-Za-z0-9_.-]* ending with a letter, digit or '_'.
func matchMention(s string, i int) (token, int) {
	if p := prevRune(s, i); isWordRune(p) || p == '/' || p == '@' {
		return token{}, 0
	}
	j := i + 1
	if j >= len(s) || !(isASCIIAlnum(s[j]) || s[j] == '_') {
		return token{}, 0
	}
	for j < len(s) && isNickByte(s[j]) {
		j++
	}
	for s[j-1] == '.' || s[j-1] == '-' {
		j--
	}
	nick := s[i+1 : j]
	domain := ""
	if j < len(s) && s[j] == '@' {
		if n := matchHost(s[j+1:]); n > 0 {
			domain = strings.ToLower(s[j+1 : j+1+n])
			j += 1 + n
		}
	}
	return token{kind: tokMention, text: s[i:j], nick: nick, domain: domain}, j - i
}

// matchHost matches an ASCII hostname (dot-separated labels of letters,
// digits and inner '-') with an optional :port at the start of s and
// returns its length, or 0. A trailing '.' or '-' is not included.
func matchHost(s string) int {
	n := 0
	for n < len(s) && (isASCIIAlnum(s[n]) || s[n] == '.' || s[n] == '-') {
		n++
	}
	for n > 0 && (s[n-1] == '.' || s[n-1] == '-') {
		n--
	}
	if n == 0 || n > 253 {
		return 0
	}
	for _, label := range strings.Split(s[:n], ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return 0
		}
	}
	// Optional port: 1 to 5 digits, not followed by another digit.
	if n < len(s) && s[n] == ':' {
		d := n + 1
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		if digits := d - n - 1; digits >= 1 && digits <= 5 {
			n = d
		}
	}
	return n
}

// matchHashtag matches a hashtag at s[i:] (s[i] == '#'). The '#' must not
// follow a letter, digit, mark, '_', '&' (so "&#39;" is no tag) or '/'.
// The whole run of tag characters must make a valid tag: an overlong run
// is not cut to its first 64 characters.
func matchHashtag(s string, i int) (token, int) {
	if p := prevRune(s, i); isWordRune(p) || p == '&' || p == '/' {
		return token{}, 0
	}
	j := i + 1
	first := true
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r == utf8.RuneError || !isTagRune(r) || (first && !isTagStart(r)) {
			break
		}
		first = false
		j += size
	}
	for j > i+1 && s[j-1] == '-' {
		j--
	}
	if j == i+1 {
		return token{}, 0
	}
	tag, ok := NormalizeHashtag(s[i+1 : j])
	if !ok {
		return token{}, 0
	}
	return token{kind: tokHashtag, text: s[i:j], tag: tag}, j - i
}
