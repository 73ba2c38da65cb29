package httpsig

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readTxtar reads a small txtar-like file: a comment, then "-- name --" sections. The final
// newline of each section is dropped, so a section can hold text without one.
func readTxtar(t testing.TB, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	name := "comment"
	var cur strings.Builder
	flush := func() { sections[name] = strings.TrimSuffix(cur.String(), "\n"); cur.Reset() }
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(trimmed, "-- "), " --")
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return sections
}

// readRequest parses an HTTP/1.1 request written with LF line ends, as a server would
// receive it. It returns the request and its body.
func readRequest(t testing.TB, raw string) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := strings.Cut(raw, "\n\n")
	wire := strings.ReplaceAll(strings.TrimSuffix(head, "\n"), "\n", "\r\n") + "\r\n\r\n" + body
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(wire)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r, b
}

// overTheWire writes a client request and reads it back as the server sees it.
func overTheWire(t testing.TB, r *http.Request) (*http.Request, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	sr, err := http.ReadRequest(bufio.NewReader(&buf))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(sr.Body)
	if err != nil {
		t.Fatal(err)
	}
	return sr, body
}

func readFile(t testing.TB, path ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(path...))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rfcPublicKey loads an RFC 9421 Appendix B.1 key by its key id.
func rfcPublicKey(t testing.TB, id string) crypto.PublicKey {
	t.Helper()
	if id == "test-shared-secret" {
		secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(readFile(t, "testdata", "rfc9421", id+".txt")))
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	pub, err := ParsePublicKeyPEM(readFile(t, "testdata", "rfc9421", id+".pub.pem"))
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return pub
}

func pemBlock(t testing.TB, s string) []byte {
	t.Helper()
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		t.Fatal("no PEM block")
	}
	return block.Bytes
}

// rfcRSAPSSPrivateKey loads test-key-rsa-pss. Its PKCS#8 wrapper names id-RSASSA-PSS, which
// crypto/x509 does not read, so the inner PKCS#1 key is unwrapped here.
func rfcRSAPSSPrivateKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	var wrapper struct {
		Version    int
		Algo       asn1.RawValue
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(pemBlock(t, readFile(t, "testdata", "rfc9421", "test-key-rsa-pss.pem")), &wrapper); err != nil {
		t.Fatal(err)
	}
	k, err := x509.ParsePKCS1PrivateKey(wrapper.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rfcRSAPrivateKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := x509.ParsePKCS1PrivateKey(pemBlock(t, readFile(t, "testdata", "rfc9421", "test-key-rsa.pem")))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rfcEd25519PrivateKey(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	k, err := x509.ParsePKCS8PrivateKey(pemBlock(t, readFile(t, "testdata", "rfc9421", "test-key-ed25519.pem")))
	if err != nil {
		t.Fatal(err)
	}
	return k.(ed25519.PrivateKey)
}

// cavageTestKey is the draft-cavage Appendix C key "Test".
func cavageTestKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := x509.ParsePKCS1PrivateKey(pemBlock(t, readFile(t, "testdata", "cavage", "test-key.pem")))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// errName maps a sentinel error to its name, for the vector files.
func errName(err error) string {
	if err == nil {
		return "ok"
	}
	for name, e := range map[string]error{
		"ErrNoSignature": ErrNoSignature, "ErrMalformed": ErrMalformed,
		"ErrUnsupported": ErrUnsupported, "ErrMissingHeaders": ErrMissingHeaders,
		"ErrClockSkew": ErrClockSkew, "ErrExpired": ErrExpired,
		"ErrDigestMismatch": ErrDigestMismatch, "ErrBadSignature": ErrBadSignature,
	} {
		if errors.Is(err, e) {
			return name
		}
	}
	return err.Error()
}

func edSign(k ed25519.PrivateKey, msg []byte) []byte { return ed25519.Sign(k, msg) }
