package mastodon_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

func TestBlockEndsFollowsHidesStatusesAndFederates(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	fed := a.acctFederating()
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil))
	acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil))
	post := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "hello from bob"}).obj()["id"].(string)
	seen := func(path string) bool {
		return slices.Contains(acctIDs(t, a.do("GET", path, at, nil)), post)
	}
	if !seen("/api/v1/timelines/home") || !seen("/api/v1/timelines/public") {
		t.Fatal("bob's post not in alice's timelines before the block")
	}

	r := a.do("POST", "/api/v1/accounts/"+bob.ID+"/block", at, nil)
	acctSchema(t, "Relationship", r.Body.Bytes())
	rel := acctOK(t, r)
	if rel["blocking"] != true || rel["following"] != false || rel["followed_by"] != false {
		t.Fatalf("block %v", rel)
	}
	if seen("/api/v1/timelines/home") || seen("/api/v1/timelines/public") {
		t.Fatal("a blocked account's post is still in the timelines")
	}
	if br := a.acctRel(bt, alice.ID); br["blocked_by"] != true || br["following"] != false || br["blocking"] != false {
		t.Fatalf("bob's view %v", br)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/blocks", at, nil)); !slices.Equal(got, []string{bob.ID}) {
		t.Fatalf("alice's blocks %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/blocks", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's blocks %v", got)
	}
	// Blocking twice is blocking once; bob cannot follow alice back.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/block", at, nil))
	if n := len(fed.ofType("Block")); n != 1 {
		t.Fatalf("%d Blocks for one block", n)
	}
	wantError(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil), 422)

	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unblock", at, nil)); rel["blocking"] != false {
		t.Fatalf("unblock %v", rel)
	}
	if !seen("/api/v1/timelines/public") {
		t.Fatal("bob's post hidden after the unblock")
	}

	// A remote account is told of the block and of its end.
	carol := a.acctRemote("carol", "remote.example")
	acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/block", at, nil))
	acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/unblock", at, nil))
	blocks, undos := fed.ofType("Block"), fed.ofType("Undo")
	if len(blocks) != 2 || blocks[1]["object"] != carol.APID || len(undos) != 2 ||
		undos[1]["object"].(map[string]any)["type"] != "Block" {
		t.Fatalf("delivered blocks %v undos %v", blocks, undos)
	}
}

func TestBlockRefusals(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at := a.token(alice, "read", "write", "follow")
	wantError(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/block", at, nil), 422)
	wantError(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/mute", at, nil), 422)
	wantError(t, a.do("POST", "/api/v1/accounts/01NOSUCHACCOUNT/block", at, nil), 404)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/block", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/block", a.token(alice, "read"), nil), 403)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/mute", a.token(alice, "write:blocks"), nil), 403)
	wantError(t, a.do("GET", "/api/v1/blocks", a.token(alice, "read:mutes"), nil), 403)
	wantError(t, a.do("GET", "/api/v1/mutes", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/mute", at, url.Values{"duration": {"-5"}}), 422)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/mute", at, url.Values{"notifications": {"perhaps"}}), 422)
	// The follow scope grants blocks and mutes.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/mute", a.token(alice, "follow"), nil))
}

func TestBlocksPaging(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	at := a.token(alice, "read", "write", "follow")
	var want []string
	for _, nick := range []string{"b1", "b2", "b3"} {
		u := a.user(nick)
		acctOK(t, a.do("POST", "/api/v1/accounts/"+u.ID+"/block", at, nil))
		want = append([]string{u.ID}, want...) // latest first
	}
	r := a.do("GET", "/api/v1/blocks?limit=2", at, nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	first := acctIDs(t, r)
	second := acctIDs(t, a.do("GET", acctNextLink(t, r), at, nil))
	if got := append(first, second...); !slices.Equal(got, want) || len(first) != 2 {
		t.Fatalf("pages %v + %v, want %v", first, second, want)
	}
}

func TestMutes(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil))
	post := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "muted words"}).obj()["id"].(string)

	rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/mute", at, url.Values{"duration": {"3600"}, "notifications": {"false"}}))
	if rel["muting"] != true || rel["muting_notifications"] != false || rel["following"] != true {
		t.Fatalf("mute %v", rel)
	}
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public"} {
		if slices.Contains(acctIDs(t, a.do("GET", path, at, nil)), post) {
			t.Fatalf("muted account's post in %s", path)
		}
	}
	if !slices.Contains(acctIDs(t, a.do("GET", "/api/v1/timelines/public", "", nil)), post) {
		t.Fatal("the mute hid the post from everyone")
	}
	rel = acctOK(t, a.do("POST", "/api/v1/accounts/"+carol.ID+"/mute", at, map[string]any{"notifications": true}))
	if rel["muting"] != true || rel["muting_notifications"] != true {
		t.Fatalf("mute with notifications %v", rel)
	}
	r := a.do("GET", "/api/v1/mutes", at, nil)
	acctSchema(t, "[]MutedAccount", r.Body.Bytes())
	var mutes []map[string]any
	r.json(&mutes)
	if len(mutes) != 2 || mutes[0]["id"] != carol.ID || mutes[0]["mute_expires_at"] != nil || mutes[1]["id"] != bob.ID {
		t.Fatalf("mutes %v", mutes)
	}
	if exp, err := time.Parse(time.RFC3339, mutes[1]["mute_expires_at"].(string)); err != nil || time.Until(exp) < 59*time.Minute {
		t.Fatalf("mute_expires_at %v", mutes[1]["mute_expires_at"])
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/mutes", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's mutes %v", got)
	}
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unmute", at, nil)); rel["muting"] != false {
		t.Fatalf("unmute %v", rel)
	}
	if !slices.Contains(acctIDs(t, a.do("GET", "/api/v1/timelines/home", at, nil)), post) {
		t.Fatal("post still hidden after the unmute")
	}

	// A mute that ran out is gone.
	past := time.Now().Add(-time.Minute)
	if _, err := a.st.PutRelationship(a.ctx, &store.Relationship{Type: store.RelMute, Actor: alice.APID, Object: carol.APID, ExpiresAt: &past}); err != nil {
		t.Fatal(err)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/mutes", at, nil)); len(got) != 0 {
		t.Fatalf("expired mutes listed: %v", got)
	}
	if rel := a.acctRel(at, carol.ID); rel["muting"] != false {
		t.Fatalf("expired mute %v", rel)
	}
}
