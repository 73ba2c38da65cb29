package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	testActor = "https://mastodon.example/users/alice"
	testKeyID = testActor + "#main-key"
	testBody  = `{"@context":"https://www.w3.org/ns/activitystreams","type":"Follow","actor":"https://mastodon.example/users/alice","object":"https://egregoros.example/users/bob"}`
)

var testNow = time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)

// peerRequest describes a request as a remote server sends it; sign builds it the way
// Mastodon does, independently of SignRequest: a signing string over the listed headers,
// RSASSA-PKCS1-v1_5 SHA-256 (or Ed25519), and a Signature header.
type peerRequest struct {
	method, target, host string
	date                 time.Time
	body                 string
	extra                []string // additional "Name: value" header lines
	headers              string   // the headers parameter; "" leaves it out
	signedTarget         string   // (request-target) path as the signer saw it; "" = target
	algorithm            string
	keyID                string
	authorization        bool // use Authorization: Signature instead of Signature
}

func mastodonPost() peerRequest {
	return peerRequest{
		method: "POST", target: "/users/bob/inbox", host: "egregoros.example", date: testNow,
		body:      testBody,
		extra:     []string{"Content-Type: application/activity+json", "Digest: " + DigestHeader([]byte(testBody))},
		headers:   "(request-target) host date digest content-type",
		algorithm: "rsa-sha256", keyID: testKeyID,
	}
}

func (pr peerRequest) sign(t testing.TB, key crypto.PrivateKey) (*http.Request, []byte) {
	t.Helper()
	lines := []string{
		fmt.Sprintf("%s %s HTTP/1.1", pr.method, pr.target),
		"Host: " + pr.host,
		"Date: " + pr.date.UTC().Format(http.TimeFormat),
	}
	lines = append(lines, pr.extra...)
	if pr.body != "" {
		lines = append(lines, fmt.Sprintf("Content-Length: %d", len(pr.body)))
	}
	r, body := readRequest(t, strings.Join(lines, "\n")+"\n\n"+pr.body)
	covered := strings.Fields(pr.headers)
	if len(covered) == 0 {
		covered = []string{"date"}
	}
	var s []string
	for _, h := range covered {
		switch h {
		case "(request-target)":
			tg := pr.signedTarget
			if tg == "" {
				tg = pr.target
			}
			s = append(s, "(request-target): "+strings.ToLower(pr.method)+" "+tg)
		case "host":
			s = append(s, "host: "+pr.host)
		default:
			s = append(s, h+": "+r.Header.Get(h))
		}
	}
	msg := []byte(strings.Join(s, "\n"))
	var sig []byte
	switch k := key.(type) {
	case *rsa.PrivateKey:
		var err error
		if sig, err = rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, digestOf(crypto.SHA256, msg)); err != nil {
			t.Fatal(err)
		}
	case ed25519.PrivateKey:
		sig = ed25519.Sign(k, msg)
	}
	v := fmt.Sprintf(`keyId="%s",algorithm="%s",`, pr.keyID, pr.algorithm)
	if pr.headers != "" {
		v += fmt.Sprintf(`headers="%s",`, pr.headers)
	}
	v += fmt.Sprintf(`signature="%s"`, base64.StdEncoding.EncodeToString(sig))
	if pr.authorization {
		r.Header.Set("Authorization", "Signature "+v)
	} else {
		r.Header.Set("Signature", v)
	}
	return r, body
}

func at(t time.Time) Options { return Options{Now: func() time.Time { return t }} }

