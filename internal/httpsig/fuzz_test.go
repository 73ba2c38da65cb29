package httpsig

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"
)

// fuzzSeeds are real signature headers: the RFC and draft vectors and a Mastodon-shaped one.
func fuzzSeeds(f *testing.F) (cavage, inputs, sigs []string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "rfc9421", "*.txtar"))
	for _, file := range files {
		v := readTxtar(f, file)
		inputs = append(inputs, v["signature-input"])
		sigs = append(sigs, v["signature"])
	}
	files, _ = filepath.Glob(filepath.Join("testdata", "cavage", "*.txtar"))
	for _, file := range files {
		cavage = append(cavage, readTxtar(f, file)["signature"])
	}
	r, _ := mastodonPost().sign(f, rfcRSAPrivateKey(f))
	cavage = append(cavage, r.Header.Get("Signature"))
	return cavage, inputs, sigs
}

func FuzzParse(f *testing.F) {
	cavage, inputs, sigs := fuzzSeeds(f)
	for _, c := range cavage {
		f.Add(c, "", "")
		f.Add("", "", "Signature "+c)
	}
	for i := range inputs {
		f.Add(sigs[i], inputs[i], "")
	}
	f.Add(`keyId="k",headers="(created) (expires)",created=1.5,expires=99999999999.99,signature="AA=="`, "", "")
	f.Add("sig1=:AA==:", `sig1=("@query-param";name="a%20b" "x";key="k" "y";sf "z";bs);keyid="k"`, "")
	req, _ := readRequest(f, readFile(f, "testdata", "rfc9421", "request-b2.http"))
	f.Fuzz(func(t *testing.T, signature, signatureInput, authorization string) {
		r := req.Clone(req.Context())
		r.Header = req.Header.Clone()
		if signature != "" {
			r.Header.Set("Signature", signature)
		}
		if signatureInput != "" {
			r.Header.Set("Signature-Input", signatureInput)
		}
		if authorization != "" {
			r.Header.Set("Authorization", authorization)
		}
		start := time.Now()
		p, err := Parse(r)
		if d := time.Since(start); d > time.Second {
			t.Errorf("Parse took %s", d)
		}
		if err != nil {
			if p != nil {
				t.Errorf("Parse returned %+v with error %v", p, err)
			}
			return
		}
		if p.KeyID == "" || len(p.Signature) == 0 || len(p.Headers) == 0 && p.Scheme == SchemeCavage {
			t.Errorf("Parse accepted %+v", p)
		}
		if len(p.Headers) > MaxComponents {
			t.Errorf("%d covered components", len(p.Headers))
		}
		// Building the signed string must not panic either.
		_, _ = candidateBases(r, p)
	})
}

func FuzzVerify(f *testing.F) {
	cavage, inputs, sigs := fuzzSeeds(f)
	date := testNow.Format(http.TimeFormat)
	digest := DigestHeader([]byte(testBody))
	for _, c := range cavage {
		f.Add("POST", "/users/bob/inbox", c, "", date, digest, "", testBody, false, false)
	}
	for i := range inputs {
		f.Add("POST", "/foo?param=Value&Pet=dog", sigs[i], inputs[i], date, digest, ContentDigestHeader([]byte(testBody)), testBody, true, true)
	}
	// The fixed keys are made here, so no seed can carry a valid signature for them.
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		f.Fatal(err)
	}
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target, signature, signatureInput, date, digest, contentDigest, body string, ed, strict bool) {
		r := &http.Request{
			Method: method, RequestURI: target, Host: "egregoros.example",
			URL: &url.URL{Path: "/"}, Header: http.Header{},
		}
		for k, v := range map[string]string{
			"Signature": signature, "Signature-Input": signatureInput, "Date": date,
			"Digest": digest, "Content-Digest": contentDigest, "Content-Type": "application/activity+json",
		} {
			if v != "" {
				r.Header[k] = []string{v}
			}
		}
		p, err := Parse(r)
		if err != nil {
			return
		}
		var pub crypto.PublicKey = &rsaKey.PublicKey
		if ed {
			pub = edPub
		}
		err = Verify(r, []byte(body), p, pub, Options{Strict: strict, Now: func() time.Time { return testNow }})
		if err == nil {
			t.Fatalf("Verify accepted a signature made without the key: %+v", p)
		}
	})
}

func FuzzParsePublicKeyPEM(f *testing.F) {
	for _, name := range []string{"test-key-rsa.pub.pem", "test-key-rsa-pss.pub.pem", "test-key-ed25519.pub.pem", "test-key-ecc-p256.pub.pem", "test-key-rsa.pem"} {
		f.Add(readFile(f, "testdata", "rfc9421", name))
	}
	f.Add("-----BEGIN PUBLIC KEY-----\nMA==\n-----END PUBLIC KEY-----\n")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePublicKeyPEM(s)
		if (k == nil) == (err == nil) {
			t.Errorf("ParsePublicKeyPEM = %T, %v", k, err)
		}
	})
}
