package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// Bounds on public keys read from remote actors.
const (
	maxPEMBytes = 64 << 10
	minRSABits  = 1024
	maxRSABits  = 8192 // verification cost grows with the modulus; 4096 is the largest in use
)

// ParsePublicKeyPEM reads an actor's publicKeyPem: a PKIX "PUBLIC KEY" (RSA, Ed25519 or
// ECDSA) or a PKCS#1 "RSA PUBLIC KEY". It returns ErrBadKey for anything else and never panics.
func ParsePublicKeyPEM(s string) (crypto.PublicKey, error) {
	if len(s) > maxPEMBytes {
		return nil, fmt.Errorf("%w: PEM is %d bytes", ErrBadKey, len(s))
	}
	rest := []byte(s)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, fmt.Errorf("%w: no PUBLIC KEY block", ErrBadKey)
		}
		var key any
		var err error
		switch block.Type {
		case "PUBLIC KEY":
			key, err = x509.ParsePKIXPublicKey(block.Bytes)
		case "RSA PUBLIC KEY":
			key, err = x509.ParsePKCS1PublicKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadKey, err)
		}
		return checkPublicKey(key)
	}
}

func checkPublicKey(key any) (crypto.PublicKey, error) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if bits := k.N.BitLen(); bits < minRSABits || bits > maxRSABits {
			return nil, fmt.Errorf("%w: RSA key of %d bits", ErrBadKey, bits)
		}
		return k, nil
	case ed25519.PublicKey:
		return k, nil
	case *ecdsa.PublicKey:
		return k, nil
	}
	return nil, fmt.Errorf("%w: key type %T", ErrBadKey, key)
}

// ActorID derives the actor id from a keyId: it strips a "#fragment" (Mastodon's #main-key)
// and a trailing "/main-key" (GoToSocial) or "/publickey", in any case. The caller must still check that
// the fetched actor really owns the key.
func ActorID(keyID string) string {
	id, _, _ := strings.Cut(keyID, "#")
	lower := strings.ToLower(id)
	for _, suffix := range []string{"/main-key", "/publickey"} {
		if strings.HasSuffix(lower, suffix) {
			return id[:len(id)-len(suffix)]
		}
	}
	return id
}
