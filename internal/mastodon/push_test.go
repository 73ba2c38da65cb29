package mastodon_test

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
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// pushAgent is a browser's side of Web Push: its key pair and auth secret, and a push service
// that records what it receives.
type pushAgent struct {
	t      *testing.T
	key    *ecdh.PrivateKey
	auth   []byte
	srv    *httptest.Server
	vapid  string // the server's VAPID public key, base64url
	mu     sync.Mutex
	got    []map[string]any // decrypted payloads
	status int              // what the push service answers
	seen   chan struct{}
	// standard subscribes with standard=true (RFC 8291, aes128gcm); otherwise pushes come
	// in the legacy aesgcm encoding, as from Mastodon.
	standard  bool
	encodings []string // the Content-Encoding of each push received
}

func newPushAgent(t *testing.T, vapidPublic string) *pushAgent {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &pushAgent{t: t, key: key, auth: make([]byte, 16), vapid: vapidPublic, status: http.StatusCreated,
		seen: make(chan struct{}, 16)}
	rand.Read(p.auth)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *pushAgent) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	enc, want := r.Header.Get("Content-Encoding"), "aesgcm"
	if p.standard {
		want = "aes128gcm"
	}
	if enc != want || r.Header.Get("TTL") == "" {
		p.t.Errorf("Content-Encoding %q, want %q; headers %v", enc, want, r.Header)
	}
	auth := r.Header.Get("Authorization")
	if enc == "aesgcm" {
		auth = p.legacyVAPID(r.Header)
	}
	if err := p.checkVAPID(auth); err != nil {
		p.t.Errorf("VAPID: %v", err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var plain []byte
	var err error
	if enc == "aesgcm" {
		plain, err = p.decryptLegacy(r.Header, body)
	} else {
		plain, err = p.decrypt(body)
	}
	if err != nil {
		p.t.Errorf("decrypt: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var m map[string]any
	if err := json.Unmarshal(plain, &m); err != nil {
		p.t.Errorf("payload %q: %v", plain, err)
	}
	p.mu.Lock()
	p.got = append(p.got, m)
	p.encodings = append(p.encodings, enc)
	status := p.status
	p.mu.Unlock()
	p.seen <- struct{}{}
	w.WriteHeader(status)
}

// checkVAPID verifies "vapid t=JWT, k=KEY" (RFC 8292): k is the server's key and the JWT is
// ES256-signed by it, for this push service's origin, not expired.
func (p *pushAgent) checkVAPID(h string) error {
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return errf("no vapid scheme in %q", h)
	}
	var tok, k string
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if v, ok := strings.CutPrefix(part, "t="); ok {
			tok = v
		} else if v, ok := strings.CutPrefix(part, "k="); ok {
			k = v
		}
	}
	if k != p.vapid {
		return errf("k=%s, want the server key %s", k, p.vapid)
	}
	raw, err := base64.RawURLEncoding.DecodeString(k)
	if err != nil {
		return err
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		return err
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return errf("JWT %q", tok)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return errf("JWT signature: %v", err)
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return errf("JWT signature does not verify with the VAPID key")
	}
	var head, claims map[string]any
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(hb, &head) != nil || json.Unmarshal(cb, &claims) != nil || head["alg"] != "ES256" {
		return errf("JWT header %s claims %s", hb, cb)
	}
	if claims["aud"] != p.srv.URL {
		return errf("aud %v, want %s", claims["aud"], p.srv.URL)
	}
	if exp, _ := claims["exp"].(float64); time.Unix(int64(exp), 0).Before(time.Now()) || claims["sub"] == "" {
		return errf("claims %v", claims)
	}
	return nil
}

// decrypt opens an RFC 8291 aes128gcm body with the agent's private key and auth secret.
func (p *pushAgent) decrypt(body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errf("short body")
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	if len(body) < 21+idlen || rs < 18 {
		return nil, errf("header")
	}
	asPublic, ciphertext := body[21:21+idlen], body[21+idlen:]
	senderKey, err := ecdh.P256().NewPublicKey(asPublic)
	if err != nil {
		return nil, err
	}
	secret, err := p.key.ECDH(senderKey)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), p.key.PublicKey().Bytes()...), asPublic...)
	ikm, err := hkdf.Key(sha256.New, secret, p.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
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
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		return nil, err
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		return nil, errf("no last-record delimiter")
	}
	return plain[:len(plain)-1], nil
}

