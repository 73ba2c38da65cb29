package httpsig

import (
	"bytes"
	"crypto"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	gohttpsig "github.com/42wim/httpsig"
)

func newRequest(t testing.TB, method, url string, body []byte) *http.Request {
	t.Helper()
	var r *http.Request
	var err error
	if body != nil {
		r, err = http.NewRequest(method, url, bytes.NewReader(body))
	} else {
		r, err = http.NewRequest(method, url, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSignRequest(t *testing.T) {
	rsaKey := rfcRSAPrivateKey(t)
	edKey := rfcEd25519PrivateKey(t)
	tests := map[string]struct {
		method, url string
		body        []byte
		contentType string
		key         crypto.PrivateKey
		wantAlg     string
		wantHeaders string
	}{
		"POST to an inbox": {
			method: "POST", url: "https://egregoros.example/users/bob/inbox", body: []byte(testBody),
			contentType: "application/activity+json", key: rsaKey, wantAlg: "rsa-sha256",
			wantHeaders: "(request-target) host date digest content-type content-length",
		},
		"POST without Content-Type": {
			method: "POST", url: "https://egregoros.example/inbox", body: []byte(testBody),
			key: rsaKey, wantAlg: "rsa-sha256",
			wantHeaders: "(request-target) host date digest content-length",
		},
		"POST empty body": {
			method: "POST", url: "https://egregoros.example/inbox", body: []byte{},
			key: rsaKey, wantAlg: "rsa-sha256",
			wantHeaders: "(request-target) host date digest content-length",
		},
		"signed GET": {
			method: "GET", url: "https://egregoros.example/users/bob", key: rsaKey, wantAlg: "rsa-sha256",
			wantHeaders: "(request-target) host date",
		},
		"GET with a query": {
			method: "GET", url: "https://egregoros.example/users/bob/outbox?page=true&min_id=1", key: rsaKey,
			wantAlg: "rsa-sha256", wantHeaders: "(request-target) host date",
		},
		"GET a percent-encoded path": {
			method: "GET", url: "https://egregoros.example/tags/caf%C3%A9", key: rsaKey,
			wantAlg: "rsa-sha256", wantHeaders: "(request-target) host date",
		},
		"GET with a port": {
			method: "GET", url: "http://127.0.0.1:8080/users/bob", key: rsaKey,
			wantAlg: "rsa-sha256", wantHeaders: "(request-target) host date",
		},
		"ed25519 POST": {
			method: "POST", url: "https://egregoros.example/users/bob/inbox", body: []byte(testBody),
			contentType: "application/activity+json", key: edKey, wantAlg: "hs2019",
			wantHeaders: "(request-target) host date digest content-type content-length",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := newRequest(t, tt.method, tt.url, tt.body)
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			if err := signRequest(r, tt.body, testKeyID, tt.key, testNow); err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("Date"); got != testNow.Format(http.TimeFormat) {
				t.Errorf("Date = %q", got)
			}
			sig := r.Header.Get("Signature")
			for _, want := range []string{`keyId="` + testKeyID + `"`, `algorithm="` + tt.wantAlg + `"`, `headers="` + tt.wantHeaders + `"`} {
				if !strings.Contains(sig, want) {
					t.Errorf("Signature %q lacks %s", sig, want)
				}
			}
			if tt.body != nil && r.Header.Get("Digest") != DigestHeader(tt.body) {
				t.Errorf("Digest = %q, want %q", r.Header.Get("Digest"), DigestHeader(tt.body))
			}
			if tt.body == nil && r.Header.Get("Digest") != "" {
				t.Errorf("GET has a Digest")
			}

			sr, body := overTheWire(t, r)
			p, err := Parse(sr)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Strict: true, Now: func() time.Time { return testNow }}
			if err := Verify(sr, body, p, tt.key.(crypto.Signer).Public(), opt); err != nil {
				t.Errorf("Verify: %v", err)
			}
			// The library's own verifier agrees (it takes the algorithm from us). It rebuilds
			// (request-target) from the decoded r.URL.Path, so it cannot check encoded paths.
			if tt.wantAlg == "rsa-sha256" && !strings.Contains(tt.url, "%") {
				v, err := gohttpsig.NewVerifier(sr)
				if err != nil {
					t.Fatal(err)
				}
				if err := v.Verify(tt.key.(crypto.Signer).Public(), gohttpsig.RSA_SHA256); err != nil {
					t.Errorf("42wim/httpsig verifier: %v", err)
				}
			}
		})
	}
}

func TestSignRequestDetails(t *testing.T) {
	key := rfcRSAPrivateKey(t)
	t.Run("keeps Date, replaces an earlier signature", func(t *testing.T) {
		r := newRequest(t, "POST", "https://egregoros.example/inbox", []byte(testBody))
		date := testNow.Add(-time.Minute).Format(http.TimeFormat)
		r.Header.Set("Date", date)
		for range 2 {
			if err := signRequest(r, []byte(testBody), testKeyID, key, testNow); err != nil {
				t.Fatal(err)
			}
		}
		if r.Header.Get("Date") != date {
			t.Errorf("Date changed to %q", r.Header.Get("Date"))
		}
		if n := len(r.Header.Values("Signature")); n != 1 {
			t.Errorf("%d Signature headers", n)
		}
		if n := len(r.Header.Values("Digest")); n != 1 {
			t.Errorf("%d Digest headers", n)
		}
		if r.Header.Get("Host") != "egregoros.example" {
			t.Errorf("Host header = %q", r.Header.Get("Host"))
		}
		if r.ContentLength != int64(len(testBody)) {
			t.Errorf("ContentLength = %d", r.ContentLength)
		}
	})
	t.Run("body changed after signing", func(t *testing.T) {
		r := newRequest(t, "POST", "https://egregoros.example/inbox", []byte(testBody))
		if err := signRequest(r, []byte(testBody), testKeyID, key, testNow); err != nil {
			t.Fatal(err)
		}
		sr, body := overTheWire(t, r)
		p, err := Parse(sr)
		if err != nil {
			t.Fatal(err)
		}
		body[10] ^= 1
		if err := Verify(sr, body, p, &key.PublicKey, at(testNow)); !errors.Is(err, ErrDigestMismatch) {
			t.Errorf("Verify = %v, want ErrDigestMismatch", err)
		}
	})
	t.Run("unsupported key", func(t *testing.T) {
		r := newRequest(t, "GET", "https://egregoros.example/users/bob", nil)
		if err := SignRequest(r, nil, testKeyID, []byte("secret")); !errors.Is(err, ErrUnsupported) {
			t.Errorf("SignRequest = %v, want ErrUnsupported", err)
		}
	})
	t.Run("bad keyId", func(t *testing.T) {
		for _, id := range []string{"", `https://x.example/a"b`, "https://x.example/\n", "https://x.example/\u00e9"} {
			r := newRequest(t, "GET", "https://egregoros.example/users/bob", nil)
			if err := SignRequest(r, nil, id, key); !errors.Is(err, ErrMalformed) {
				t.Errorf("SignRequest(keyId %q) = %v", id, err)
			}
			if err := SignRequest9421(r, nil, id, key); !errors.Is(err, ErrMalformed) {
				t.Errorf("SignRequest9421(keyId %q) = %v", id, err)
			}
		}
	})
	t.Run("uses the clock", func(t *testing.T) {
		r := newRequest(t, "GET", "https://egregoros.example/users/bob", nil)
		if err := SignRequest(r, nil, testKeyID, key); err != nil {
			t.Fatal(err)
		}
		sr, _ := overTheWire(t, r)
		p, err := Parse(sr)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(sr, nil, p, &key.PublicKey, Options{Strict: true}); err != nil {
			t.Errorf("Verify: %v", err)
		}
	})
}

var mastodon9421Input = regexp.MustCompile(`^sig1=\("@method" "@target-uri"( "content-digest")?\);created=\d+;keyid="[^"]+"$`)

func TestSignRequest9421(t *testing.T) {
	rsaKey := rfcRSAPrivateKey(t)
	edKey := rfcEd25519PrivateKey(t)
	tests := map[string]struct {
		method, url string
		body        []byte
		key         crypto.PrivateKey
	}{
		"rsa POST":             {"POST", "https://egregoros.example/users/bob/inbox", []byte(testBody), rsaKey},
		"rsa GET with a query": {"GET", "https://egregoros.example/users/bob/outbox?page=true", nil, rsaKey},
		"ed25519 POST":         {"POST", "https://egregoros.example/users/bob/inbox", []byte(testBody), edKey},
		"plain http with port": {"POST", "http://127.0.0.1:8080/users/bob/inbox", []byte(testBody), rsaKey},
		"default https port":   {"GET", "https://EGREGOROS.example:443/users/bob", nil, rsaKey},
		"percent-encoded path": {"GET", "https://egregoros.example/tags/caf%C3%A9", nil, edKey},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r := newRequest(t, tt.method, tt.url, tt.body)
			if err := signRequest9421(r, tt.body, testKeyID, tt.key, testNow); err != nil {
				t.Fatal(err)
			}
			if in := r.Header.Get("Signature-Input"); !mastodon9421Input.MatchString(in) {
				t.Errorf("Signature-Input %q is not Mastodon's shape", in)
			}
			if tt.body != nil && r.Header.Get("Content-Digest") != ContentDigestHeader(tt.body) {
				t.Errorf("Content-Digest = %q", r.Header.Get("Content-Digest"))
			}
			sr, body := overTheWire(t, r)
			p, err := Parse(sr)
			if err != nil {
				t.Fatal(err)
			}
			if p.Scheme != SchemeRFC9421 || p.KeyID != testKeyID || !p.Created.Equal(testNow) {
				t.Errorf("Parse = %+v", p)
			}
			pub := tt.key.(crypto.Signer).Public()
			if err := Verify(sr, body, p, pub, at(testNow)); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if tt.body != nil {
				if err := Verify(sr, append(body, '!'), p, pub, at(testNow)); !errors.Is(err, ErrDigestMismatch) {
					t.Errorf("Verify(changed body) = %v, want ErrDigestMismatch", err)
				}
			}
			sr.RequestURI = "/users/carol"
			if err := Verify(sr, body, p, pub, at(testNow)); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify(other path) = %v, want ErrBadSignature", err)
			}
		})
	}
}
