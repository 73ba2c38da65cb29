package httpsig

import (
	"crypto"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// DefaultSkew is the Date/created window Verify allows when Options.Skew is zero.
const DefaultSkew = 300 * time.Second

// Options is the verification policy.
type Options struct {
	// Strict requires the signature to cover the request target, host and date (or created),
	// and for POST/PUT/PATCH also a digest and content-length. Off, only the request target
	// ((request-target); RFC 9421: @method and @target-uri, @path or @request-target) and the
	// date (or created) must be covered.
	Strict bool
	// Skew is how far the signed Date or created may be from now, either way; 0 means
	// DefaultSkew. A signed expires is enforced as is, without this tolerance.
	Skew time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// RequireDigest requires a covered Digest or Content-Digest header (which must match the
	// body), whatever the method.
	RequireDigest bool
}

// Verify checks the signature p (from Parse(r)) against pub: an *rsa.PublicKey,
// ed25519.PublicKey or *ecdsa.PublicKey (RFC 9421 only) as ParsePublicKeyPEM returns, or a
// []byte HMAC secret (RFC 9421 hmac-sha256 only). In order it checks that the signature covers
// what opt requires, that the signed Date/created is within opt.Skew and expires has not
// passed, that any Digest or Content-Digest header matches body, and finally the signature.
// For cavage the request target is tried with and without its query string, and with the
// percent-decoded path; for RFC 9421 a request that did not arrive over TLS is tried as both
// https and http. p must come from Parse.
func Verify(r *http.Request, body []byte, p *Parsed, pub crypto.PublicKey, opt Options) error {
	if p == nil || r == nil {
		return ErrNoSignature
	}
	if pub == nil {
		return fmt.Errorf("%w: no key", ErrUnsupported)
	}
	var (
		cover coverage
		algs  []algorithm
		err   error
	)
	switch p.Scheme {
	case SchemeCavage:
		cover = cavageCoverage(p)
		algs, err = cavageAlgorithms(p.Algorithm, pub)
	case SchemeRFC9421:
		cover = rfc9421Coverage(p)
		algs, err = rfc9421Algorithms(p.Algorithm, pub)
	default:
		return fmt.Errorf("%w: scheme %q", ErrMalformed, p.Scheme)
	}
	if err != nil {
		return err
	}
	if err := cover.check(r.Method, opt); err != nil {
		return err
	}
	if err := checkTime(r, p, cover, opt); err != nil {
		return err
	}
	present, err := checkDigests(r, body)
	if err != nil {
		return err
	}
	if cover.digest && !present {
		return fmt.Errorf("%w: covered digest header absent", ErrMissingHeaders)
	}
	candidates, err := candidateBases(r, p)
	if err != nil {
		return err
	}
	for _, msg := range candidates {
		for _, a := range algs {
			if a.verify(pub, []byte(msg), p.Signature) {
				return nil
			}
		}
	}
	return ErrBadSignature
}

// candidateBases returns the strings the signature may have been made over.
func candidateBases(r *http.Request, p *Parsed) ([]string, error) {
	if p.Scheme == SchemeCavage {
		return signingStrings(r, p)
	}
	var out []string
	for _, scheme := range schemesOf(r) {
		base, err := signatureBase(r, p, scheme)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, base) {
			out = append(out, base)
		}
	}
	return out, nil
}

// coverage is what a signature covers, in policy terms.
type coverage struct {
	method, target, host, date, created, digest, contentLength bool
}

func cavageCoverage(p *Parsed) coverage {
	var c coverage
	for _, h := range p.Headers {
		switch h {
		case "(request-target)", "@request-target":
			c.method, c.target = true, true
		case "host":
			c.host = true
		case "date":
			c.date = true
		case "(created)":
			c.created = true
		case "digest", "content-digest":
			c.digest = true
		case "content-length":
			c.contentLength = true
		}
	}
	return c
}

func rfc9421Coverage(p *Parsed) coverage {
	c := coverage{created: !p.Created.IsZero()}
	for _, comp := range p.components {
		switch comp.name {
		case "@method":
			c.method = true
		case "@target-uri":
			c.target, c.host = true, true
		case "@path", "@request-target":
			c.target = true
		case "@authority", "host":
			c.host = true
		case "date":
			c.date = true
		case "digest", "content-digest":
			c.digest = true
		case "content-length":
			c.contentLength = true
		}
	}
	return c
}

func (c coverage) check(method string, opt Options) error {
	var missing []string
	if !c.method || !c.target {
		missing = append(missing, "request target")
	}
	if !c.date && !c.created {
		missing = append(missing, "date")
	}
	if opt.Strict {
		if !c.host {
			missing = append(missing, "host")
		}
		switch strings.ToUpper(method) {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			if !c.digest {
				missing = append(missing, "digest")
			}
			if !c.contentLength {
				missing = append(missing, "content-length")
			}
		}
	}
	if opt.RequireDigest && !c.digest && !slices.Contains(missing, "digest") {
		missing = append(missing, "digest")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s", ErrMissingHeaders, strings.Join(missing, ", "))
	}
	return nil
}

// checkTime enforces the Date/created window and expires.
func checkTime(r *http.Request, p *Parsed, c coverage, opt Options) error {
	now := time.Now()
	if opt.Now != nil {
		now = opt.Now()
	}
	skew := opt.Skew
	if skew <= 0 {
		skew = DefaultSkew
	}
	within := func(what string, t time.Time) error {
		if d := now.Sub(t); d > skew || d < -skew {
			return fmt.Errorf("%w: %s %s is %s from now", ErrClockSkew, what, t.UTC().Format(time.RFC3339), d.Round(time.Second))
		}
		return nil
	}
	if c.date {
		v := joinLines(r.Header.Values("Date"))
		if v == "" {
			return fmt.Errorf("%w: covered Date header absent", ErrMissingHeaders)
		}
		t, err := parseHTTPDate(v)
		if err != nil {
			return fmt.Errorf("%w: Date %q", ErrClockSkew, v)
		}
		if err := within("Date", t); err != nil {
			return err
		}
	}
	if c.created {
		if err := within("created", p.Created); err != nil {
			return err
		}
	}
	if !p.Expires.IsZero() && now.After(p.Expires) {
		return fmt.Errorf("%w: at %s", ErrExpired, p.Expires.UTC().Format(time.RFC3339))
	}
	return nil
}

// parseHTTPDate reads an HTTP date (RFC 1123, RFC 850 or asctime), and tolerates a missing
// weekday.
func parseHTTPDate(v string) (time.Time, error) {
	if t, err := http.ParseTime(v); err == nil {
		return t, nil
	}
	return time.Parse("2 Jan 2006 15:04:05 GMT", v)
}