func TestVerifyCavage(t *testing.T) {
	key := rfcRSAPrivateKey(t)
	other := rfcRSAPSSPrivateKey(t)
	edKey := rfcEd25519PrivateKey(t)
	tests := map[string]struct {
		req    func() peerRequest
		key    crypto.PrivateKey
		verify crypto.PublicKey // defaults to key's public key
		tamper func(r *http.Request, body []byte) []byte
		opt    Options
		want   error
	}{
		"mastodon rsa-sha256": {req: mastodonPost},
		"mastodon hs2019": {req: func() peerRequest {
			pr := mastodonPost()
			pr.algorithm = "hs2019"
			return pr
		}},
		"no algorithm parameter": {req: func() peerRequest {
			pr := mastodonPost()
			pr.algorithm = ""
			return pr
		}},
		"Authorization: Signature": {req: func() peerRequest {
			pr := mastodonPost()
			pr.authorization = true
			return pr
		}},
		"signed GET (request-target) host date": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/users/bob", "", nil
			pr.headers = "(request-target) host date"
			return pr
		}},
		"query signed": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/users/bob/outbox?page=true", "", nil
			pr.headers = "(request-target) host date"
			return pr
		}},
		"query left out by the signer": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/users/bob/outbox?page=true", "", nil
			pr.signedTarget, pr.headers = "/users/bob/outbox", "(request-target) host date"
			return pr
		}},
		"percent-encoded path is signed as sent": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/tags/caf%C3%A9", "", nil
			pr.headers = "(request-target) host date"
			return pr
		}},
		"decoded path signed (go-fed/httpsig, GoToSocial)": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/tags/caf%C3%A9?page=2", "", nil
			pr.signedTarget, pr.headers = "/tags/café?page=2", "(request-target) host date"
			return pr
		}},
		"other path signed": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/tags/caf%C3%A9", "", nil
			pr.signedTarget, pr.headers = "/tags/cafe", "(request-target) host date"
			return pr
		}, want: ErrBadSignature},
		"ed25519 key, hs2019": {key: edKey, req: func() peerRequest {
			pr := mastodonPost()
			pr.algorithm = "hs2019"
			return pr
		}},
		"wrong key": {verify: &other.PublicKey, req: mastodonPost, want: ErrBadSignature},
		"ed25519 key given, rsa-sha256 signature": {verify: edKey.Public(), req: mastodonPost, want: ErrUnsupported},
		"ed25519 key given, hs2019 RSA signature": {verify: edKey.Public(), req: func() peerRequest {
			pr := mastodonPost()
			pr.algorithm = "hs2019"
			return pr
		}, want: ErrBadSignature},
		"rsa-sha1 refused": {req: func() peerRequest {
			pr := mastodonPost()
			pr.algorithm = "rsa-sha1"
			return pr
		}, want: ErrUnsupported},
		"changed Date": {req: mastodonPost, tamper: func(r *http.Request, b []byte) []byte {
			r.Header.Set("Date", testNow.Add(time.Second).Format(http.TimeFormat))
			return b
		}, want: ErrBadSignature},
		"changed path": {req: mastodonPost, tamper: func(r *http.Request, b []byte) []byte {
			r.RequestURI = "/users/carol/inbox"
			return b
		}, want: ErrBadSignature},
		"changed Host": {req: mastodonPost, tamper: func(r *http.Request, b []byte) []byte {
			r.Host = "other.example"
			return b
		}, want: ErrBadSignature},
		"body changed after signing": {req: mastodonPost, tamper: func(r *http.Request, b []byte) []byte {
			return []byte(strings.Replace(string(b), "Follow", "Block", 1))
		}, want: ErrDigestMismatch},
		"body and Digest changed after signing": {req: mastodonPost, tamper: func(r *http.Request, b []byte) []byte {
			b = []byte(strings.Replace(string(b), "Follow", "Block", 1))
			r.Header.Set("Digest", DigestHeader(b))
			return b
		}, want: ErrBadSignature},
		"Digest as SHA-512": {req: func() peerRequest {
			pr := mastodonPost()
			sum := digestFuncs["sha-512"]([]byte(testBody))
			pr.extra[1] = "Digest: SHA-512=" + base64.StdEncoding.EncodeToString(sum)
			return pr
		}},
		"Digest with an unknown algorithm only": {req: func() peerRequest {
			pr := mastodonPost()
			pr.extra[1] = "Digest: MD5=Sd/dVLAcvNLSq16eXua5uQ=="
			return pr
		}, want: ErrDigestMismatch},
		"Content-Digest covered": {req: func() peerRequest {
			pr := mastodonPost()
			pr.extra[1] = "Content-Digest: " + ContentDigestHeader([]byte(testBody))
			pr.headers = "(request-target) host date content-digest"
			return pr
		}},
		"uncovered Digest still checked": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) host date"
			return pr
		}, tamper: func(r *http.Request, b []byte) []byte { return append(b, ' ') }, want: ErrDigestMismatch},
		"covered digest absent": {req: func() peerRequest {
			pr := mastodonPost()
			pr.extra = pr.extra[:1]
			pr.headers = "(request-target) host date"
			return pr
		}, tamper: func(r *http.Request, b []byte) []byte {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), `date"`, `date digest"`, 1))
			return b
		}, want: ErrMissingHeaders},
		"RequireDigest with digest": {req: mastodonPost, opt: Options{RequireDigest: true}},
		"RequireDigest without digest": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) host date"
			return pr
		}, opt: Options{RequireDigest: true}, want: ErrMissingHeaders},
		"date only (no request target)": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "date"
			return pr
		}, want: ErrMissingHeaders},
		"no headers parameter means date only": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = ""
			return pr
		}, want: ErrMissingHeaders},
		"request target without date": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) host digest"
			return pr
		}, want: ErrMissingHeaders},
		"strict: full signature": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) host date digest content-type content-length"
			return pr
		}, opt: Options{Strict: true}},
		"strict: signed GET": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/users/bob", "", nil
			pr.headers = "(request-target) host date"
			return pr
		}, opt: Options{Strict: true}},
		"strict: Mastodon's POST lacks content-length": {req: mastodonPost, opt: Options{Strict: true}, want: ErrMissingHeaders},
		"strict: (request-target) date only": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) date"
			return pr
		}, opt: Options{Strict: true}, want: ErrMissingHeaders},
		"lenient: (request-target) date only": {req: func() peerRequest {
			pr := mastodonPost()
			pr.headers = "(request-target) date"
			return pr
		}},
		"strict: GET without host": {req: func() peerRequest {
			pr := mastodonPost()
			pr.method, pr.target, pr.body, pr.extra = "GET", "/users/bob", "", nil
			pr.headers = "(request-target) date"
			return pr
		}, opt: Options{Strict: true}, want: ErrMissingHeaders},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			signer := tt.key
			if signer == nil {
				signer = key
			}
			pub := tt.verify
			if pub == nil {
				pub = signer.(crypto.Signer).Public()
			}
			r, body := tt.req().sign(t, signer)
			if tt.tamper != nil {
				body = tt.tamper(r, body)
			}
			p, err := Parse(r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			opt := tt.opt
			opt.Now = func() time.Time { return testNow }
			err = Verify(r, body, p, pub, opt)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyClockSkew(t *testing.T) {
	key := rfcRSAPrivateKey(t)
	r, body := mastodonPost().sign(t, key)
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		now  time.Time
		skew time.Duration
		want error
	}{
		"now":                        {now: testNow},
		"299s later":                 {now: testNow.Add(299 * time.Second)},
		"300s later":                 {now: testNow.Add(300 * time.Second)},
		"301s later (too old)":       {now: testNow.Add(301 * time.Second), want: ErrClockSkew},
		"301s earlier (from future)": {now: testNow.Add(-301 * time.Second), want: ErrClockSkew},
		"300s earlier":               {now: testNow.Add(-300 * time.Second)},
		"an hour later":              {now: testNow.Add(time.Hour), want: ErrClockSkew},
		"an hour later, 12h skew":    {now: testNow.Add(time.Hour), skew: 12 * time.Hour},
		"a day earlier, 12h skew":    {now: testNow.Add(-24 * time.Hour), skew: 12 * time.Hour, want: ErrClockSkew},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := Verify(r, body, p, &key.PublicKey, Options{Now: func() time.Time { return tt.now }, Skew: tt.skew})
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestVerifyCreatedExpires covers the cavage (created)/(expires) pseudo-headers, which stand
// in for Date.
func TestVerifyCreatedExpires(t *testing.T) {
	key := rfcEd25519PrivateKey(t)
	created, expires := testNow.Unix(), testNow.Add(time.Minute).Unix()
	base := fmt.Sprintf("(request-target): get /users/bob\n(created): %d\n(expires): %d\nhost: egregoros.example", created, expires)
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(key, []byte(base)))
	header := fmt.Sprintf(`keyId="%s",algorithm="hs2019",created=%d,expires=%d,headers="(request-target) (created) (expires) host",signature="%s"`, testKeyID, created, expires, sig)
	tests := map[string]struct {
		now  time.Time
		skew time.Duration
		want error
	}{
		"in time":                   {now: testNow.Add(30 * time.Second)},
		"at expires":                {now: testNow.Add(time.Minute)},
		"after expires":             {now: testNow.Add(61 * time.Second), want: ErrExpired},
		"after expires, large skew": {now: testNow.Add(2 * time.Minute), skew: time.Hour, want: ErrExpired},
		"created too old":           {now: testNow.Add(7 * time.Minute), want: ErrClockSkew},
		"created in the future":     {now: testNow.Add(-6 * time.Minute), want: ErrClockSkew},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, _ := readRequest(t, "GET /users/bob HTTP/1.1\nHost: egregoros.example\n\n")
			r.Header.Set("Signature", header)
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Created.Equal(testNow) || !p.Expires.Equal(testNow.Add(time.Minute)) {
				t.Errorf("Parse: created %v expires %v", p.Created, p.Expires)
			}
			err = Verify(r, nil, p, key.Public(), Options{Now: func() time.Time { return tt.now }, Skew: tt.skew})
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyNil(t *testing.T) {
	r, body := mastodonPost().sign(t, rfcRSAPrivateKey(t))
	if err := Verify(r, body, nil, nil, Options{}); !errors.Is(err, ErrNoSignature) {
		t.Errorf("Verify(nil Parsed) = %v", err)
	}
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(r, body, p, nil, at(testNow)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Verify(nil key) = %v", err)
	}
	if err := Verify(r, body, p, "not a key", at(testNow)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Verify(string key) = %v", err)
	}
	// Degenerate keys must fail cleanly, never panic.
	for name, k := range map[string]crypto.PublicKey{
		"zero RSA": &rsa.PublicKey{}, "nil ed25519": ed25519.PublicKey(nil), "short ed25519": ed25519.PublicKey{1, 2},
		"zero ECDSA": &ecdsa.PublicKey{}, "empty HMAC": []byte{},
	} {
		for _, hs2019 := range []bool{false, true} {
			r, body := mastodonPost().sign(t, rfcRSAPrivateKey(t))
			if hs2019 {
				r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "rsa-sha256", "hs2019", 1))
			}
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(r, body, p, k, at(testNow)); err == nil {
				t.Errorf("Verify(%s) = nil", name)
			}
		}
	}
	in := readTxtar(t, "testdata/rfc9421/b2.6-ed25519.txtar")
	r9, body9 := readRequest(t, readFile(t, "testdata", "rfc9421", "request-b2.http"))
	r9.Header.Set("Signature-Input", in["signature-input"])
	r9.Header.Set("Signature", in["signature"])
	p9, err := Parse(r9)
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]crypto.PublicKey{
		"zero RSA": &rsa.PublicKey{}, "nil ed25519": ed25519.PublicKey(nil), "short ed25519": ed25519.PublicKey{1, 2},
		"zero ECDSA": &ecdsa.PublicKey{}, "empty HMAC": []byte{},
	} {
		if err := Verify(r9, body9, p9, k, at(p9.Created)); err == nil {
			t.Errorf("Verify 9421 (%s) = nil", name)
		}
	}
}
