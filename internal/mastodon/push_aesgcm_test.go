package mastodon

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"testing"
)

// OpenAESGCM lets the external tests' push service (push_test.go) decrypt with openAESGCM.
var OpenAESGCM = openAESGCM

// openAESGCM is the user agent's side of the legacy aesgcm encoding (a browser's decryption,
// written from the draft): one record, its padding removed.
func openAESGCM(body []byte, ua *ecdh.PrivateKey, auth, asPublic, salt []byte) ([]byte, error) {
	as, err := ecdh.P256().NewPublicKey(asPublic)
	if err != nil {
		return nil, err
	}
	secret, err := ua.ECDH(as)
	if err != nil {
		return nil, err
	}
	ikm, err := hkdf.Key(sha256.New, secret, auth, "Content-Encoding: auth\x00", 32)
	if err != nil {
		return nil, err
	}
	uaPublic := ua.PublicKey().Bytes()
	info := []byte("P-256\x00\x00\x41")
	info = append(append(append(info, uaPublic...), 0, 0x41), asPublic...)
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aesgcm\x00"+string(info), 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00"+string(info), 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, body, nil)
	if err != nil {
		return nil, err
	}
	if len(plain) < 2 || int(binary.BigEndian.Uint16(plain))+2 > len(plain) {
		return nil, errors.New("bad padding")
	}
	pad := int(binary.BigEndian.Uint16(plain))
	if !bytes.Equal(plain[2:2+pad], make([]byte, pad)) {
		return nil, errors.New("non-zero padding")
	}
	return plain[2+pad:], nil
}

func TestPushAESGCMRoundTrip(t *testing.T) {
	ua, _ := ecdh.P256().GenerateKey(rand.Reader)
	as, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth, salt := make([]byte, 16), make([]byte, 16)
	rand.Read(auth)
	rand.Read(salt)
	msg := []byte(`{"title":"bob mentioned you","body":"héllo"}`)
	body, err := encryptAESGCM(msg, ua.PublicKey().Bytes(), auth, as, salt)
	if err != nil {
		t.Fatal(err)
	}
	if len(body) != len(msg)+2+16 {
		t.Errorf("body is %d bytes, want %d (padding length, plaintext, tag)", len(body), len(msg)+18)
	}
	got, err := openAESGCM(body, ua, auth, as.PublicKey().Bytes(), salt)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("decrypted %q, %v; want %q", got, err, msg)
	}
	// Another auth secret or salt does not open it.
	other := bytes.Clone(auth)
	other[0] ^= 1
	if _, err := openAESGCM(body, ua, other, as.PublicKey().Bytes(), salt); err == nil {
		t.Error("opened with a wrong auth secret")
	}
	if _, err := encryptAESGCM(make([]byte, aesgcmMaxPlaintext+1), ua.PublicKey().Bytes(), auth, as, salt); err == nil {
		t.Error("a payload larger than one record was encrypted")
	}
	if _, err := encryptAESGCM(msg, []byte{4, 1, 2}, auth, as, salt); err == nil {
		t.Error("encrypted for an invalid public key")
	}
}

// TestPushAESGCMDraftExample reproduces byte for byte the example of
// draft-ietf-webpush-encryption-04 (section 5 and appendix A): "I am the walrus" with the
// draft's receiver key, auth secret, sender key and salt.
func TestPushAESGCMDraftExample(t *testing.T) {
	d := func(s string) []byte {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	uaPublic := d("BCEkBjzL8Z3C-oi2Q7oE5t2Np-p7osjGLg93qUP0wvqRT21EEWyf0cQDQcakQMqz4hQKYOQ3il2nNZct4HgAUQU")
	ua, err := ecdh.P256().NewPrivateKey(d("9FWl15_QUQAWDaD3k3l50ZBZQJ4au27F1V4F0uLSD_M"))
	if err != nil || !bytes.Equal(ua.PublicKey().Bytes(), uaPublic) {
		t.Fatalf("receiver key: %v", err)
	}
	as, err := ecdh.P256().NewPrivateKey(d("nCScek-QpEjmOOlT-rQ38nZzvdPlqa00Zy0i6m2OJvY"))
	if err != nil {
		t.Fatal(err)
	}
	asPublic := "BNoRDbb84JGm8g5Z5CFxurSqsXWJ11ItfXEWYVLE85Y7CYkDjXsIEc4aqxYaQ1G8BqkXCJ6DPpDrWtdWj_mugHU"
	if got := base64.RawURLEncoding.EncodeToString(as.PublicKey().Bytes()); got != asPublic {
		t.Fatalf("sender public key %s, want %s", got, asPublic)
	}
	auth, salt := d("R29vIGdvbyBnJyBqb29iIQ"), d("lngarbyKfMoi9Z75xYXmkg")
	body, err := encryptAESGCM([]byte("I am the walrus"), uaPublic, auth, as, salt)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := base64.RawURLEncoding.EncodeToString(body), "6nqAQUME8hNqw5J3kl8cpVVJylXKYqZOeseZG8UueKpA"; got != want {
		t.Errorf("ciphertext %s, want the draft's %s", got, want)
	}
	if plain, err := openAESGCM(body, ua, auth, d(asPublic), salt); err != nil || string(plain) != "I am the walrus" {
		t.Errorf("decrypted %q, %v", plain, err)
	}
}
