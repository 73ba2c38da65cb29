package markup

import (
	"net/url"
	"strings"
)

// relLink is the rel value forced on every link in the output.
const relLink = "nofollow noopener noreferrer"

// safeURL reports whether raw is an absolute http or https URL with a host
// (or, when mailto is true, a mailto: URL with an address), and returns its
// normalized form.
//
// raw must be the decoded attribute value (what a browser would see after
// entity decoding). Any ASCII whitespace or control character rejects the
// URL: browsers silently remove tabs and newlines inside URLs ("java\tscript:")
// and strip leading control characters, so the only safe way to agree with
// them on the scheme is to refuse such input outright. Relative and
// scheme-relative URLs are refused too.
func safeURL(raw string, mailto bool) (string, bool) {
	if raw == "" {
		return "", false
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c == 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Opaque != "" || u.Hostname() == "" {
			return "", false
		}
	case "mailto":
		if !mailto || u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

// linkURL is safeURL for links we generate ourselves (http and https only).
func linkURL(raw string) (string, bool) {
	return safeURL(raw, false)
}
