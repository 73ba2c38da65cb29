package mastodon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"
)

// orgFollow makes token's user follow the account id.
func (a *api) orgFollow(tok, id string) {
	a.t.Helper()
	acctOK(a.t, a.do("POST", "/api/v1/accounts/"+id+"/follow", tok, nil))
}

func TestListsCRUDAndAccounts(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	a.orgFollow(at, bob.ID)

	// Auth: a token is needed, and the lists scopes.
	wantError(t, a.do("GET", "/api/v1/lists", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/lists", a.token(alice, "read"), map[string]any{"title": "x"}), 403)
	wantError(t, a.do("GET", "/api/v1/lists", a.token(alice, "write"), nil), 403)
	// Bad input.
	wantError(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "  "}), 422)
	wantError(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "x", "replies_policy": "everyone"}), 422)
	wantError(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "x", "exclusive": "maybe"}), 422)

	r := a.do("POST", "/api/v1/lists", at, url.Values{"title": {"Friends"}})
	acctSchema(t, "List", r.Body.Bytes())
	l := acctOK(t, r)
	if l["title"] != "Friends" || l["replies_policy"] != "list" || l["exclusive"] != false {
		t.Fatalf("created %v", l)
	}
	id := l["id"].(string)
	r = a.do("GET", "/api/v1/lists", at, nil)
	acctSchema(t, "[]List", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{id}) {
		t.Fatalf("alice's lists %v", got)
	}
	// Bob sees none of it.
	if got := acctIDs(t, a.do("GET", "/api/v1/lists", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's lists %v", got)
	}
	wantError(t, a.do("GET", "/api/v1/lists/"+id, bt, nil), 404)
	wantError(t, a.do("PUT", "/api/v1/lists/"+id, bt, map[string]any{"title": "mine"}), 404)
	wantError(t, a.do("DELETE", "/api/v1/lists/"+id, bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/lists/"+id+"/accounts", bt, nil), 404)
	wantError(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", bt, map[string]any{"account_ids": []string{alice.ID}}), 404)
	wantError(t, a.do("GET", "/api/v1/timelines/list/"+id, bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/lists/01NOSUCHLIST", at, nil), 404)

	// Update: each field alone.
	u := acctOK(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"replies_policy": "followed", "exclusive": true}))
	if u["title"] != "Friends" || u["replies_policy"] != "followed" || u["exclusive"] != true {
		t.Fatalf("updated %v", u)
	}
	u = acctOK(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"title": "Pals"}))
	if u["title"] != "Pals" || u["replies_policy"] != "followed" {
		t.Fatalf("renamed %v", u)
	}
	wantError(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"title": ""}), 422)
	if got := acctOK(t, a.do("GET", "/api/v1/lists/"+id, at, nil)); got["title"] != "Pals" || got["exclusive"] != true {
		t.Fatalf("show %v", got)
	}

	// Accounts: only followed ones, once.
	acctOK(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, url.Values{"account_ids[]": {bob.ID}}))
	wantError(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{bob.ID}}), 422)
	wantError(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{carol.ID}}), 422)
	wantError(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{"01NOSUCHACCOUNT"}}), 404)
	wantError(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{}), 422)
	r = a.do("GET", "/api/v1/lists/"+id+"/accounts", at, nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{bob.ID}) {
		t.Fatalf("list accounts %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/lists/"+id+"/accounts?limit=0", at, nil)); !slices.Equal(got, []string{bob.ID}) {
		t.Fatalf("list accounts, limit=0: %v", got)
	}
	r = a.do("GET", "/api/v1/accounts/"+bob.ID+"/lists", at, nil)
	acctSchema(t, "[]List", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{id}) {
		t.Fatalf("bob's lists for alice %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/accounts/"+carol.ID+"/lists", at, nil)); len(got) != 0 {
		t.Fatalf("carol's lists for alice %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/lists", bt, nil)); len(got) != 0 {
		t.Fatalf("bob sees alice's lists: %v", got)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/01NOSUCHACCOUNT/lists", at, nil), 404)

	// Removing, and unfollowing, take the account out.
	acctOK(t, a.do("DELETE", "/api/v1/lists/"+id+"/accounts", at, url.Values{"account_ids[]": {bob.ID}}))
	if got := acctIDs(t, a.do("GET", "/api/v1/lists/"+id+"/accounts", at, nil)); len(got) != 0 {
		t.Fatalf("after removal %v", got)
	}
	acctOK(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{bob.ID}}))
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unfollow", at, nil))
	if got := acctIDs(t, a.do("GET", "/api/v1/lists/"+id+"/accounts", at, nil)); len(got) != 0 {
		t.Fatalf("after unfollowing %v", got)
	}

	acctOK(t, a.do("DELETE", "/api/v1/lists/"+id, at, nil))
	wantError(t, a.do("GET", "/api/v1/lists/"+id, at, nil), 404)
	wantError(t, a.do("DELETE", "/api/v1/lists/"+id, at, nil), 404)
}

