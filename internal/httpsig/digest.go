package httpsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/dunglas/httpsfv"
)

// digestFuncs are the body digests we check, by lowercase algorithm name. Both the RFC 3230
// Digest ("SHA-256=") and the RFC 9530 Content-Digest ("sha-256=:…:") use these names.
var digestFuncs = map[string]func([]byte) []byte{
	"sha-256": func(b []byte) []byte { s := sha256.Sum256(b); return s[:] },
	"sha-512": func(b []byte) []byte { s := sha512.Sum512(b); return s[:] },
}

// DigestHeader returns the RFC 3230 Digest value of body: "SHA-256=<base64>", as Mastodon
// sends and checks it.
func DigestHeader(body []byte) string {
	return "SHA-256=" + base64.StdEncoding.EncodeToString(digestFuncs["sha-256"](body))
}

// ContentDigestHeader returns the RFC 9530 Content-Digest value of body: "sha-256=:<base64>:".
func ContentDigestHeader(body []byte) string {
	return "sha-256=:" + base64.StdEncoding.EncodeToString(digestFuncs["sha-256"](body)) + ":"
}

// checkDigests compares the Digest and Content-Digest headers that r carries with body. It
// returns whether any was present. Every entry whose algorithm we know must match, and at
// least one must be known; unknown ones (md5, sha, ...) are ignored.
func checkDigests(r *http.Request, body []byte) (present bool, err error) {
	if v := r.Header.Values("Digest"); len(v) > 0 {
		if err := checkDigest(joinLines(v), body); err != nil {
			return true, err
		}
		present = true
	}
	if v := r.Header.Values("Content-Digest"); len(v) > 0 {
		if err := checkContentDigest(v, body); err != nil {
			return true, err
		}
		present = true
	}
	return present, nil
}

// checkDigest checks an RFC 3230 Digest value: "SHA-256=abc=, SHA-512=def=".
func checkDigest(v string, body []byte) error {
	if len(v) > MaxHeaderBytes {
		return fmt.Errorf("%w: Digest header too long", ErrDigestMismatch)
	}
	known := 0
	for _, entry := range strings.Split(v, ",") {
		alg, val, ok := strings.Cut(strings.TrimSpace(entry), "=")
		if !ok {
			return fmt.Errorf("%w: malformed Digest %q", ErrDigestMismatch, entry)
		}
		sum := digestFuncs[strings.ToLower(strings.TrimSpace(alg))]
		if sum == nil {
			continue
		}
		known++
		got, err := decodeBase64(strings.TrimSpace(val))
		if err != nil || subtle.ConstantTimeCompare(got, sum(body)) != 1 {
			return fmt.Errorf("%w: Digest %s", ErrDigestMismatch, alg)
		}
	}
	if known == 0 {
		return fmt.Errorf("%w: Digest names no SHA-256 or SHA-512", ErrDigestMismatch)
	}
	return nil
}

// checkContentDigest checks an RFC 9530 Content-Digest dictionary.
func checkContentDigest(lines []string, body []byte) error {
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	if size > MaxHeaderBytes {
		return fmt.Errorf("%w: Content-Digest header too long", ErrDigestMismatch)
	}
	d, err := httpsfv.UnmarshalDictionary(lines)
	if err != nil {
		return fmt.Errorf("%w: malformed Content-Digest: %v", ErrDigestMismatch, err)
	}
	known := 0
	for _, alg := range d.Names() {
		sum := digestFuncs[alg]
		if sum == nil {
			continue
		}
		known++
		m, _ := d.Get(alg)
		item, ok := m.(httpsfv.Item)
		got, isBytes := item.Value.([]byte)
		if !ok || !isBytes || subtle.ConstantTimeCompare(got, sum(body)) != 1 {
			return fmt.Errorf("%w: Content-Digest %s", ErrDigestMismatch, alg)
		}
	}
	if known == 0 {
		return fmt.Errorf("%w: Content-Digest names no sha-256 or sha-512", ErrDigestMismatch)
	}
	return nil
}
