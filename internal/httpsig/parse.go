package httpsig

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Signature schemes reported in Parsed.Scheme.
const (
	SchemeCavage  = "cavage"
	SchemeRFC9421 = "rfc9421"
)

// Bounds on what Parse accepts from a remote peer.
const (
	// MaxHeaderBytes bounds each signature header value (all its field lines joined).
	MaxHeaderBytes = 8 << 10
	// MaxComponents bounds the number of covered headers or components of one signature.
	MaxComponents = 32
)

// Parsed is what Parse learns from a request before the key is known.
type Parsed struct {
	// Scheme is SchemeCavage or SchemeRFC9421.
	Scheme string
	// KeyID is the keyId (cavage) or keyid parameter (RFC 9421).
	KeyID string
	// Algorithm is the algorithm (cavage) or alg parameter (RFC 9421) as sent; it may be
	// empty. Verify picks the algorithm from the key type and only checks that this agrees.
	Algorithm string
	// Headers lists the covered headers (cavage, lowercased) or component identifiers
	// (RFC 9421: the name followed by its serialized parameters, e.g. `@query-param;name="a"`).
	Headers []string
	// Signature is the decoded signature value.
	Signature []byte
	// Created and Expires are the created/expires parameters; zero when absent. For cavage
	// they are only set when covered as (created)/(expires).
	Created, Expires time.Time
	// Label is the RFC 9421 signature label (e.g. "sig1"); empty for cavage.
	Label string
	// Nonce and Tag are the RFC 9421 nonce and tag parameters, if any.
	Nonce, Tag string

	// cavage: raw created/expires parameter values, for the (created)/(expires) lines.
	rawCreated, rawExpires string
	// rfc9421: covered components and the serialized signature parameters.
	components []component
	sigParams  string
}

// Parse reads the signature of r: Signature-Input + Signature (RFC 9421) if Signature-Input
// is present (the first label that has both), else the Signature header or Authorization:
// Signature (draft-cavage). It returns ErrNoSignature when there is none, ErrUnsupported for
// RFC 9421 components it cannot build (@status, req, tr), and ErrMalformed for anything else it
// cannot read, including header values over MaxHeaderBytes and more than MaxComponents
// covered components.
func Parse(r *http.Request) (*Parsed, error) {
	if r == nil {
		return nil, ErrNoSignature
	}
	if len(r.Header.Values("Signature-Input")) > 0 {
		return parseRFC9421(r.Header)
	}
	sig := r.Header.Values("Signature")
	if len(sig) == 0 {
		auth := r.Header.Values("Authorization")
		if len(auth) != 1 || !hasSignatureAuthScheme(auth[0]) {
			return nil, ErrNoSignature
		}
		return parseCavage(strings.TrimSpace(auth[0])[len("signature"):])
	}
	if len(sig) != 1 {
		return nil, fmt.Errorf("%w: %d Signature headers", ErrMalformed, len(sig))
	}
	return parseCavage(sig[0])
}

func hasSignatureAuthScheme(v string) bool {
	v = strings.TrimSpace(v)
	const scheme = "signature"
	return len(v) > len(scheme) && strings.EqualFold(v[:len(scheme)], scheme) &&
		(v[len(scheme)] == ' ' || v[len(scheme)] == '\t')
}

// defaultCavageHeaders is what a cavage signature covers when it has no headers parameter
// (draft-cavage Appendix C.1, and what Mastodon assumes).
var defaultCavageHeaders = []string{"date"}