func TestListTimelineRepliesVisibilityAndExclusive(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	ct, dt := a.token(carol, "read", "write", "follow"), a.token(dave, "read", "write", "follow")
	a.orgFollow(at, bob.ID)
	a.orgFollow(at, carol.ID)
	id := acctOK(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "Bob"}))["id"].(string)
	acctOK(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{bob.ID}}))

	post := a.stPost(bt, map[string]any{"status": "bob's post"})
	self := a.stPost(bt, map[string]any{"status": "more", "in_reply_to_id": post})
	aliceOwn := a.stPost(at, map[string]any{"status": "alice asks"})
	toAlice := a.stPost(bt, map[string]any{"status": "@alice answer", "in_reply_to_id": aliceOwn})
	carolPost := a.stPost(ct, map[string]any{"status": "carol's post"})
	toCarol := a.stPost(bt, map[string]any{"status": "@carol reply", "in_reply_to_id": carolPost})
	davePost := a.stPost(dt, map[string]any{"status": "dave's post"})
	toDave := a.stPost(bt, map[string]any{"status": "@dave reply", "in_reply_to_id": davePost})
	private := a.stPost(bt, map[string]any{"status": "followers only", "visibility": "private"})
	dmCarol := a.stPost(bt, map[string]any{"status": "@carol secret", "visibility": "direct"})

	timeline := func() []string {
		t.Helper()
		r := a.do("GET", "/api/v1/timelines/list/"+id, at, nil)
		acctSchema(t, "[]Status", r.Body.Bytes())
		return acctIDs(t, r)
	}
	want := func(policy string, ids ...string) {
		t.Helper()
		acctOK(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"replies_policy": policy}))
		slices.Reverse(ids)
		if got := timeline(); !slices.Equal(got, ids) {
			t.Fatalf("%s: got %v, want %v", policy, got, ids)
		}
	}
	// Replies to list accounts, to anyone followed, or to no one else; a direct message to
	// someone else never shows.
	want("none", post, self, toAlice, private)
	want("list", post, self, toAlice, private)
	want("followed", post, self, toAlice, toCarol, private)
	_, _ = toDave, dmCarol

	// Paging: the next page goes on from the last status.
	r := a.do("GET", "/api/v1/timelines/list/"+id+"?limit=2", at, nil)
	if got := acctIDs(t, r); !slices.Equal(got, []string{private, toCarol}) {
		t.Fatalf("first page %v", got)
	}
	if got := acctIDs(t, a.do("GET", acctNextLink(t, r), at, nil)); !slices.Equal(got, []string{toAlice, self}) {
		t.Fatalf("second page %v", got)
	}
	wantError(t, a.do("GET", "/api/v1/timelines/list/"+id, a.token(alice, "write"), nil), 403)

	// Exclusive: bob's posts leave alice's home; carol's stay.
	home := func() []string { return acctIDs(t, a.do("GET", "/api/v1/timelines/home", at, nil)) }
	if h := home(); !slices.Contains(h, post) || !slices.Contains(h, carolPost) {
		t.Fatalf("home before exclusive %v", h)
	}
	acctOK(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"exclusive": true}))
	if h := home(); slices.Contains(h, post) || slices.Contains(h, toAlice) || !slices.Contains(h, carolPost) {
		t.Fatalf("home with an exclusive list %v", h)
	}
	if got := timeline(); !slices.Contains(got, post) {
		t.Fatalf("exclusive list timeline %v", got)
	}
	acctOK(t, a.do("PUT", "/api/v1/lists/"+id, at, map[string]any{"exclusive": false}))
	if h := home(); !slices.Contains(h, post) {
		t.Fatalf("home after exclusive is off %v", h)
	}
}

func TestListStream(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	a.orgFollow(at, bob.ID)
	a.orgFollow(at, carol.ID)
	id := acctOK(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "Bob"}))["id"].(string)
	acctOK(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{bob.ID}}))

	ws := a.dialStream(t, srv, at, "")
	ws.send(map[string]string{"type": "subscribe", "stream": "list", "list": id})
	// Carol may not listen to alice's list.
	cws := a.dialStream(t, srv, ct, "")
	cws.send(map[string]string{"type": "subscribe", "stream": "list", "list": id})
	if e := cws.next(3 * time.Second); e == nil || e["error"] == nil {
		t.Fatalf("carol subscribing to alice's list: %v", e)
	}
	time.Sleep(200 * time.Millisecond)

	a.stPost(ct, map[string]any{"status": "carol is not on the list"})
	post := a.stPost(bt, map[string]any{"status": "bob is"})
	e := ws.next(5 * time.Second)
	if e == nil || e["event"] != "update" {
		t.Fatalf("list event %v", e)
	}
	if s := e["stream"].([]any); len(s) != 2 || s[0] != "list" || s[1] != id {
		t.Fatalf("stream %v", s)
	}
	var st map[string]any
	_ = json.Unmarshal([]byte(e["payload"].(string)), &st)
	if st["id"] != post {
		t.Fatalf("list stream sent %v, want bob's %s", st["id"], post)
	}
	if e := ws.next(500 * time.Millisecond); e != nil {
		t.Fatalf("unexpected %v", e)
	}

	// Server-sent events: only the owner.
	resp, err := http.Get(srv.URL + "/api/v1/streaming/list?list=" + id + "&access_token=" + ct)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("carol's SSE list stream: %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/streaming/list?list="+id+"&access_token="+at, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("alice's SSE list stream: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestExclusiveListOnUserStream(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	a.orgFollow(at, bob.ID)
	a.orgFollow(at, carol.ID)
	id := acctOK(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": "Bob", "exclusive": true}))["id"].(string)
	acctOK(t, a.do("POST", "/api/v1/lists/"+id+"/accounts", at, map[string]any{"account_ids": []string{bob.ID}}))
	ws := a.dialStream(t, srv, at, "?stream=user")
	time.Sleep(200 * time.Millisecond)
	a.stPost(bt, map[string]any{"status": "bob, on an exclusive list"})
	post := a.stPost(ct, map[string]any{"status": "carol"})
	e := ws.next(5 * time.Second)
	if e == nil {
		t.Fatal("no event")
	}
	var st map[string]any
	_ = json.Unmarshal([]byte(e["payload"].(string)), &st)
	if st["id"] != post {
		t.Fatalf("user stream sent %v, want carol's %s", st["id"], post)
	}
}