// legacyVAPID turns the VAPID of an aesgcm push, as Mastodon sends it ("Authorization:
// WebPush <jwt>" and p256ecdsa=<key> in Crypto-Key), into the RFC 8292 form checkVAPID reads.
func (p *pushAgent) legacyVAPID(h http.Header) string {
	jwt, ok := strings.CutPrefix(h.Get("Authorization"), "WebPush ")
	if !ok {
		return ""
	}
	return "vapid t=" + jwt + ", k=" + headerParam(h.Get("Crypto-Key"), "p256ecdsa")
}

// headerParam is the value of name=value among the ;- or ,-separated parameters of a header.
func headerParam(h, name string) string {
	for _, part := range strings.FieldsFunc(h, func(r rune) bool { return r == ';' || r == ',' }) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), name+"="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

// decryptLegacy opens an aesgcm body (draft-ietf-webpush-encryption-04): the salt from
// Encryption, the sender's key from Crypto-Key's dh, one record with a 2-octet padding length.
func (p *pushAgent) decryptLegacy(h http.Header, body []byte) ([]byte, error) {
	salt, err := base64.RawURLEncoding.DecodeString(headerParam(h.Get("Encryption"), "salt"))
	if err != nil || len(salt) != 16 {
		return nil, errf("Encryption %q", h.Get("Encryption"))
	}
	asPublic, err := base64.RawURLEncoding.DecodeString(headerParam(h.Get("Crypto-Key"), "dh"))
	if err != nil {
		return nil, errf("Crypto-Key %q", h.Get("Crypto-Key"))
	}
	return mastodon.OpenAESGCM(body, p.key, p.auth, asPublic, salt)
}

func (p *pushAgent) payloads() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.got...)
}

func (p *pushAgent) subscribe(a *api, tok string, data map[string]any) map[string]any {
	a.t.Helper()
	body := map[string]any{"subscription": map[string]any{"endpoint": p.srv.URL + "/push/" + store.NewID(),
		"keys": map[string]any{"p256dh": base64.RawURLEncoding.EncodeToString(p.key.PublicKey().Bytes()),
			"auth": base64.RawURLEncoding.EncodeToString(p.auth)}, "standard": p.standard}, "data": data}
	r := a.do("POST", "/api/v1/push/subscription", tok, body)
	if r.Code != 200 {
		a.t.Fatalf("subscribe: %d %s", r.Code, r.Body.String())
	}
	return r.obj()
}

func errf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// withPush configures the service's Web Push keys and outbound client (deliveries at once:
// no queue).
func (a *api) withPush() string {
	a.t.Helper()
	pub, priv, err := config.GenerateVAPID()
	if err != nil {
		a.t.Fatal(err)
	}
	a.svc.Push = mastodon.PushConfig{PublicKey: pub, PrivateKey: priv, AllowPrivate: true,
		Client: safehttp.New(safehttp.Options{AllowPrivate: true})}
	return pub
}

