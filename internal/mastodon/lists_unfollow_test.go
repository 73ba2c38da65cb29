package mastodon_test

import (
	"slices"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

// An account leaves all of its follower's lists when the follow ends, whichever way it ends
// (unfollow, which sends an Undo, block, removal from followers, a remote Reject), as on Mastodon: following
// it again does not put it back.
func TestListsLoseAccountsWhenTheFollowEnds(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	fed := a.acctFederating()
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	remy, rita := a.acctRemote("remy", "remote.example"), a.acctRemote("rita", "remote.example")
	at, dt := a.token(alice, "read", "write", "follow"), a.token(dave, "read", "write", "follow")
	for _, id := range []string{bob.ID, carol.ID, dave.ID, remy.ID, rita.ID} {
		a.orgFollow(at, id)
	}
	lists := make([]string, 2)
	for i, title := range []string{"Friends", "Work"} {
		lists[i] = acctOK(t, a.do("POST", "/api/v1/lists", at, map[string]any{"title": title}))["id"].(string)
		acctOK(t, a.do("POST", "/api/v1/lists/"+lists[i]+"/accounts", at,
			map[string]any{"account_ids": []string{bob.ID, carol.ID, dave.ID, remy.ID, rita.ID}}))
	}
	members := func(list string) []string {
		t.Helper()
		r := stOK(t, a.do("GET", "/api/v1/lists/"+list+"/accounts", at, nil))
		acctSchema(t, "[]Account", r.Body.Bytes())
		ids := acctIDs(t, r)
		slices.Sort(ids)
		return ids
	}
	want := func(what string, ids ...string) {
		t.Helper()
		slices.Sort(ids)
		for _, l := range lists {
			if got := members(l); !slices.Equal(got, ids) {
				t.Fatalf("%s: list %s holds %v, want %v", what, l, got, ids)
			}
		}
	}
	want("all followed", bob.ID, carol.ID, dave.ID, remy.ID, rita.ID)

	// Unfollow, then follow again: bob is in no list.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unfollow", at, nil))
	a.orgFollow(at, bob.ID)
	want("after unfollowing bob", carol.ID, dave.ID, remy.ID, rita.ID)
	r := stOK(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/lists", at, nil))
	acctSchema(t, "[]List", r.Body.Bytes())
	if ids := acctIDs(t, r); len(ids) != 0 {
		t.Fatalf("bob's lists after a new follow %v", ids)
	}

	// Blocking ends the follow.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/block", at, nil))
	acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/unblock", at, nil))
	a.orgFollow(at, carol.ID)
	want("after blocking carol", dave.ID, remy.ID, rita.ID)

	// Dave removes alice from his followers.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/remove_from_followers", dt, nil))
	want("after dave removed alice", remy.ID, rita.ID)

	// Remote Rejects of alice's follows: of a pending request (embedded Follow), and of an
	// accepted follow (the Follow by reference).
	follows := map[string]string{}
	for _, f := range fed.ofType("Follow") {
		follows[f["object"].(string)] = f["id"].(string)
	}
	ingest := func(doc ap.Object) {
		t.Helper()
		if _, err := a.svc.Pipeline.Ingest(a.ctx, doc, activity.Origin{Source: activity.Inbox, InboxUser: alice.APID}); err != nil {
			t.Fatal(err)
		}
	}
	ingest(ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": remy.APID + "#reject-1", "type": "Reject",
		"actor": remy.APID, "object": map[string]any{"id": follows[remy.APID], "type": "Follow", "actor": alice.APID, "object": remy.APID}})
	want("after remy's Reject", rita.ID)
	accept := rita.APID + "#accept-1"
	ingest(ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": accept, "type": "Accept",
		"actor": rita.APID, "object": map[string]any{"id": follows[rita.APID], "type": "Follow", "actor": alice.APID, "object": rita.APID}})
	if rel := a.acctRel(at, rita.ID); rel["following"] != true {
		t.Fatalf("rita's Accept: %v", rel)
	}
	want("after rita's Accept", rita.ID)
	ingest(ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": rita.APID + "#reject-2", "type": "Reject",
		"actor": rita.APID, "object": follows[rita.APID]})
	want("after rita's Reject")
}
