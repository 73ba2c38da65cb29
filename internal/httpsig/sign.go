package httpsig

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gohttpsig "github.com/42wim/httpsig"
	"github.com/dunglas/httpsfv"
)

// SignRequest signs an outgoing request the way Mastodon does (draft-cavage): a Signature
// header with keyId, algorithm="rsa-sha256" (hs2019 for an Ed25519 key) and
// headers="(request-target) host date", plus "digest", "content-type" (when set) and
// "content-length" when body is non-nil, with Digest: SHA-256=<base64>. It sets Date if
// missing and the Host header explicitly, and r.ContentLength to len(body) when body is
// non-nil; body must be the bytes r will send. Signing again replaces an earlier signature.
// key is an *rsa.PrivateKey or ed25519.PrivateKey.
func SignRequest(r *http.Request, body []byte, keyID string, key crypto.PrivateKey) error {
	return signRequest(r, body, keyID, key, time.Now())
}

func signRequest(r *http.Request, body []byte, keyID string, key crypto.PrivateKey, now time.Time) error {
	if err := checkKeyID(keyID); err != nil {
		return err
	}
	var alg gohttpsig.Algorithm
	switch key.(type) {
	case *rsa.PrivateKey:
		alg = gohttpsig.RSA_SHA256
	case ed25519.PrivateKey:
		alg = gohttpsig.ED25519
	default:
		return fmt.Errorf("%w: signing key type %T", ErrUnsupported, key)
	}
	if r.URL == nil {
		return fmt.Errorf("%w: request without URL", ErrMalformed)
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Del("Signature")
	r.Header.Del("Digest")
	if r.Header.Get("Date") == "" {
		r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	r.Header.Set("Host", host)
	headers := []string{gohttpsig.RequestTarget, "host", "date"}
	if body != nil {
		headers = append(headers, "digest")
		if r.Header.Get("Content-Type") != "" {
			headers = append(headers, "content-type")
		}
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		headers = append(headers, "content-length")
	}
	signer, _, err := gohttpsig.NewSigner([]gohttpsig.Algorithm{alg}, gohttpsig.DigestSha256, headers, gohttpsig.Signature, 0)
	if err != nil {
		return fmt.Errorf("httpsig: signer: %w", err)
	}
	// The library signs r.URL.Path, which is decoded; the wire carries the escaped path.
	wire := *r
	u := *r.URL
	u.Path, u.RawPath = r.URL.EscapedPath(), ""
	wire.URL = &u
	if err := signer.SignRequest(key, keyID, &wire, body); err != nil {
		return fmt.Errorf("httpsig: sign: %w", err)
	}
	if alg == gohttpsig.RSA_SHA256 {
		// The library always writes hs2019; Mastodon writes and older peers expect rsa-sha256.
		sig := r.Header.Get("Signature")
		r.Header.Set("Signature", strings.Replace(sig, `,algorithm="hs2019",`, `,algorithm="rsa-sha256",`, 1))
	}
	return nil
}

// SignRequest9421 signs an outgoing request with RFC 9421 the way Mastodon 4.5 verifies it:
// Signature-Input: sig1=("@method" "@target-uri" "content-digest");created=…;keyid="…" and
// Signature: sig1=:…:, with Content-Digest: sha-256=:…: when body is non-nil (the
// "content-digest" component is then covered). An RSA key signs rsa-v1_5-sha256, an Ed25519
// key ed25519; no alg parameter is sent, as the key implies it.
func SignRequest9421(r *http.Request, body []byte, keyID string, key crypto.PrivateKey) error {
	return signRequest9421(r, body, keyID, key, time.Now())
}

func signRequest9421(r *http.Request, body []byte, keyID string, key crypto.PrivateKey, now time.Time) error {
	if err := checkKeyID(keyID); err != nil {
		return err
	}
	var sign func(msg []byte) ([]byte, error)
	switch k := key.(type) {
	case *rsa.PrivateKey:
		sign = func(msg []byte) ([]byte, error) {
			return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, digestOf(crypto.SHA256, msg))
		}
	case ed25519.PrivateKey:
		sign = func(msg []byte) ([]byte, error) { return ed25519.Sign(k, msg), nil }
	default:
		return fmt.Errorf("%w: signing key type %T", ErrUnsupported, key)
	}
	if r.URL == nil {
		return fmt.Errorf("%w: request without URL", ErrMalformed)
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	names := []string{"@method", "@target-uri"}
	if body != nil {
		r.Header.Set("Content-Digest", ContentDigestHeader(body))
		r.ContentLength = int64(len(body))
		names = append(names, "content-digest")
	}
	list := httpsfv.InnerList{Params: httpsfv.NewParams()}
	for _, n := range names {
		list.Items = append(list.Items, httpsfv.NewItem(n))
	}
	list.Params.Add("created", now.Unix())
	list.Params.Add("keyid", keyID)
	p, err := parseSignature9421("sig1", list, httpsfv.NewItem([]byte{0}))
	if err != nil {
		return err
	}
	scheme := strings.ToLower(r.URL.Scheme)
	if scheme == "" {
		scheme = "https"
	}
	base, err := signatureBase(r, p, scheme)
	if err != nil {
		return err
	}
	sig, err := sign([]byte(base))
	if err != nil {
		return fmt.Errorf("httpsig: sign: %w", err)
	}
	r.Header.Set("Signature-Input", "sig1="+p.sigParams)
	r.Header.Set("Signature", "sig1=:"+base64.StdEncoding.EncodeToString(sig)+":")
	return nil
}

// checkKeyID refuses a keyId that could not be written into a quoted header parameter.
func checkKeyID(keyID string) error {
	if keyID == "" {
		return fmt.Errorf("%w: empty keyId", ErrMalformed)
	}
	for i := 0; i < len(keyID); i++ {
		if c := keyID[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return fmt.Errorf("%w: keyId has byte %#x", ErrMalformed, c)
		}
	}
	return nil
}
