package httpsig

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func pemOf(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func TestParsePublicKeyPEM(t *testing.T) {
	rsaPKIX := readFile(t, "testdata", "rfc9421", "test-key-rsa-pss.pub.pem")
	small := &rsa.PublicKey{N: new(big.Int).SetBit(big.NewInt(1), 511, 1), E: 65537}
	huge := &rsa.PublicKey{N: new(big.Int).SetBit(big.NewInt(1), 16383, 1), E: 65537}
	tests := map[string]struct {
		pem     string
		wantErr bool
		check   func(any) bool
	}{
		"PKIX RSA":   {pem: rsaPKIX, check: func(k any) bool { _, ok := k.(*rsa.PublicKey); return ok }},
		"PKCS#1 RSA": {pem: readFile(t, "testdata", "rfc9421", "test-key-rsa.pub.pem"), check: func(k any) bool { _, ok := k.(*rsa.PublicKey); return ok }},
		"Ed25519":    {pem: readFile(t, "testdata", "rfc9421", "test-key-ed25519.pub.pem"), check: func(k any) bool { _, ok := k.(ed25519.PublicKey); return ok }},
		"ECDSA P-256": {pem: readFile(t, "testdata", "rfc9421", "test-key-ecc-p256.pub.pem"), check: func(k any) bool {
			_, ok := k.(*ecdsa.PublicKey)
			return ok
		}},
		"1024-bit draft-cavage key": {pem: readFile(t, "testdata", "cavage", "test-key.pub.pem")},
		"CRLF and leading text":     {pem: "publicKeyPem:\r\n" + strings.ReplaceAll(rsaPKIX, "\n", "\r\n")},
		"after another block":       {pem: pemOf("CERTIFICATE REQUEST", []byte{1, 2}) + rsaPKIX},
		"empty":                     {pem: "", wantErr: true},
		"garbage":                   {pem: "not a key", wantErr: true},
		"private key":               {pem: readFile(t, "testdata", "rfc9421", "test-key-rsa.pem"), wantErr: true},
		"truncated":                 {pem: rsaPKIX[:len(rsaPKIX)/2], wantErr: true},
		"bad DER":                   {pem: pemOf("PUBLIC KEY", []byte{0x30, 0x03, 0x02, 0x01}), wantErr: true},
		"bad PKCS#1 DER":            {pem: pemOf("RSA PUBLIC KEY", []byte{0x30, 0x00}), wantErr: true},
		"512-bit RSA":               {pem: pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(small)), wantErr: true},
		"16384-bit RSA":             {pem: pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(huge)), wantErr: true},
		"too long":                  {pem: strings.Repeat(" ", maxPEMBytes) + rsaPKIX, wantErr: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			k, err := ParsePublicKeyPEM(tt.pem)
			if tt.wantErr {
				if !errors.Is(err, ErrBadKey) {
					t.Errorf("ParsePublicKeyPEM = %T, %v; want ErrBadKey", k, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil && !tt.check(k) {
				t.Errorf("key type %T", k)
			}
		})
	}
}

func TestDigests(t *testing.T) {
	body := []byte(`{"hello": "world"}`)
	// The Digest of draft-cavage Appendix C and the Content-Digest (sha-512) of RFC 9421 B.2.
	const (
		cavageDigest = "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="
		rfcDigest    = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"
	)
	if got := DigestHeader(body); got != cavageDigest {
		t.Errorf("DigestHeader = %q, want %q", got, cavageDigest)
	}
	if got := ContentDigestHeader(body); got != "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:" {
		t.Errorf("ContentDigestHeader = %q", got)
	}
	tests := map[string]struct {
		digest, contentDigest []string
		want                  error
	}{
		"Digest SHA-256":                 {digest: []string{cavageDigest}},
		"Digest lowercase":               {digest: []string{"sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="}},
		"Digest unpadded":                {digest: []string{"SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE"}},
		"Digest with unknown md5":        {digest: []string{"MD5=Sd/dVLAcvNLSq16eXua5uQ==, " + cavageDigest}},
		"Digest one of two wrong":        {digest: []string{cavageDigest + ", SHA-512=AAAA"}, want: ErrDigestMismatch},
		"Digest wrong":                   {digest: []string{"SHA-256=AAAA"}, want: ErrDigestMismatch},
		"Digest not base64":              {digest: []string{"SHA-256=!!!"}, want: ErrDigestMismatch},
		"Digest without =":               {digest: []string{"SHA-256"}, want: ErrDigestMismatch},
		"Digest only unknown":            {digest: []string{"UNIXSUM=1234"}, want: ErrDigestMismatch},
		"Content-Digest sha-512 (RFC)":   {contentDigest: []string{rfcDigest}},
		"Content-Digest two lines":       {contentDigest: []string{"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", rfcDigest}},
		"Content-Digest uppercase alg":   {contentDigest: []string{"SHA-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"}, want: ErrDigestMismatch},
		"Content-Digest not bytes":       {contentDigest: []string{`sha-256="X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="`}, want: ErrDigestMismatch},
		"Content-Digest wrong":           {contentDigest: []string{"sha-256=:AAAA:"}, want: ErrDigestMismatch},
		"Content-Digest malformed":       {contentDigest: []string{"sha-256=:AAAA"}, want: ErrDigestMismatch},
		"both, Content-Digest wrong":     {digest: []string{cavageDigest}, contentDigest: []string{"sha-256=:AAAA:"}, want: ErrDigestMismatch},
		"Content-Digest only unknown":    {contentDigest: []string{"md5=:Sd/dVLAcvNLSq16eXua5uQ==:"}, want: ErrDigestMismatch},
		"neither header (nothing to do)": {},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			r, _ := readRequest(t, "POST /inbox HTTP/1.1\nHost: x\n\n")
			for _, v := range tt.digest {
				r.Header.Add("Digest", v)
			}
			for _, v := range tt.contentDigest {
				r.Header.Add("Content-Digest", v)
			}
			present, err := checkDigests(r, body)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("checkDigests = %v, want %v", err, tt.want)
			}
			if present != (tt.digest != nil || tt.contentDigest != nil) {
				t.Errorf("present = %v", present)
			}
		})
	}
}
