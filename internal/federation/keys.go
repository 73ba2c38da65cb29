package federation

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/store"
)

// privateKey parses a local actor's PEM private key (PKCS#8, or PKCS#1 from imports).
func privateKey(u *store.User) (crypto.PrivateKey, error) {
	block, _ := pem.Decode([]byte(u.PrivateKey))
	if block == nil {
		return nil, fmt.Errorf("federation: %s has no private key", u.APID)
	}
	if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("federation: unreadable private key")
	}
	return k, nil
}
