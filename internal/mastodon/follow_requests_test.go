package mastodon_test

import (
	"slices"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

func TestFollowRequestsAuthorizeAndReject(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	a.acctLock(alice)
	at := a.token(alice, "read", "write", "follow")
	bt, ct := a.token(bob, "read", "write", "follow"), a.token(carol, "read", "write", "follow")
	for _, tok := range []string{bt, ct} {
		if r := acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", tok, nil)); r["requested"] != true {
			t.Fatalf("follow %v", r)
		}
	}
	r := a.do("GET", "/api/v1/follow_requests", at, nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{carol.ID, bob.ID}) {
		t.Fatalf("requests %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/follow_requests", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's requests %v", got)
	}
	if c := acctOK(t, a.do("GET", "/api/v1/accounts/verify_credentials", at, nil)); c["source"].(map[string]any)["follow_requests_count"] != float64(2) {
		t.Fatalf("follow_requests_count %v", c["source"])
	}
	// Only alice can answer requests made to her.
	wantError(t, a.do("POST", "/api/v1/follow_requests/"+bob.ID+"/authorize", ct, nil), 404)

	r = a.do("POST", "/api/v1/follow_requests/"+bob.ID+"/authorize", at, nil)
	acctSchema(t, "Relationship", r.Body.Bytes())
	if rel := acctOK(t, r); rel["followed_by"] != true || rel["requested_by"] != false {
		t.Fatalf("authorize %v", rel)
	}
	if rel := a.acctRel(bt, alice.ID); rel["following"] != true || rel["requested"] != false {
		t.Fatalf("bob after authorize %v", rel)
	}
	if rel := acctOK(t, a.do("POST", "/api/v1/follow_requests/"+carol.ID+"/reject", at, nil)); rel["followed_by"] != false || rel["requested_by"] != false {
		t.Fatalf("reject %v", rel)
	}
	if rel := a.acctRel(ct, alice.ID); rel["following"] != false || rel["requested"] != false {
		t.Fatalf("carol after reject %v", rel)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/follow_requests", at, nil)); len(got) != 0 {
		t.Fatalf("requests left %v", got)
	}
	wantError(t, a.do("POST", "/api/v1/follow_requests/"+carol.ID+"/authorize", at, nil), 404)
	wantError(t, a.do("POST", "/api/v1/follow_requests/01NOSUCHACCOUNT/reject", at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/follow_requests", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/follow_requests/"+bob.ID+"/authorize", a.token(alice, "read"), nil), 403)
}

func TestRemoveFromFollowers(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	fed := a.acctFederating()
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil))
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/remove_from_followers", at, nil)); rel["followed_by"] != false {
		t.Fatalf("remove %v", rel)
	}
	if rel := a.acctRel(bt, alice.ID); rel["following"] != false {
		t.Fatalf("bob still follows: %v", rel)
	}
	// Not a follower: nothing to do.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/remove_from_followers", at, nil))

	// A remote follower is sent a Reject of its Follow.
	carol := a.acctRemote("carol", "remote.example")
	follow := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": "https://remote.example/follows/1",
		"type": "Follow", "actor": carol.APID, "object": alice.APID}
	if _, err := a.svc.Pipeline.Ingest(a.ctx, follow, activity.Origin{Source: activity.Inbox, InboxUser: alice.APID}); err != nil {
		t.Fatal(err)
	}
	if rel := a.acctRel(at, carol.ID); rel["followed_by"] != true {
		t.Fatalf("remote follow %v", rel)
	}
	acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/remove_from_followers", at, nil))
	rejects := fed.ofType("Reject") // bob's too: local deliveries reach no inbox
	last := rejects[len(rejects)-1]
	if len(rejects) != 2 || last["object"].(map[string]any)["id"] != follow.ID() || last["to"].([]any)[0] != carol.APID {
		t.Fatalf("rejects %v", rejects)
	}
	if rel := a.acctRel(at, carol.ID); rel["followed_by"] != false {
		t.Fatalf("remote follower kept %v", rel)
	}
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/remove_from_followers", a.token(alice, "read"), nil), 403)
}
