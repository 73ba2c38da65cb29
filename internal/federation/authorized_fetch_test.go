package federation_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// signedGet builds a GET of url signed by the peer's actor nick.
func (p *peer) signedGet(url, nick string) *http.Request {
	p.mu.Lock()
	key := p.keys[nick]
	p.mu.Unlock()
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Accept", "application/activity+json")
	if err := httpsig.SignRequest(req, nil, p.srv.URL+"/users/"+nick+"#main-key", key); err != nil {
		p.t.Fatal(err)
	}
	return req
}

func TestObjectsAndAuthorizedFetch(t *testing.T) {
	f := newInboxFixture(t)
	alice := f.user("alice")
	peer := newPeer(t)
	bob := peer.actor("bob")
	carol := peer.actor("carol")
	ctx := context.Background()
	// bob (remote) follows alice; carol does not.
	if _, err := f.st.PutRelationship(ctx, &store.Relationship{Type: store.RelFollow, Actor: bob, Object: alice.APID}); err != nil {
		t.Fatal(err)
	}
	post := func(to ...any) string {
		id := f.fed.Pipeline.NewObjectID()
		n := ap.Object{"id": id, "type": "Note", "attributedTo": alice.APID, "content": "x", "to": to}
		if _, err := f.fed.Pipeline.Ingest(ctx, n, activity.Origin{Source: activity.Local}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	public := post(ap.Public)
	private := post(alice.FollowersURL)
	direct := post(carol)
	get := func(u string, signer string) int {
		var req *http.Request
		if signer == "" {
			req = httptest.NewRequest("GET", u, nil)
			req.Header.Set("Accept", "application/activity+json")
		} else {
			req = peer.signedGet(u, signer)
		}
		return f.send(req).Code
	}
	cases := []struct {
		name, url, signer string
		want              int
	}{
		{"public, unsigned", public, "", 200},
		{"followers-only, unsigned", private, "", 404},
		{"followers-only, signed by a follower", private, "bob", 200},
		{"followers-only, signed by a stranger", private, "carol", 404},
		{"direct, signed by the addressee", direct, "carol", 200},
		{"direct, signed by someone else", direct, "bob", 404},
		{"unknown object", base + "/objects/nope", "", 404},
	}
	for _, c := range cases {
		if got := get(c.url, c.signer); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// A browser is sent to the status page.
	req := httptest.NewRequest("GET", public, nil)
	req.Header.Set("Accept", "text/html")
	if rec := f.send(req); rec.Code != http.StatusFound {
		t.Errorf("browser: %d", rec.Code)
	}

	// Authorized fetch: every ActivityPub GET must be signed, but the instance actor stays open.
	f.fed.AuthorizedFetch = true
	if got := get(public, ""); got != http.StatusUnauthorized {
		t.Errorf("authorized fetch, unsigned object: %d", got)
	}
	if got := get(base+"/users/alice", ""); got != http.StatusUnauthorized {
		t.Errorf("authorized fetch, unsigned actor: %d", got)
	}
	if got := get(public, "carol"); got != 200 {
		t.Errorf("authorized fetch, signed: %d", got)
	}
	if got := get(base+"/actor", ""); got != 200 {
		t.Errorf("authorized fetch, instance actor: %d", got)
	}
	bad := peer.signedGet(public, "carol")
	bad.Header.Set("Date", "Mon, 01 Jan 2001 00:00:00 GMT")
	if rec := f.send(bad); rec.Code != http.StatusUnauthorized {
		t.Errorf("authorized fetch, stale signature: %d", rec.Code)
	}
}
