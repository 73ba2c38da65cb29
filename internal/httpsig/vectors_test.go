package httpsig

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRFC9421Vectors checks every RFC 9421 vector in testdata/rfc9421: the signature base we
// build is byte-for-byte the RFC's, the RFC's signature verifies over it with the RFC's key,
// and Verify (non-strict, at the created time) gives the expected answer.
func TestRFC9421Vectors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "rfc9421", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	defaultRequest := readFile(t, "testdata", "rfc9421", "request-b2.http")
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			v := readTxtar(t, file)
			raw := v["request"]
			if raw == "" {
				raw = defaultRequest
			}
			r, body := readRequest(t, raw)
			r.Header.Set("Signature-Input", v["signature-input"])
			r.Header.Set("Signature", v["signature"])
			p, err := Parse(r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.Scheme != SchemeRFC9421 || p.KeyID != v["key"] {
				t.Errorf("Parse: scheme %q keyid %q, want rfc9421 %q", p.Scheme, p.KeyID, v["key"])
			}
			base, err := signatureBase(r, p, "https")
			if err != nil {
				t.Fatalf("signatureBase: %v", err)
			}
			if base != v["base"] {
				t.Errorf("signature base differs from the RFC's\n got: %q\nwant: %q", base, v["base"])
			}
			pub := rfcPublicKey(t, v["key"])
			algs, err := rfc9421Algorithms(p.Algorithm, pub)
			if err != nil {
				t.Fatal(err)
			}
			verified := false
			for _, a := range algs {
				verified = verified || a.verify(pub, []byte(v["base"]), p.Signature)
			}
			if !verified {
				t.Errorf("the RFC's signature does not verify over the RFC's base")
			}
			opt := Options{Now: func() time.Time { return p.Created }}
			if got := errName(Verify(r, body, p, pub, opt)); got != v["verify"] {
				t.Errorf("Verify = %s, want %s", got, v["verify"])
			}
		})
	}
}

// TestRFC9421Tampering changes one covered part of the B.2.3 and B.2.6 requests at a time.
func TestRFC9421Tampering(t *testing.T) {
	for _, vector := range []string{"b2.3-full-rsa-pss", "b2.6-ed25519", "s4.3-proxy-rsa-v1_5"} {
		v := readTxtar(t, filepath.Join("testdata", "rfc9421", vector+".txtar"))
		raw := v["request"]
		if raw == "" {
			raw = readFile(t, "testdata", "rfc9421", "request-b2.http")
		}
		tests := map[string]struct {
			edit func(string) string
			want error
		}{
			"method":                    {func(s string) string { return strings.Replace(s, "POST ", "PUT ", 1) }, ErrBadSignature},
			"path":                      {func(s string) string { return strings.Replace(s, "/foo?", "/fop?", 1) }, ErrBadSignature},
			"content-type":              {func(s string) string { return strings.Replace(s, "application/json", "text/plain", 1) }, ErrBadSignature},
			"body":                      {func(s string) string { return strings.Replace(s, `"world"`, `"worle"`, 1) }, ErrDigestMismatch},
			"content-length whitespace": {func(s string) string { return strings.Replace(s, "Content-Length: 18", "Content-Length: 18 ", 1) }, nil},
		}
		for name, tt := range tests {
			t.Run(vector+"/"+name, func(t *testing.T) {
				r, body := readRequest(t, tt.edit(raw))
				r.Header.Set("Signature-Input", v["signature-input"])
				r.Header.Set("Signature", v["signature"])
				p, err := Parse(r)
				if err != nil {
					t.Fatal(err)
				}
				err = Verify(r, body, p, rfcPublicKey(t, v["key"]), Options{Now: func() time.Time { return p.Created }})
				if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("Verify = %v, want %v", err, tt.want)
				}
			})
		}
	}
}

