package httpsig_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/egregoros/egregoros/internal/httpsig"
)

// An inbox verifies a delivery: Parse, find the actor's key from the keyId, Verify.
func ExampleVerify() {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(pub)
	publicKeyPem := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))

	// The remote server signs its delivery.
	body := []byte(`{"type":"Follow","actor":"https://remote.example/users/alice"}`)
	out, _ := http.NewRequest("POST", "https://egregoros.example/users/bob/inbox", bytes.NewReader(body))
	out.Header.Set("Content-Type", "application/activity+json")
	_ = httpsig.SignRequest(out, body, "https://remote.example/users/alice#main-key", priv)

	// The inbox receives it.
	r := httptest.NewRequest("POST", "/users/bob/inbox", bytes.NewReader(body))
	r.Host = "egregoros.example"
	for k, v := range out.Header {
		r.Header[k] = v
	}
	p, err := httpsig.Parse(r)
	if err != nil {
		fmt.Println("401:", err)
		return
	}
	fmt.Println("actor:", httpsig.ActorID(p.KeyID))
	key, err := httpsig.ParsePublicKeyPEM(publicKeyPem) // the fetched actor's publicKeyPem
	if err != nil {
		fmt.Println("401:", err)
		return
	}
	if err := httpsig.Verify(r, body, p, key, httpsig.Options{Strict: true}); err != nil {
		fmt.Println("401:", err)
		return
	}
	fmt.Println("verified")

	// The same body, changed on the way.
	err = httpsig.Verify(r, []byte(`{"type":"Block"}`), p, key, httpsig.Options{})
	fmt.Println("401:", err)
	// Output:
	// actor: https://remote.example/users/alice
	// verified
	// 401: httpsig: body digest mismatch: Digest SHA-256
}
