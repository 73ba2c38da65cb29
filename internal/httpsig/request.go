package httpsig

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// target is the request target as it was on the wire: the raw (still percent-encoded) path
// and query, and the host.
type target struct {
	path     string // never empty: "/" at least
	query    string // without "?"
	hasQuery bool
	host     string
}

func (t target) requestTarget() string {
	if t.hasQuery {
		return t.path + "?" + t.query
	}
	return t.path
}

// targetOf reads the request target from r.RequestURI when r came off the wire (a server
// request), else from r.URL (a client request), so that percent-encoding is what was signed.
func targetOf(r *http.Request) target {
	t := target{host: requestHost(r)}
	uri := r.RequestURI
	switch {
	case strings.HasPrefix(uri, "/"):
		t.path, t.query, t.hasQuery = strings.Cut(uri, "?")
	case uri != "" && uri != "*":
		if u, err := url.Parse(uri); err == nil {
			t.path, t.query, t.hasQuery = u.EscapedPath(), u.RawQuery, u.RawQuery != "" || u.ForceQuery
			break
		}
		fallthrough
	default:
		if r.URL != nil {
			t.path, t.query, t.hasQuery = r.URL.EscapedPath(), r.URL.RawQuery, r.URL.RawQuery != "" || r.URL.ForceQuery
		}
	}
	if t.path == "" {
		t.path = "/"
	}
	return t
}

// requestHost is the host the request was sent to: r.Host (set on server requests and
// honoured by the client), else the Host header, else the URL's host.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if h := r.Header.Get("Host"); h != "" {
		return h
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// normalizeAuthority lowercases host and drops the scheme's default port (RFC 9110 §4.2.3).
func normalizeAuthority(host, scheme string) string {
	host = strings.ToLower(host)
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if scheme == "https" && port == "443" || scheme == "http" && port == "80" {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// schemesOf lists the schemes the request may have been signed for. A server behind a TLS
// terminating proxy cannot tell, so then both are tried, https first.
func schemesOf(r *http.Request) []string {
	if r.URL != nil && r.URL.Scheme != "" {
		return []string{strings.ToLower(r.URL.Scheme)}
	}
	if r.TLS != nil {
		return []string{"https"}
	}
	return []string{"https", "http"}
}
