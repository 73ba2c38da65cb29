package safehttp

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// CheckURL reports, without any network access, whether raw may be fetched or rendered as a
// remote URL (media, emoji): an http or https URL with a host and no userinfo, whose host is not
// localhost and not a literal address outside the public internet. Numeric hosts must be
// canonical dotted-quad IPv4 or bracketed IPv6: obfuscated forms (2130706433, 0x7f000001, 127.1,
// 0177.0.0.1) are refused even when allowPrivate is true, which lifts only the address and
// localhost checks. A name that resolves to a private address passes; the Client catches it when
// it dials. The error wraps ErrUnsafeURL.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnsafeURL, err)
	}
	return checkURL(u, allowPrivate)
}

func checkURL(u *url.URL, allowPrivate bool) error {
	if reason := urlProblem(u, allowPrivate); reason != "" {
		return fmt.Errorf("%w: %s: %s", ErrUnsafeURL, u.Redacted(), reason)
	}
	return nil
}

// urlProblem returns why u is refused, or "".
func urlProblem(u *url.URL, allowPrivate bool) string {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "scheme must be http or https"
	case u.Opaque != "":
		return "URL has no authority"
	case u.User != nil:
		return "userinfo is not allowed"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "invalid port"
		}
	}
	return hostProblem(u.Hostname(), allowPrivate)
}

// hostProblem returns why host (as url.URL.Hostname returns it) is refused, or "".
func hostProblem(host string, allowPrivate bool) string {
	if host == "" {
		return "empty host"
	}
	if !isASCII(host) {
		// Map the way net/http and browsers do: full-width "ｌｏｃａｌｈｏｓｔ" is localhost.
		a, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return "invalid international host name"
		}
		host = a
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Zone() != "" {
			return "address with a zone"
		}
		if !allowPrivate && !IsPublicIP(ip) {
			return "address " + ip.String() + " is not public"
		}
		return ""
	}
	if endsInNumber(host) {
		return "numeric host is not a canonical IPv4 address"
	}
	if !validHostname(host) {
		return "invalid host name"
	}
	if !allowPrivate && (host == "localhost" || strings.HasSuffix(host, ".localhost")) {
		return "localhost"
	}
	return ""
}

// endsInNumber reports whether the last label of host is a decimal or 0x-hex number, which
// makes browsers and inet_aton read the whole host as an IPv4 address (WHATWG URL "ends in a
// number"): 2130706433, 0x7f000001, 127.1, 0177.0.0.1 all mean 127.0.0.1.
func endsInNumber(host string) bool {
	last := host[strings.LastIndexByte(host, '.')+1:]
	if h, ok := strings.CutPrefix(last, "0x"); ok {
		return strings.Trim(h, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// validHostname reports whether host is dot-separated labels of 1 to 63 letters, digits,
// hyphens and underscores, at most 253 bytes in all.
func validHostname(host string) bool {
	if len(host) > 253 {
		return false
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
