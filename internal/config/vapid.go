package config

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnsureVAPID fills the Web Push key pair: from the settings (both, and matching), else from
// DATA_DIR/vapid_keys ("public\nprivate\n"), generating that file once.
func (c *Config) EnsureVAPID() error {
	switch {
	case c.VAPIDPublicKey != "" && c.VAPIDPrivateKey != "":
		return checkVAPID("EGREGOROS_VAPID_PRIVATE_KEY", c.VAPIDPublicKey, c.VAPIDPrivateKey)
	case c.VAPIDPublicKey != "" || c.VAPIDPrivateKey != "":
		return errors.New("config: set both EGREGOROS_VAPID_PUBLIC_KEY and EGREGOROS_VAPID_PRIVATE_KEY, or neither")
	}
	path := filepath.Join(c.DataDir, "vapid_keys")
	if b, err := os.ReadFile(path); err == nil {
		lines := strings.Fields(string(b))
		if len(lines) != 2 {
			return fmt.Errorf("config: %s: want the public and the private key on two lines", path)
		}
		if err := checkVAPID(path, lines[0], lines[1]); err != nil {
			return err
		}
		c.VAPIDPublicKey, c.VAPIDPrivateKey = lines[0], lines[1]
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("config: VAPID keys: %w", err)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("config: EGREGOROS_DATA_DIR: %w", err)
	}
	pub, priv, err := GenerateVAPID()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(pub+"\n"+priv+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: VAPID keys: %w", err)
	}
	c.VAPIDPublicKey, c.VAPIDPrivateKey = pub, priv
	return nil
}

// GenerateVAPID makes a P-256 key pair, encoded as Web Push expects: the uncompressed public
// point and the private scalar, both base64url without padding.
func GenerateVAPID() (public, private string, err error) {
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(k.PublicKey().Bytes()), enc.EncodeToString(k.Bytes()), nil
}

// checkVAPID verifies that public is the point of private.
func checkVAPID(where, public, private string) error {
	priv, err1 := decodeB64URL(private)
	pub, err2 := decodeB64URL(public)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("config: %s: VAPID keys are not base64url: %w", where, err)
	}
	k, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil {
		return fmt.Errorf("config: %s: VAPID private key: %w", where, err)
	}
	if !bytes.Equal(k.PublicKey().Bytes(), pub) {
		return fmt.Errorf("config: %s: the VAPID public key does not belong to the private key", where)
	}
	return nil
}

func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
