package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"math/big"
	"strings"
)

// algorithm verifies one signature scheme; verify reports whether sig is valid for msg.
type algorithm struct {
	name   string
	verify func(pub crypto.PublicKey, msg, sig []byte) bool
}

var (
	algRSASHA256 = algorithm{"rsa-sha256", rsaPKCS1v15(crypto.SHA256)}
	algRSASHA512 = algorithm{"rsa-sha512", rsaPKCS1v15(crypto.SHA512)}
	algRSAv15    = algorithm{"rsa-v1_5-sha256", rsaPKCS1v15(crypto.SHA256)}
	algRSAPSS    = algorithm{"rsa-pss-sha512", rsaPSSSHA512}
	algEd25519   = algorithm{"ed25519", ed25519Verify}
	algECDSAP256 = algorithm{"ecdsa-p256-sha256", ecdsaVerify(elliptic.P256(), crypto.SHA256)}
	algECDSAP384 = algorithm{"ecdsa-p384-sha384", ecdsaVerify(elliptic.P384(), crypto.SHA384)}
	algHMAC      = algorithm{"hmac-sha256", hmacSHA256}
)

// cavageAlgorithms picks the algorithms to try for a draft-cavage signature. The key decides:
// hs2019 and rsa-sha256 both mean RSASSA-PKCS1-v1_5 with SHA-256 for an RSA key (hs2019 also
// tries SHA-512, as GoToSocial accepts); Ed25519 keys verify as ed25519.
func cavageAlgorithms(alg string, pub crypto.PublicKey) ([]algorithm, error) {
	alg = strings.ToLower(alg)
	switch pub.(type) {
	case *rsa.PublicKey:
		switch alg {
		case "rsa-sha256":
			return []algorithm{algRSASHA256}, nil
		case "rsa-sha512":
			return []algorithm{algRSASHA512}, nil
		case "hs2019", "":
			return []algorithm{algRSASHA256, algRSASHA512}, nil
		}
	case ed25519.PublicKey:
		switch alg {
		case "ed25519", "hs2019", "":
			return []algorithm{algEd25519}, nil
		}
	default:
		return nil, fmt.Errorf("%w: key type %T for a cavage signature", ErrUnsupported, pub)
	}
	return nil, fmt.Errorf("%w: algorithm %q with a %T key", ErrUnsupported, alg, pub)
}

// rfc9421Algorithms picks the algorithms to try for an RFC 9421 signature: the alg parameter
// if present (it must suit the key), else from the key type. An RSA key without alg tries
// rsa-v1_5-sha256 (what Mastodon uses) and then rsa-pss-sha512.
func rfc9421Algorithms(alg string, pub crypto.PublicKey) ([]algorithm, error) {
	var fits []algorithm
	switch k := pub.(type) {
	case *rsa.PublicKey:
		fits = []algorithm{algRSAv15, algRSAPSS}
	case ed25519.PublicKey:
		fits = []algorithm{algEd25519}
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			fits = []algorithm{algECDSAP256}
		case elliptic.P384():
			fits = []algorithm{algECDSAP384}
		}
	case []byte:
		fits = []algorithm{algHMAC}
	}
	if len(fits) == 0 {
		return nil, fmt.Errorf("%w: key type %T for an RFC 9421 signature", ErrUnsupported, pub)
	}
	if alg == "" {
		return fits, nil
	}
	for _, a := range fits {
		if a.name == alg {
			return []algorithm{a}, nil
		}
	}
	return nil, fmt.Errorf("%w: alg %q with a %T key", ErrUnsupported, alg, pub)
}

func digestOf(h crypto.Hash, msg []byte) []byte {
	switch h {
	case crypto.SHA256:
		s := sha256.Sum256(msg)
		return s[:]
	case crypto.SHA384:
		s := sha512.Sum384(msg)
		return s[:]
	default:
		s := sha512.Sum512(msg)
		return s[:]
	}
}

func rsaPKCS1v15(h crypto.Hash) func(crypto.PublicKey, []byte, []byte) bool {
	return func(pub crypto.PublicKey, msg, sig []byte) bool {
		k, ok := pub.(*rsa.PublicKey)
		return ok && rsa.VerifyPKCS1v15(k, h, digestOf(h, msg), sig) == nil
	}
}

func rsaPSSSHA512(pub crypto.PublicKey, msg, sig []byte) bool {
	k, ok := pub.(*rsa.PublicKey)
	opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
	return ok && rsa.VerifyPSS(k, crypto.SHA512, digestOf(crypto.SHA512, msg), sig, opts) == nil
}

func ed25519Verify(pub crypto.PublicKey, msg, sig []byte) bool {
	k, ok := pub.(ed25519.PublicKey)
	return ok && len(k) == ed25519.PublicKeySize && ed25519.Verify(k, msg, sig)
}

// ecdsaVerify checks an RFC 9421 §3.3.4/3.3.5 ECDSA signature: r and s as fixed-size
// big-endian integers, concatenated (not ASN.1).
func ecdsaVerify(curve elliptic.Curve, h crypto.Hash) func(crypto.PublicKey, []byte, []byte) bool {
	size := (curve.Params().BitSize + 7) / 8
	return func(pub crypto.PublicKey, msg, sig []byte) bool {
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok || k.Curve != curve || len(sig) != 2*size {
			return false
		}
		r := new(big.Int).SetBytes(sig[:size])
		s := new(big.Int).SetBytes(sig[size:])
		return ecdsa.Verify(k, digestOf(h, msg), r, s)
	}
}

func hmacSHA256(pub crypto.PublicKey, msg, sig []byte) bool {
	key, ok := pub.([]byte)
	if !ok || len(key) == 0 {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return hmac.Equal(m.Sum(nil), sig)
}
