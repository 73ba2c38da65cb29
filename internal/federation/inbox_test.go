package federation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

type queued struct {
	raw       []byte
	inboxUser string
}

// inboxFixture is our server (behind the real router) with a recording Enqueue.
type inboxFixture struct {
	*fixture
	mu     sync.Mutex
	queued []queued
}

func newInboxFixture(t *testing.T) *inboxFixture {
	t.Helper()
	st := testutil.NewStore(t)
	p := &activity.Pipeline{Store: st, BaseURL: base}
	f := &inboxFixture{}
	fed := &federation.Service{BaseURL: base, Store: st, Pipeline: p,
		Client:       safehttp.New(safehttp.Options{AllowPrivate: true, UserAgent: "test"}),
		AllowPrivate: true, Skew: 5 * time.Minute}
	fed.Enqueue = func(_ context.Context, raw []byte, inboxUser string) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.queued = append(f.queued, queued{raw, inboxUser})
		return nil
	}
	cfg := &config.Config{Host: "127.0.0.1", Scheme: "http", Port: 4721}
	f.fixture = &fixture{t: t, st: st, fed: fed, h: server.New(cfg, st, fed).Handler()}
	return f
}

func (f *inboxFixture) send(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func (f *inboxFixture) last() queued {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queued) == 0 {
		f.t.Fatal("nothing enqueued")
	}
	return f.queued[len(f.queued)-1]
}

func (f *inboxFixture) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queued)
}

func note(actor, id, to string) []byte {
	b, _ := json.Marshal(map[string]any{"id": id + "/activity", "type": "Create", "actor": actor, "to": []any{to},
		"object": map[string]any{"id": id, "type": "Note", "attributedTo": actor, "content": "hi", "to": []any{to}}})
	return b
}

func TestInboxVerifiesAndEnqueues(t *testing.T) {
	f := newInboxFixture(t)
	alice := f.user("alice")
	peer := newPeer(t)
	bob := peer.actor("bob")
	body := note(bob, peer.srv.URL+"/notes/1", ap.Public)

	rec := f.send(peer.signedPost(base+"/inbox", "bob", body))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("shared inbox: %d %s", rec.Code, rec.Body.String())
	}
	if q := f.last(); !bytes.Equal(q.raw, body) || q.inboxUser != "" {
		t.Fatalf("queued %+v", q)
	}
	rec = f.send(peer.signedPost(base+"/users/alice/inbox", "bob", body))
	if rec.Code != http.StatusAccepted || f.last().inboxUser != alice.APID {
		t.Fatalf("personal inbox: %d, queued for %q", rec.Code, f.last().inboxUser)
	}
	// Nothing was ingested inside the request.
	if _, err := f.st.ObjectByAPID(context.Background(), peer.srv.URL+"/notes/1"); err == nil {
		t.Fatal("ingested during the request")
	}

	before := f.count()
	refusals := map[string]struct {
		req  *http.Request
		code int
	}{
		"unsigned": {func() *http.Request {
			r := httptest.NewRequest("POST", base+"/inbox", bytes.NewReader(body))
			return r
		}(), 401},
		"body changed after signing": {func() *http.Request {
			r := peer.signedPost(base+"/inbox", "bob", body)
			changed := bytes.Replace(body, []byte(`"hi"`), []byte(`"HI"`), 1)
			r.Body = ioNopCloser(changed)
			return r
		}(), 401},
		"signer is not the actor": {peer.signedPost(base+"/inbox", "bob", note(peer.actor("eve"), peer.srv.URL+"/notes/2", ap.Public)), 401},
		"malformed json":          {peer.signedPost(base+"/inbox", "bob", []byte(`{"id":`)), 400},
		"unknown inbox":           {peer.signedPost(base+"/users/nobody/inbox", "bob", body), 404},
		"too large": {func() *http.Request {
			big := bytes.Repeat([]byte("a"), ap.MaxPayloadBytes+10)
			return httptest.NewRequest("POST", base+"/inbox", bytes.NewReader(big))
		}(), 413},
		"date too old": {func() *http.Request {
			r := httptest.NewRequest("POST", base+"/inbox", bytes.NewReader(body))
			r.Header.Set("Date", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat))
			signed := peer.signedPost(base+"/inbox", "bob", body)
			r.Header = signed.Header.Clone()
			r.Header.Set("Date", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat))
			return r
		}(), 401},
	}
	for name, c := range refusals {
		t.Run(name, func(t *testing.T) {
			if rec := f.send(c.req); rec.Code != c.code {
				t.Fatalf("%d, want %d: %s", rec.Code, c.code, rec.Body.String())
			}
		})
	}
	if f.count() != before {
		t.Fatalf("refused deliveries were enqueued: %d", f.count()-before)
	}
}