func parseCavage(v string) (*Parsed, error) {
	if len(v) > MaxHeaderBytes {
		return nil, fmt.Errorf("%w: header is %d bytes, over %d", ErrMalformed, len(v), MaxHeaderBytes)
	}
	params, err := parseCavageParams(v)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Scheme: SchemeCavage, KeyID: params["keyid"], Algorithm: params["algorithm"]}
	if p.KeyID == "" {
		return nil, fmt.Errorf("%w: no keyId", ErrMalformed)
	}
	sig, ok := params["signature"]
	if !ok || sig == "" {
		return nil, fmt.Errorf("%w: no signature parameter", ErrMalformed)
	}
	if p.Signature, err = decodeBase64(sig); err != nil || len(p.Signature) == 0 {
		return nil, fmt.Errorf("%w: signature is not base64", ErrMalformed)
	}
	if h, ok := params["headers"]; ok {
		p.Headers = strings.Fields(strings.ToLower(h))
		if len(p.Headers) == 0 {
			return nil, fmt.Errorf("%w: empty headers parameter", ErrMalformed)
		}
	} else {
		p.Headers = append([]string(nil), defaultCavageHeaders...)
	}
	if len(p.Headers) > MaxComponents {
		return nil, fmt.Errorf("%w: %d covered headers, over %d", ErrMalformed, len(p.Headers), MaxComponents)
	}
	for _, h := range p.Headers {
		switch h {
		case "(created)":
			if p.Created, err = parseUnixParam(params["created"]); err != nil {
				return nil, fmt.Errorf("%w: (created) covered but created is %q", ErrMalformed, params["created"])
			}
			p.rawCreated = params["created"]
		case "(expires)":
			if p.Expires, err = parseUnixParam(params["expires"]); err != nil {
				return nil, fmt.Errorf("%w: (expires) covered but expires is %q", ErrMalformed, params["expires"])
			}
			p.rawExpires = params["expires"]
		}
	}
	return p, nil
}

// parseCavageParams reads `name="value", name=value, ...`. Names are lowercased; a repeated
// name is an error so that no two readers can disagree on which one counts.
func parseCavageParams(s string) (map[string]string, error) {
	params := make(map[string]string)
	i, n := 0, len(s)
	skipWS := func() {
		for i < n && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	for {
		skipWS()
		if i == n {
			break
		}
		start := i
		for i < n && isTokenChar(s[i]) {
			i++
		}
		if i == start {
			return nil, fmt.Errorf("%w: bad parameter name at offset %d", ErrMalformed, i)
		}
		name := strings.ToLower(s[start:i])
		skipWS()
		if i == n || s[i] != '=' {
			return nil, fmt.Errorf("%w: parameter %q has no value", ErrMalformed, name)
		}
		i++
		skipWS()
		var value string
		if i < n && s[i] == '"' {
			i++
			var b strings.Builder
			closed := false
			for i < n {
				c := s[i]
				i++
				if c == '"' {
					closed = true
					break
				}
				if c == '\\' && i < n {
					c = s[i]
					i++
				}
				b.WriteByte(c)
			}
			if !closed {
				return nil, fmt.Errorf("%w: unterminated value of %q", ErrMalformed, name)
			}
			value = b.String()
		} else {
			start := i
			for i < n && s[i] != ',' {
				i++
			}
			value = strings.TrimSpace(s[start:i])
			if value == "" || strings.ContainsAny(value, "\" \t") {
				return nil, fmt.Errorf("%w: bad value of %q", ErrMalformed, name)
			}
		}
		if _, dup := params[name]; dup {
			return nil, fmt.Errorf("%w: repeated parameter %q", ErrMalformed, name)
		}
		params[name] = value
		skipWS()
		if i == n {
			break
		}
		if s[i] != ',' {
			return nil, fmt.Errorf("%w: expected ',' at offset %d", ErrMalformed, i)
		}
		i++
	}
	return params, nil
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// parseUnixParam reads a cavage created/expires value: integer seconds, or a decimal as
// draft-cavage allows for expires.
func parseUnixParam(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, fmt.Errorf("empty")
	}
	if i, err := strconv.ParseInt(v, 10, 64); err == nil && i > 0 {
		return time.Unix(i, 0), nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0 && f < 1<<40) {
		return time.Time{}, fmt.Errorf("bad timestamp %q", v)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}

func decodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