// TestRFC9421RoundTrip signs our own signature bases with the RFC keys (RSA-PSS is
// randomized, so the RFC's values cannot be reproduced) and checks Verify accepts them;
// ed25519 is deterministic and must reproduce B.2.6 exactly.
func TestRFC9421RoundTrip(t *testing.T) {
	v := readTxtar(t, filepath.Join("testdata", "rfc9421", "b2.6-ed25519.txtar"))
	raw := readFile(t, "testdata", "rfc9421", "request-b2.http")
	pss := rfcRSAPSSPrivateKey(t)
	tests := map[string]struct {
		key  crypto.PublicKey
		sign func(base []byte) []byte
		want string
	}{
		"ed25519 reproduces B.2.6": {
			key:  rfcPublicKey(t, "test-key-ed25519"),
			sign: func(b []byte) []byte { return edSign(rfcEd25519PrivateKey(t), b) },
			want: strings.TrimSuffix(strings.TrimPrefix(v["signature"], "sig-b26=:"), ":"),
		},
		"rsa-pss-sha512": {
			key: &pss.PublicKey,
			sign: func(b []byte) []byte {
				sig, err := rsa.SignPSS(rand.Reader, pss, crypto.SHA512, digestOf(crypto.SHA512, b), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
				if err != nil {
					t.Fatal(err)
				}
				return sig
			},
		},
		"rsa-v1_5-sha256": {
			key: rfcPublicKey(t, "test-key-rsa"),
			sign: func(b []byte) []byte {
				sig, err := rsa.SignPKCS1v15(rand.Reader, rfcRSAPrivateKey(t), crypto.SHA256, digestOf(crypto.SHA256, b))
				if err != nil {
					t.Fatal(err)
				}
				return sig
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, body := readRequest(t, raw)
			r.Header.Set("Signature-Input", v["signature-input"])
			r.Header.Set("Signature", "sig-b26=:AA==:")
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			base, err := signatureBase(r, p, "https")
			if err != nil {
				t.Fatal(err)
			}
			sig := base64.StdEncoding.EncodeToString(tt.sign([]byte(base)))
			if tt.want != "" && sig != tt.want {
				t.Errorf("signature = %s, want the RFC's %s", sig, tt.want)
			}
			r.Header.Set("Signature", "sig-b26=:"+sig+":")
			if p, err = Parse(r); err != nil {
				t.Fatal(err)
			}
			if err := Verify(r, body, p, tt.key, Options{Now: func() time.Time { return p.Created }}); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

// TestCavageVectors checks draft-cavage-12 Appendix C: the signing string we build is the
// draft's, the draft's signature verifies over it (or, for the C.3 errata, does not), and
// Verify gives the expected answer.
func TestCavageVectors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cavage", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors: %v", err)
	}
	pub, err := ParsePublicKeyPEM(readFile(t, "testdata", "cavage", "test-key.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	raw := readFile(t, "testdata", "cavage", "request.http")
	now := time.Date(2014, time.January, 5, 21, 31, 40, 0, time.UTC)
	for _, file := range files {
		v := readTxtar(t, file)
		for _, form := range []string{"Signature", "Authorization"} {
			t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar")+"/"+form, func(t *testing.T) {
				r, body := readRequest(t, raw)
				if form == "Signature" {
					r.Header.Set("Signature", v["signature"])
				} else {
					r.Header.Set("Authorization", "Signature "+v["signature"])
				}
				p, err := Parse(r)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if p.Scheme != SchemeCavage || p.KeyID != "Test" || p.Algorithm != "rsa-sha256" {
					t.Errorf("Parse = %+v", p)
				}
				s, err := signingStrings(r, p)
				if err != nil {
					t.Fatal(err)
				}
				if s[0] != v["signing-string"] {
					t.Errorf("signing string differs from the draft's\n got: %q\nwant: %q", s[0], v["signing-string"])
				}
				crypto := "bad"
				if algRSASHA256.verify(pub, []byte(v["signing-string"]), p.Signature) {
					crypto = "ok"
				}
				if crypto != v["crypto"] {
					t.Errorf("signature over the draft's signing string: %s, want %s", crypto, v["crypto"])
				}
				if got := errName(Verify(r, body, p, pub, Options{Now: func() time.Time { return now }})); got != v["verify"] {
					t.Errorf("Verify = %s, want %s", got, v["verify"])
				}
			})
		}
	}
}
