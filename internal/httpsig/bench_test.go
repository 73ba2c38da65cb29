package httpsig

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"
	"time"
)

// actorKey is a freshly generated 2048-bit key like a real actor's. (The RFC's test-key-rsa has
// unbalanced primes, which makes Go sign it several times slower.)
var actorKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

func benchKey(b *testing.B) *rsa.PrivateKey {
	b.Helper()
	k, err := actorKey()
	if err != nil {
		b.Fatal(err)
	}
	return k
}

// BenchmarkVerifyCavage is the inbox's cost per delivery: Parse and Verify a Mastodon POST
// signed with a 2048-bit RSA key.
func BenchmarkVerifyCavage(b *testing.B) {
	key := benchKey(b)
	r, body := mastodonPost().sign(b, key)
	opt := Options{Now: func() time.Time { return testNow }}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := Verify(r, body, p, &key.PublicKey, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyRFC9421 is the same for a Mastodon-shaped RFC 9421 POST.
func BenchmarkVerifyRFC9421(b *testing.B) {
	key := benchKey(b)
	r := newRequest(b, "POST", "https://egregoros.example/users/bob/inbox", []byte(testBody))
	if err := signRequest9421(r, []byte(testBody), testKeyID, key, testNow); err != nil {
		b.Fatal(err)
	}
	sr, body := overTheWire(b, r)
	opt := Options{Now: func() time.Time { return testNow }}
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(sr)
		if err != nil {
			b.Fatal(err)
		}
		if err := Verify(sr, body, p, &key.PublicKey, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign is the delivery's cost per inbox: SignRequest on a POST (2048-bit RSA).
func BenchmarkSign(b *testing.B) {
	key := benchKey(b)
	body := []byte(testBody)
	r := newRequest(b, "POST", "https://egregoros.example/users/bob/inbox", body)
	r.Header.Set("Content-Type", "application/activity+json")
	b.ReportAllocs()
	for b.Loop() {
		r.Header.Del("Date")
		if err := SignRequest(r, body, testKeyID, key); err != nil {
			b.Fatal(err)
		}
	}
	if r.Header.Get("Signature") == "" || r.Header.Get("Date") == "" {
		b.Fatal("not signed")
	}
}
