package federation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

const base = "http://127.0.0.1:4721"

type fixture struct {
	t   *testing.T
	st  *store.Store
	fed *federation.Service
	h   http.Handler
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := testutil.NewStore(t)
	fed := &federation.Service{BaseURL: base, Store: st}
	cfg := &config.Config{Host: "127.0.0.1", Scheme: "http", Port: 4721}
	return &fixture{t: t, st: st, fed: fed, h: server.New(cfg, st, fed).Handler()}
}

func (f *fixture) get(path, accept string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	return m
}

func (f *fixture) user(nick string) *store.User {
	f.t.Helper()
	u, err := auth.CreateLocal(context.Background(), f.st, base, auth.NewUser{Nickname: nick, Password: "password123"})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func TestWebFinger(t *testing.T) {
	f := newFixture(t)
	alice := f.user("alice")
	for _, res := range []string{"acct:alice@127.0.0.1:4721", "acct:ALICE@127.0.0.1:4721", alice.APID, base + "/@alice"} {
		rec := f.get("/.well-known/webfinger?resource="+res, "")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/jrd+json") {
			t.Fatalf("%s: %d %s", res, rec.Code, rec.Header().Get("Content-Type"))
		}
		m := decode(t, rec)
		if m["subject"] != "acct:alice@127.0.0.1:4721" {
			t.Fatalf("subject %v", m["subject"])
		}
		links := m["links"].([]any)
		self := links[0].(map[string]any)
		if self["rel"] != "self" || self["href"] != alice.APID || self["type"] != "application/activity+json" {
			t.Fatalf("self link %v", self)
		}
	}
	for res, want := range map[string]int{
		"":                           400,
		"bogus":                      400,
		"acct:alice":                 400,
		"acct:alice@other.test":      404,
		"acct:nobody@127.0.0.1:4721": 404,
		"https://other.test/users/a": 404,
		base + "/users/alice/../x":   404,
		"acct:alice@127.0.0.1:4722":  404,
	} {
		if rec := f.get("/.well-known/webfinger?resource="+res, ""); rec.Code != want || decode(t, rec)["error"] == nil {
			t.Errorf("resource %q: %d, want %d with an error body", res, rec.Code, want)
		}
	}
}

