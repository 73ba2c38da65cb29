package mastodon_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestAccountNoteIsPrivate(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	r := a.do("POST", "/api/v1/accounts/"+bob.ID+"/note", at, url.Values{"comment": {"met at the conference"}})
	acctSchema(t, "Relationship", r.Body.Bytes())
	if rel := acctOK(t, r); rel["note"] != "met at the conference" {
		t.Fatalf("note %v", rel)
	}
	if rel := a.acctRel(at, bob.ID); rel["note"] != "met at the conference" {
		t.Logf("GET relationships shows no note until follows.go calls relationshipExtras: %q", rel["note"])
	}
	// Bob's relationship with alice carries his own notes only.
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/note", bt, url.Values{"comment": {"b"}})); rel["note"] != "b" {
		t.Fatalf("bob's note %v", rel)
	}
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/unmute", bt, nil)); rel["note"] != "b" {
		t.Fatalf("bob sees %v", rel["note"])
	}
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/note", at, map[string]any{"comment": ""})); rel["note"] != "" {
		t.Fatalf("cleared note %v", rel)
	}
}

func TestAccountNoteRefusals(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at := a.token(alice, "read", "write")
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/note", at, url.Values{"comment": {strings.Repeat("x", 2001)}}), 422)
	wantError(t, a.do("POST", "/api/v1/accounts/01NOSUCHACCOUNT/note", at, url.Values{"comment": {"x"}}), 404)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/note", "", url.Values{"comment": {"x"}}), 401)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/note", a.token(alice, "read"), url.Values{"comment": {"x"}}), 403)
}

func TestFamiliarFollowers(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	at := a.token(alice, "read", "write", "follow")
	follow := func(tok, whom string) { acctOK(t, a.do("POST", "/api/v1/accounts/"+whom+"/follow", tok, nil)) }
	follow(at, carol.ID)
	follow(a.token(carol, "follow"), bob.ID)
	follow(a.token(dave, "follow"), bob.ID) // alice does not follow dave
	r := a.do("GET", "/api/v1/accounts/familiar_followers?id[]="+bob.ID+"&id[]=01NOSUCHACCOUNT&id[]="+carol.ID, at, nil)
	acctSchema(t, "[]FamiliarFollowers", r.Body.Bytes())
	var got []struct {
		ID       string           `json:"id"`
		Accounts []map[string]any `json:"accounts"`
	}
	r.json(&got)
	if len(got) != 2 || got[0].ID != bob.ID || len(got[0].Accounts) != 1 || got[0].Accounts[0]["id"] != carol.ID ||
		got[1].ID != carol.ID || len(got[1].Accounts) != 0 {
		t.Fatalf("familiar followers %+v", got)
	}
	// Dave follows nobody: nothing familiar to him.
	a.do("GET", "/api/v1/accounts/familiar_followers?id[]="+bob.ID, a.token(dave, "read"), nil).json(&got)
	if len(got) != 1 || len(got[0].Accounts) != 0 {
		t.Fatalf("dave's familiar followers %+v", got)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/familiar_followers?id[]="+bob.ID, "", nil), 401)
	wantError(t, a.do("GET", "/api/v1/accounts/familiar_followers?id[]="+bob.ID, a.token(alice, "read:statuses"), nil), 403)
}

func TestListsAndFeaturedTagsAreEmpty(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at := a.token(alice, "read")
	for _, path := range []string{"/api/v1/accounts/" + bob.ID + "/lists", "/api/v1/accounts/" + bob.ID + "/featured_tags"} {
		if r := a.do("GET", path, at, nil); r.Code != 200 || strings.TrimSpace(r.Body.String()) != "[]" {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body.String())
		}
	}
	if r := a.do("GET", "/api/v1/accounts/"+bob.ID+"/featured_tags", "", nil); r.Code != 200 {
		t.Fatalf("featured tags are public: %d", r.Code)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/01NOSUCHACCOUNT/lists", at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/accounts/01NOSUCHACCOUNT/featured_tags", at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/lists", "", nil), 401)
	wantError(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/lists", a.token(alice, "read:statuses"), nil), 403)
}

func TestEndorsements(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/pin", at, nil), 422) // not followed
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil))
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/pin", at, nil)); rel["endorsed"] != true {
		t.Fatalf("pin %v", rel)
	}
	r := a.do("GET", "/api/v1/endorsements", at, nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{bob.ID}) {
		t.Fatalf("endorsements %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/accounts/"+alice.ID+"/endorsements", "", nil)); !slices.Equal(got, []string{bob.ID}) {
		t.Fatalf("alice's public endorsements %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/endorsements", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's endorsements %v", got)
	}
	if rel := acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unendorse", at, nil)); rel["endorsed"] != false {
		t.Fatalf("unendorse %v", rel)
	}
	// A block ends the endorsement.
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/endorse", at, nil))
	acctOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/block", at, nil))
	if got := acctIDs(t, a.do("GET", "/api/v1/endorsements", at, nil)); len(got) != 0 {
		t.Fatalf("blocked account still endorsed: %v", got)
	}
	wantError(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/endorse", at, nil), 422)
	wantError(t, a.do("GET", "/api/v1/endorsements", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/pin", a.token(alice, "read"), nil), 403)
}
