package federation_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/httpsig"
)

// peer is a fake remote server on loopback: it serves actor documents with their keys and
// records what is delivered to its inboxes.
type peer struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	keys  map[string]*rsa.PrivateKey
	inbox [][]byte
	posts []*http.Request // the POSTs received (headers; bodies are in inbox)
	docs  map[string]any  // other documents by path
	gets  map[string]int  // GETs by path
}

func newPeer(t *testing.T) *peer {
	p := &peer{t: t, keys: map[string]*rsa.PrivateKey{}, docs: map[string]any{}, gets: map[string]int{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *peer) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Method == http.MethodPost {
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		p.inbox = append(p.inbox, b.Bytes())
		p.posts = append(p.posts, r.Clone(r.Context()))
		w.WriteHeader(http.StatusAccepted)
		return
	}
	p.gets[r.URL.Path]++
	if doc, ok := p.docs[r.URL.Path]; ok {
		w.Header().Set("Content-Type", "application/activity+json")
		json.NewEncoder(w).Encode(doc)
		return
	}
	nick := strings.TrimPrefix(r.URL.Path, "/users/")
	key, ok := p.keys[nick]
	if !ok {
		http.NotFound(w, r)
		return
	}
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	id := p.srv.URL + "/users/" + nick
	w.Header().Set("Content-Type", "application/activity+json")
	json.NewEncoder(w).Encode(map[string]any{
		"@context": "https://www.w3.org/ns/activitystreams", "id": id, "type": "Person",
		"preferredUsername": nick, "inbox": id + "/inbox", "outbox": id + "/outbox",
		"followers": id + "/followers", "endpoints": map[string]any{"sharedInbox": p.srv.URL + "/inbox"},
		"publicKey": map[string]any{"id": id + "#main-key", "owner": id,
			"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))},
	})
}

// actor creates (or rotates) an actor's key and returns the actor id.
func (p *peer) actor(nick string) string {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.keys[nick] = key
	p.mu.Unlock()
	return p.srv.URL + "/users/" + nick
}

// signedPost builds a POST of body to url signed by nick's key.
func (p *peer) signedPost(url, nick string, body []byte) *http.Request {
	p.mu.Lock()
	key := p.keys[nick]
	p.mu.Unlock()
	req := httptest.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/activity+json")
	if err := httpsig.SignRequest(req, body, p.srv.URL+"/users/"+nick+"#main-key", key); err != nil {
		p.t.Fatal(err)
	}
	return req
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func ioNopCloser(b []byte) nopCloser { return nopCloser{bytes.NewReader(b)} }

// serveDoc makes the peer serve doc at path and returns its URL.
func (p *peer) serveDoc(path string, doc map[string]any) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs[path] = doc
	return p.srv.URL + path
}
