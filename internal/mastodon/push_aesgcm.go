package mastodon

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/golang-jwt/jwt/v5"
)

// The legacy Web Push encryption, "aesgcm" (draft-ietf-webpush-encryption-04 over
// draft-ietf-httpbis-encryption-encoding-03), which Mastodon still uses for subscriptions
// made without standard=true and which older clients and push relays expect. webpush-go
// implements only RFC 8291 (aes128gcm), used for standard subscriptions.

// aesgcmMaxPlaintext keeps the payload in one record of the default record size (4096,
// 2 octets of padding length included).
const aesgcmMaxPlaintext = 4096 - 2 - 1

// encryptAESGCM encrypts plaintext for a user agent's public key (uncompressed P-256 point)
// and auth secret with the server's ephemeral key and a 16-byte salt: one record, no padding.
func encryptAESGCM(plaintext, uaPublic, authSecret []byte, server *ecdh.PrivateKey, salt []byte) ([]byte, error) {
	if len(plaintext) > aesgcmMaxPlaintext {
		return nil, errors.New("push: payload too large for aesgcm")
	}
	if len(salt) != 16 {
		return nil, errors.New("push: salt must be 16 bytes")
	}
	ua, err := ecdh.P256().NewPublicKey(uaPublic)
	if err != nil {
		return nil, fmt.Errorf("push: p256dh: %w", err)
	}
	secret, err := server.ECDH(ua)
	if err != nil {
		return nil, err
	}
	ikm, err := hkdf.Key(sha256.New, secret, authSecret, "Content-Encoding: auth\x00", 32)
	if err != nil {
		return nil, err
	}
	// context = "P-256" 0x00 len(ua) ua len(as) as, lengths as 16-bit big-endian.
	asPublic := server.PublicKey().Bytes()
	kctx := []byte("P-256\x00")
	kctx = binary.BigEndian.AppendUint16(kctx, uint16(len(uaPublic)))
	kctx = append(kctx, uaPublic...)
	kctx = binary.BigEndian.AppendUint16(kctx, uint16(len(asPublic)))
	kctx = append(kctx, asPublic...)
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aesgcm\x00"+string(kctx), 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00"+string(kctx), 12)
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
	// The record: a 2-octet padding length (0), then the plaintext; the only record, so its
	// sequence number is 0 and the nonce is used as derived.
	record := append([]byte{0, 0}, plaintext...)
	return gcm.Seal(nil, nonce, record, nil), nil
}

// sendLegacyPush posts payload to a subscription made without standard=true, as Mastodon
// does: Content-Encoding aesgcm, the salt in Encryption, the server's ephemeral key and the
// VAPID key in Crypto-Key, and the VAPID JWT as "Authorization: WebPush <jwt>".
func (s *Service) sendLegacyPush(ctx context.Context, sub *store.PushSubscription, payload []byte) (*http.Response, error) {
	uaPublic, err := decodePushKey(sub.P256dh)
	if err != nil {
		return nil, fmt.Errorf("push: p256dh: %w", err)
	}
	auth, err := decodePushKey(sub.Auth)
	if err != nil {
		return nil, fmt.Errorf("push: auth: %w", err)
	}
	server, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	body, err := encryptAESGCM(payload, uaPublic, auth, server, salt)
	if err != nil {
		return nil, err
	}
	jwt, err := vapidJWT(sub.Endpoint, s.pushSubscriber(), s.Push.PrivateKey)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.Endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	b64 := base64.RawURLEncoding.EncodeToString
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Content-Encoding", "aesgcm")
	req.Header.Set("Encryption", "salt="+b64(salt))
	req.Header.Set("Crypto-Key", "dh="+b64(server.PublicKey().Bytes())+";p256ecdsa="+s.Push.PublicKey)
	req.Header.Set("Authorization", "WebPush "+jwt)
	req.Header.Set("TTL", strconv.Itoa(pushTTL))
	req.Header.Set("Urgency", "normal")
	return pushHTTP{s.Push.Client}.Do(req)
}

// vapidJWT is the ES256-signed VAPID token (RFC 8292) for an endpoint's origin, valid 12
// hours, signed with the VAPID private key (base64url of its 32-byte scalar).
func vapidJWT(endpoint, subscriber, privateKey string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", err
	}
	raw, err := decodePushKey(privateKey)
	if err != nil {
		return "", fmt.Errorf("push: VAPID private key: %w", err)
	}
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		return "", fmt.Errorf("push: VAPID private key: %w", err)
	}
	if !strings.HasPrefix(subscriber, "https:") && !strings.HasPrefix(subscriber, "mailto:") {
		subscriber = "mailto:" + subscriber
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"aud": u.Scheme + "://" + u.Host,
		"exp": time.Now().Add(12 * time.Hour).Unix(), "sub": subscriber})
	return tok.SignedString(key)
}