func TestInboxKeyRotation(t *testing.T) {
	f := newInboxFixture(t)
	peer := newPeer(t)
	bob := peer.actor("bob")
	if rec := f.send(peer.signedPost(base+"/inbox", "bob", note(bob, peer.srv.URL+"/n/1", ap.Public))); rec.Code != 202 {
		t.Fatalf("first delivery: %d", rec.Code)
	}
	peer.actor("bob") // a new key; our stored copy is now stale
	if rec := f.send(peer.signedPost(base+"/inbox", "bob", note(bob, peer.srv.URL+"/n/2", ap.Public))); rec.Code != 202 {
		t.Fatalf("after rotation: %d %s", rec.Code, rec.Body.String())
	}
}

func TestInboxRateLimitIsPerIPBeforeVerification(t *testing.T) {
	old := federation.InboxRateLimit
	federation.InboxRateLimit.Requests = 5
	defer func() { federation.InboxRateLimit = old }()
	f := newInboxFixture(t)
	var last *httptest.ResponseRecorder
	for i := 0; i < 6; i++ {
		r := httptest.NewRequest("POST", base+"/inbox", strings.NewReader("{}"))
		r.RemoteAddr = "192.0.2.1:1234"
		last = f.send(r)
		if i < 5 && last.Code != 401 {
			t.Fatalf("request %d: %d", i, last.Code)
		}
	}
	if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") == "" {
		t.Fatalf("6th request: %d, Retry-After %q", last.Code, last.Header().Get("Retry-After"))
	}
	other := httptest.NewRequest("POST", base+"/inbox", strings.NewReader("{}"))
	other.RemoteAddr = "192.0.2.2:1234"
	if rec := f.send(other); rec.Code == http.StatusTooManyRequests {
		t.Fatal("another IP was limited too")
	}
}

// TestRealWorldPayloadsThroughTheInbox delivers captured Mastodon, Pleroma and Kroeg payloads,
// re-homed on a fake peer and really signed, then ingests what was enqueued.
func TestRealWorldPayloadsThroughTheInbox(t *testing.T) {
	f := newInboxFixture(t)
	f.user("lain")
	peer := newPeer(t)
	cases := []struct{ file, origin, nick, wantType string }{
		{"mastodon-post-activity.json", "http://mastodon.example.org", "admin", "Note"},
		{"kroeg-post-activity.json", "https://puckipedia.com", "", "Note"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			raw, err := os.ReadFile("../../../shared/fixtures/ap/rebased/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(raw), c.origin, peer.srv.URL)
			text = strings.ReplaceAll(text, "http://localtesting.pleroma.lol/users/lain", base+"/users/lain")
			doc, err := ap.Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			actor := doc.Ref("actor")
			nick := strings.TrimPrefix(actor, peer.srv.URL+"/users/")
			if !strings.HasPrefix(actor, peer.srv.URL+"/users/") {
				nick = "kroeg"
				text = strings.ReplaceAll(text, actor, peer.srv.URL+"/users/kroeg")
				doc, _ = ap.Parse([]byte(text))
			}
			peer.actor(nick)
			rec := f.send(peer.signedPost(base+"/inbox", nick, []byte(text)))
			if rec.Code != 202 {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			q := f.last()
			obj, _ := ap.Parse(q.raw)
			if _, err := f.fed.Pipeline.Ingest(context.Background(), obj, activity.Origin{Source: activity.Inbox, InboxUser: q.inboxUser}); err != nil {
				t.Fatalf("ingest: %v", err)
			}
			inner, _ := doc.Embedded("object")
			o, err := f.st.ObjectByAPID(context.Background(), inner.ID())
			if err != nil || o.Type != c.wantType || o.Actor != doc.Ref("actor") {
				t.Fatalf("stored %+v %v", o, err)
			}
		})
	}
	_ = store.ErrNotFound
}