func TestPushSubscriptionAPI(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	pub := a.withPush()
	alice := a.user("alice")
	tok := a.token(alice, "push")
	agent := newPushAgent(t, pub)

	sub := agent.subscribe(a, tok, map[string]any{"alerts": map[string]any{"mention": true, "follow": "1"}, "policy": "followed"})
	alerts := sub["alerts"].(map[string]any)
	if sub["server_key"] != pub || sub["policy"] != "followed" || alerts["mention"] != true || alerts["follow"] != true ||
		alerts["favourite"] != false || alerts["admin.report"] != false || sub["standard"] != false {
		t.Fatalf("subscription %v", sub)
	}
	got := a.do("GET", "/api/v1/push/subscription", tok, nil).obj()
	if got["id"] != sub["id"] || got["endpoint"] != sub["endpoint"] {
		t.Fatalf("GET %v, want %v", got, sub)
	}
	// Another token of the same user has its own (no) subscription.
	other := a.token(alice, "push")
	wantError(t, a.do("GET", "/api/v1/push/subscription", other, nil), 404)

	upd := a.do("PUT", "/api/v1/push/subscription", tok, map[string]any{"data": map[string]any{
		"alerts": map[string]any{"favourite": true, "mention": false}, "policy": "none"}}).obj()
	ua := upd["alerts"].(map[string]any)
	if upd["policy"] != "none" || ua["favourite"] != true || ua["mention"] != false || ua["follow"] != true || upd["id"] != sub["id"] {
		t.Fatalf("PUT %v", upd)
	}
	// Subscribing again replaces the token's subscription.
	again := agent.subscribe(a, tok, nil)
	if again["id"] == sub["id"] || again["policy"] != "all" || again["alerts"].(map[string]any)["follow"] != false {
		t.Fatalf("replaced %v", again)
	}

	// Scope push is needed; bad input is refused.
	wantError(t, a.do("GET", "/api/v1/push/subscription", a.token(alice, "read", "write"), nil), 403)
	wantError(t, a.do("GET", "/api/v1/push/subscription", "", nil), 401)
	good := base64.RawURLEncoding.EncodeToString(agent.key.PublicKey().Bytes())
	for name, s := range map[string]map[string]any{
		"no endpoint":   {"keys": map[string]any{"p256dh": good, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
		"ftp endpoint":  {"endpoint": "ftp://push.example/x", "keys": map[string]any{"p256dh": good, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
		"js endpoint":   {"endpoint": "javascript:alert(1)", "keys": map[string]any{"p256dh": good, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
		"huge endpoint": {"endpoint": "https://push.example/" + strings.Repeat("a", 3000), "keys": map[string]any{"p256dh": good, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
		"bad key":       {"endpoint": "https://push.example/x", "keys": map[string]any{"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
		"short auth":    {"endpoint": "https://push.example/x", "keys": map[string]any{"p256dh": good, "auth": "AAAA"}},
		"no keys":       {"endpoint": "https://push.example/x"},
	} {
		if r := a.do("POST", "/api/v1/push/subscription", tok, map[string]any{"subscription": s}); r.Code != 422 {
			t.Errorf("%s: %d %s", name, r.Code, r.Body.String())
		}
	}
	wantError(t, a.do("PUT", "/api/v1/push/subscription", tok, map[string]any{"data": map[string]any{"policy": "friends"}}), 422)
	wantError(t, a.do("PUT", "/api/v1/push/subscription", tok, map[string]any{"data": map[string]any{"alerts": map[string]any{"mention": "maybe"}}}), 422)

	// The key is advertised where clients look for it.
	in := a.do("GET", "/api/v2/instance", "", nil).obj()
	if in["configuration"].(map[string]any)["vapid"].(map[string]any)["public_key"] != pub {
		t.Fatalf("instance vapid %v", in["configuration"])
	}
	app := a.do("POST", "/api/v1/apps", "", map[string]any{"client_name": "c", "redirect_uris": mastodon.OOB}).obj()
	if app["vapid_key"] != pub {
		t.Fatalf("app %v", app)
	}

	if r := a.do("DELETE", "/api/v1/push/subscription", tok, nil); r.Code != 200 || r.Body.String() != "{}\n" {
		t.Fatalf("DELETE: %d %s", r.Code, r.Body.String())
	}
	wantError(t, a.do("GET", "/api/v1/push/subscription", tok, nil), 404)
	wantError(t, a.do("PUT", "/api/v1/push/subscription", tok, map[string]any{"data": map[string]any{"policy": "all"}}), 404)
}

// pushLatest delivers alice's newest notification to her subscription, as the job does.
func (a *api) pushLatest(u *store.User, subID string) (string, error) {
	a.t.Helper()
	ns, err := a.st.Notifications(a.ctx, u.ID, "", 1)
	if err != nil || len(ns) == 0 {
		a.t.Fatalf("no notification: %v", err)
	}
	return ns[0].ID, a.svc.DeliverPush(a.ctx, ns[0].ID, subID)
}

func TestPushDelivery(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	pub := a.withPush()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	aliceTok, bobTok, carolTok := a.token(alice, "read", "write", "follow", "push"), a.token(bob, "read", "write"), a.token(carol, "read", "write", "follow")
	agent := newPushAgent(t, pub)
	sub := agent.subscribe(a, aliceTok, map[string]any{"alerts": map[string]any{"mention": true, "follow": true}})
	subID := sub["id"].(string)
	count := func() int { return len(agent.payloads()) }

	// The notification's transaction queues one push job per subscription (the jobs are
	// recorded here and run after the request, as River would run them after the commit).
	type job struct{ notification, subscription string }
	var queued []job
	a.svc.Push.EnqueueTx = func(_ context.Context, tx *sql.Tx, n, sub string) error {
		if tx == nil {
			t.Error("push queued outside the transaction")
		}
		queued = append(queued, job{n, sub})
		return nil
	}
	a.svc.Pipeline.Notified = a.svc.QueuePushTx
	a.stPost(bobTok, map[string]any{"status": "hello @alice, <b>bold</b> move"})
	if len(queued) != 1 || queued[0].subscription != subID {
		t.Fatalf("queued %v, want one job for %s", queued, subID)
	}
	if err := a.svc.DeliverPush(a.ctx, queued[0].notification, queued[0].subscription); err != nil {
		t.Fatal(err)
	}
	select {
	case <-agent.seen:
	case <-time.After(10 * time.Second):
		t.Fatal("no push for the mention")
	}
	a.svc.Pipeline.Notified = nil
	p := agent.payloads()[0]
	ns, _ := a.st.Notifications(a.ctx, alice.ID, "", 1)
	if p["notification_type"] != "mention" || p["notification_id"] != ns[0].ID || !strings.Contains(p["title"].(string), "bob") ||
		!strings.Contains(p["body"].(string), "hello @alice, <b>bold</b> move") || p["preferred_locale"] != "en" ||
		!strings.HasPrefix(p["icon"].(string), "http") {
		t.Fatalf("payload %v", p)
	}

	// Alerts: favourites are off.
	mine := a.stPost(aliceTok, map[string]any{"status": "mine"})
	stOK(t, a.do("POST", "/api/v1/statuses/"+mine+"/favourite", bobTok, nil))
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 1 {
		t.Fatalf("favourite pushed with the alert off: %v, %d pushes", err, count())
	}
	// Follows are on.
	stOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", carolTok, nil))
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 2 || agent.payloads()[1]["notification_type"] != "follow" {
		t.Fatalf("follow: %v, %v", err, agent.payloads())
	}

	// Policy followed: only accounts alice follows.
	stOK(t, a.do("PUT", "/api/v1/push/subscription", aliceTok, map[string]any{"data": map[string]any{"policy": "followed"}}))
	a.stPost(bobTok, map[string]any{"status": "@alice again"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 2 {
		t.Fatalf("pushed from an account alice does not follow: %v %d", err, count())
	}
	stOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", aliceTok, nil))
	a.stPost(bobTok, map[string]any{"status": "@alice now you follow me"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 3 {
		t.Fatalf("followed account: %v %d", err, count())
	}
	// Policy follower: carol follows alice, bob does not.
	stOK(t, a.do("PUT", "/api/v1/push/subscription", aliceTok, map[string]any{"data": map[string]any{"policy": "follower"}}))
	a.stPost(bobTok, map[string]any{"status": "@alice from a non-follower"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 3 {
		t.Fatalf("non-follower pushed: %v %d", err, count())
	}
	a.stPost(carolTok, map[string]any{"status": "@alice from a follower"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 4 {
		t.Fatalf("follower: %v %d", err, count())
	}
	// Policy none: nothing.
	stOK(t, a.do("PUT", "/api/v1/push/subscription", aliceTok, map[string]any{"data": map[string]any{"policy": "none"}}))
	a.stPost(carolTok, map[string]any{"status": "@alice hello"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 4 {
		t.Fatalf("policy none pushed: %v %d", err, count())
	}
	stOK(t, a.do("PUT", "/api/v1/push/subscription", aliceTok, map[string]any{"data": map[string]any{"policy": "all"}}))

	// Never a status alice cannot see: a notification about carol's followers-only post
	// (alice is no follower of carol) is not pushed, whatever its type.
	hidden := a.stPost(carolTok, map[string]any{"status": "for my followers", "visibility": "private"})
	row, err := a.st.ObjectByID(a.ctx, hidden)
	if err != nil {
		t.Fatal(err)
	}
	n := &store.Notification{UserID: alice.ID, Type: "mention", Actor: carol.APID, Object: row.APID, ActivityAPID: row.APID + "#x"}
	if _, err := a.st.AddNotification(a.ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.DeliverPush(a.ctx, n.ID, subID); err != nil || count() != 4 {
		t.Fatalf("invisible status pushed: %v %d", err, count())
	}
	// A direct mention of alice is hers to see.
	a.stPost(bobTok, map[string]any{"status": "@alice secret", "visibility": "direct"})
	if _, err := a.pushLatest(alice, subID); err != nil || count() != 5 || !strings.Contains(agent.payloads()[4]["body"].(string), "secret") {
		t.Fatalf("direct mention: %v %d", err, count())
	}

	// A failing push service: 500 is an error (the job retries), 410 deletes the subscription.
	agent.mu.Lock()
	agent.status = http.StatusInternalServerError
	agent.mu.Unlock()
	a.stPost(bobTok, map[string]any{"status": "@alice once more"})
	id, err := a.pushLatest(alice, subID)
	if err == nil {
		t.Fatal("a 500 from the push service is not an error")
	}
	agent.mu.Lock()
	agent.status = http.StatusGone
	agent.mu.Unlock()
	if err := a.svc.DeliverPush(a.ctx, id, subID); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.do("GET", "/api/v1/push/subscription", aliceTok, nil), 404)
}

func TestPushRevokedToken(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	pub := a.withPush()
	alice, bob := a.user("alice"), a.user("bob")
	aliceTok, bobTok := a.token(alice, "push"), a.token(bob, "read", "write")
	agent := newPushAgent(t, pub)
	subID := agent.subscribe(a, aliceTok, map[string]any{"alerts": map[string]any{"mention": true}})["id"].(string)
	tok, err := a.st.TokenByDigest(a.ctx, store.Digest(aliceTok))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.st.RevokeToken(a.ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	a.stPost(bobTok, map[string]any{"status": "@alice hi"})
	if _, err := a.pushLatest(alice, subID); err != nil || len(agent.payloads()) != 0 {
		t.Fatalf("pushed to a revoked token's subscription: %v", err)
	}
}

// TestPushEncodings: a subscription made with standard=true is pushed in RFC 8291's
// aes128gcm, one made without it in the legacy aesgcm (Content-Encoding, Encryption,
// Crypto-Key dh and p256ecdsa, "Authorization: WebPush <jwt>"), as Mastodon does; both decrypt.
func TestPushEncodings(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	pub := a.withPush()
	alice, bob := a.user("alice"), a.user("bob")
	bobTok := a.token(bob, "read", "write")
	legacy, standard := newPushAgent(t, pub), newPushAgent(t, pub)
	standard.standard = true
	alerts := map[string]any{"alerts": map[string]any{"mention": true}}
	legacySub := legacy.subscribe(a, a.token(alice, "push"), alerts)
	standardSub := standard.subscribe(a, a.token(alice, "push"), alerts)
	if legacySub["standard"] != false || standardSub["standard"] != true {
		t.Fatalf("standard: %v, %v", legacySub["standard"], standardSub["standard"])
	}
	a.stPost(bobTok, map[string]any{"status": "hello @alice"})
	for _, c := range []struct {
		agent *pushAgent
		sub   map[string]any
		enc   string
	}{{legacy, legacySub, "aesgcm"}, {standard, standardSub, "aes128gcm"}} {
		id, err := a.pushLatest(alice, c.sub["id"].(string))
		if err != nil {
			t.Fatalf("%s: %v", c.enc, err)
		}
		select {
		case <-c.agent.seen:
		case <-time.After(10 * time.Second):
			t.Fatalf("no %s push", c.enc)
		}
		c.agent.mu.Lock()
		encs := c.agent.encodings
		c.agent.mu.Unlock()
		p := c.agent.payloads()
		if len(p) != 1 || len(encs) != 1 || encs[0] != c.enc || p[0]["notification_id"] != id ||
			p[0]["notification_type"] != "mention" || p[0]["body"] != "hello @alice" {
			t.Errorf("%s: got %v in %v", c.enc, p, encs)
		}
	}
}