func TestActorDocument(t *testing.T) {
	f := newFixture(t)
	alice := f.user("alice")
	rec := f.get("/users/alice", "application/activity+json")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/activity+json") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	m := decode(t, rec)
	for k, want := range map[string]any{
		"id": alice.APID, "type": "Person", "preferredUsername": "alice", "inbox": alice.APID + "/inbox",
		"outbox": alice.APID + "/outbox", "followers": alice.APID + "/followers", "following": alice.APID + "/following",
		"featured": alice.APID + "/collections/featured", "manuallyApprovesFollowers": false, "url": base + "/@alice",
	} {
		if m[k] != want {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	key := m["publicKey"].(map[string]any)
	if key["id"] != alice.APID+"#main-key" || key["owner"] != alice.APID || !strings.Contains(key["publicKeyPem"].(string), "BEGIN PUBLIC KEY") {
		t.Fatalf("publicKey %v", key)
	}
	if m["endpoints"].(map[string]any)["sharedInbox"] != base+"/inbox" {
		t.Fatalf("endpoints %v", m["endpoints"])
	}
	if _, leaked := m["privateKey"]; leaked || strings.Contains(rec.Body.String(), "PRIVATE KEY") {
		t.Fatal("private key in actor document")
	}
	ld := f.get("/users/alice", `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
	if ld.Code != 200 {
		t.Fatalf("ld+json: %d", ld.Code)
	}
	browser := f.get("/users/alice", "text/html,application/xhtml+xml")
	if browser.Code != http.StatusFound || browser.Header().Get("Location") != base+"/@alice" {
		t.Fatalf("browser: %d %s", browser.Code, browser.Header().Get("Location"))
	}
	if rec := f.get("/users/nobody", "application/activity+json"); rec.Code != 404 {
		t.Fatalf("unknown actor: %d", rec.Code)
	}
	inst := decode(t, f.get("/actor", "application/activity+json"))
	if inst["type"] != "Application" || inst["id"] != base+"/actor" || inst["publicKey"] == nil {
		t.Fatalf("instance actor %v", inst)
	}
	if rec := f.get("/users/instance.actor", "application/activity+json"); rec.Code != 404 {
		t.Fatalf("instance actor under /users: %d", rec.Code)
	}
}

func TestNodeInfoCountsAndHostMeta(t *testing.T) {
	f := newFixture(t)
	f.user("alice")
	f.user("bob")
	if _, err := f.fed.EnsureInstanceActor(context.Background()); err != nil {
		t.Fatal(err)
	}
	idx := decode(t, f.get("/.well-known/nodeinfo", ""))
	if len(idx["links"].([]any)) != 2 {
		t.Fatalf("nodeinfo index %v", idx)
	}
	for _, v := range []string{"2.0", "2.1"} {
		rec := f.get("/nodeinfo/"+v, "")
		m := decode(t, rec)
		users := m["usage"].(map[string]any)["users"].(map[string]any)
		if m["version"] != v || users["total"] != float64(2) || m["protocols"].([]any)[0] != "activitypub" || m["openRegistrations"] != false {
			t.Fatalf("nodeinfo %s: %v", v, m)
		}
		if !strings.Contains(rec.Header().Get("Content-Type"), "schema/"+v) {
			t.Fatalf("content type %s", rec.Header().Get("Content-Type"))
		}
	}
	f.fed.OpenSignups = true
	if m := decode(t, f.get("/nodeinfo/2.1", "")); m["openRegistrations"] != true {
		t.Fatalf("open registrations not advertised: %v", m["openRegistrations"])
	}
	if rec := f.get("/nodeinfo/3.0", ""); rec.Code != 404 {
		t.Fatalf("nodeinfo 3.0: %d", rec.Code)
	}
	hm := f.get("/.well-known/host-meta", "")
	if !strings.Contains(hm.Body.String(), base+"/.well-known/webfinger?resource={uri}") {
		t.Fatalf("host-meta %s", hm.Body.String())
	}
}

func TestFollowersCollectionPages(t *testing.T) {
	f := newFixture(t)
	alice := f.user("alice")
	ctx := context.Background()
	for i := range 25 {
		r := &store.Relationship{Type: store.RelFollow, Actor: fmt.Sprintf("https://r.test/users/u%02d", i), Object: alice.APID}
		if _, err := f.st.PutRelationship(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	top := decode(t, f.get("/users/alice/followers", "application/activity+json"))
	if top["type"] != "OrderedCollection" || top["totalItems"] != float64(25) || top["first"] != alice.FollowersURL+"?page=true" {
		t.Fatalf("collection %v", top)
	}
	p1 := decode(t, f.get("/users/alice/followers?page=true", "application/activity+json"))
	items := p1["orderedItems"].([]any)
	if p1["type"] != "OrderedCollectionPage" || len(items) != 20 || items[0] != "https://r.test/users/u24" || p1["next"] == nil {
		t.Fatalf("page 1: %v", p1)
	}
	next := strings.TrimPrefix(p1["next"].(string), base)
	p2 := decode(t, f.get(next, "application/activity+json"))
	items = p2["orderedItems"].([]any)
	if len(items) != 5 || items[4] != "https://r.test/users/u00" || p2["next"] != nil || p2["prev"] == nil {
		t.Fatalf("page 2: %v", p2)
	}
	following := decode(t, f.get("/users/alice/following", "application/activity+json"))
	if following["totalItems"] != float64(0) {
		t.Fatalf("following %v", following)
	}
	if rec := f.get("/users/nobody/outbox", "application/activity+json"); rec.Code != 404 {
		t.Fatalf("outbox of unknown: %d", rec.Code)
	}
}

func TestPublicViewHidesBlindCopiesAndSendsVotesAsNotes(t *testing.T) {
	doc := map[string]any{"type": "Create", "bcc": []any{"x"}, "bto": "y",
		"object": map[string]any{"type": "Answer", "name": "tea", "bcc": []any{"z"}}}
	out := federation.PublicView(doc)
	inner := out["object"].(map[string]any)
	if out["bcc"] != nil || out["bto"] != nil || inner["bcc"] != nil || inner["type"] != "Note" || out["@context"] == nil {
		t.Fatalf("public view %v", out)
	}
}
