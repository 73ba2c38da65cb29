package httpsig

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// signingStrings builds the draft-cavage signing string of p over r. It returns candidates
// for (request-target): with and without the query string, because some signers leave the
// query out, and with the percent-decoded path when it differs, because go-fed/httpsig
// (GoToSocial) signs the decoded r.URL.Path.
func signingStrings(r *http.Request, p *Parsed) ([]string, error) {
	t := targetOf(r)
	paths := []string{t.path}
	if decoded, err := url.PathUnescape(t.path); err == nil && decoded != t.path {
		paths = append(paths, decoded)
	}
	var targets []string
	for _, path := range paths {
		if t.hasQuery {
			targets = append(targets, path+"?"+t.query)
		}
		targets = append(targets, path)
	}
	out := make([]string, 0, len(targets))
	for _, tg := range targets {
		s, err := signingString(r, p, tg)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func signingString(r *http.Request, p *Parsed, requestTarget string) (string, error) {
	var b strings.Builder
	for i, h := range p.Headers {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(h)
		b.WriteString(": ")
		switch h {
		case "(request-target)", "@request-target":
			b.WriteString(strings.ToLower(r.Method))
			b.WriteByte(' ')
			b.WriteString(requestTarget)
		case "(created)":
			b.WriteString(p.rawCreated)
		case "(expires)":
			b.WriteString(p.rawExpires)
		default:
			if strings.HasPrefix(h, "(") {
				return "", fmt.Errorf("%w: pseudo-header %q", ErrUnsupported, h)
			}
			lines := headerLines(r, h)
			if len(lines) == 0 {
				return "", fmt.Errorf("%w: covered header %q absent", ErrMissingHeaders, h)
			}
			v := joinLines(lines)
			if strings.ContainsAny(v, "\r\n") {
				return "", fmt.Errorf("%w: header %q has a line break", ErrMalformed, h)
			}
			b.WriteString(v)
		}
	}
	return b.String(), nil
}
