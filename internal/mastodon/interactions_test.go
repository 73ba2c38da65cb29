package mastodon_test

import (
	"testing"
)

func TestFavouriteReblogBookmarkAndNotifications(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	id := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "like me"}).obj()["id"].(string)

	fav := a.do("POST", "/api/v1/statuses/"+id+"/favourite", bt, nil)
	if fav.Code != 200 || fav.obj()["favourited"] != true || fav.obj()["favourites_count"] != float64(1) {
		t.Fatalf("favourite: %d %s", fav.Code, fav.Body.String())
	}
	// Twice is once.
	if again := a.do("POST", "/api/v1/statuses/"+id+"/favourite", bt, nil).obj(); again["favourites_count"] != float64(1) {
		t.Fatalf("favourite twice: %v", again["favourites_count"])
	}
	rb := a.do("POST", "/api/v1/statuses/"+id+"/reblog", bt, nil)
	if rb.Code != 200 || rb.obj()["reblog"] == nil {
		t.Fatalf("reblog: %d %s", rb.Code, rb.Body.String())
	}
	inner := rb.obj()["reblog"].(map[string]any)
	if inner["id"] != id || inner["reblogged"] != true || inner["reblogs_count"] != float64(1) {
		t.Fatalf("reblogged status %v", inner)
	}
	if bm := a.do("POST", "/api/v1/statuses/"+id+"/bookmark", bt, nil).obj(); bm["bookmarked"] != true {
		t.Fatalf("bookmark %v", bm)
	}

	var ns []map[string]any
	a.do("GET", "/api/v1/notifications", at, nil).json(&ns)
	types := map[string]bool{}
	for _, n := range ns {
		types[n["type"].(string)] = true
		if n["account"].(map[string]any)["id"] != bob.ID {
			t.Fatalf("notification from %v", n["account"])
		}
	}
	if !types["favourite"] || !types["reblog"] || len(ns) != 2 {
		t.Fatalf("notifications %v", ns)
	}
	a.do("GET", "/api/v1/notifications?types[]=reblog", at, nil).json(&ns)
	if len(ns) != 1 || ns[0]["type"] != "reblog" {
		t.Fatalf("filtered %v", ns)
	}
	nid := ns[0]["id"].(string)
	if r := a.do("GET", "/api/v1/notifications/"+nid, at, nil); r.Code != 200 {
		t.Fatalf("show notification: %d", r.Code)
	}
	wantError(t, a.do("GET", "/api/v1/notifications/"+nid, bt, nil), 404)
	if r := a.do("POST", "/api/v1/notifications/"+nid+"/dismiss", at, nil); r.Code != 200 {
		t.Fatalf("dismiss: %d", r.Code)
	}
	a.do("GET", "/api/v1/notifications", at, nil).json(&ns)
	if len(ns) != 1 {
		t.Fatalf("after dismiss %v", ns)
	}

	// Undo everything.
	if r := a.do("POST", "/api/v1/statuses/"+id+"/unfavourite", bt, nil).obj(); r["favourited"] != false || r["favourites_count"] != float64(0) {
		t.Fatalf("unfavourite %v", r)
	}
	if r := a.do("POST", "/api/v1/statuses/"+id+"/unreblog", bt, nil).obj(); r["reblogged"] != false || r["reblogs_count"] != float64(0) {
		t.Fatalf("unreblog %v", r)
	}
	if r := a.do("POST", "/api/v1/statuses/"+id+"/unbookmark", bt, nil).obj(); r["bookmarked"] != false {
		t.Fatalf("unbookmark %v", r)
	}
	if r := a.do("POST", "/api/v1/notifications/clear", at, nil); r.Code != 200 {
		t.Fatalf("clear: %d", r.Code)
	}
	a.do("GET", "/api/v1/notifications", at, nil).json(&ns)
	if len(ns) != 0 {
		t.Fatalf("after clear %v", ns)
	}

	// A direct message cannot be boosted, and others' cannot even be seen.
	dm := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "@bob psst", "visibility": "direct"}).obj()["id"].(string)
	wantError(t, a.do("POST", "/api/v1/statuses/"+dm+"/reblog", bt, nil), 403)
	carol := a.user("carol")
	wantError(t, a.do("POST", "/api/v1/statuses/"+dm+"/favourite", a.token(carol, "write"), nil), 404)
}

func TestFollowUnfollowLockedAndHomeTimeline(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	post := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "bob's followers only", "visibility": "private"}).obj()["id"].(string)
	wantError(t, a.do("GET", "/api/v1/statuses/"+post, at, nil), 404)

	rel := a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil).obj()
	if rel["following"] != true || rel["requested"] != false {
		t.Fatalf("follow %v", rel)
	}
	// Now alice sees bob's followers-only post, in her home timeline too.
	if r := a.do("GET", "/api/v1/statuses/"+post, at, nil); r.Code != 200 {
		t.Fatalf("follower reads private post: %d", r.Code)
	}
	var home []map[string]any
	a.do("GET", "/api/v1/timelines/home", at, nil).json(&home)
	if len(home) != 1 || home[0]["id"] != post {
		t.Fatalf("home %v", home)
	}
	var rels []map[string]any
	a.do("GET", "/api/v1/accounts/relationships?id[]="+bob.ID, at, nil).json(&rels)
	if len(rels) != 1 || rels[0]["following"] != true || rels[0]["followed_by"] != false {
		t.Fatalf("relationships %v", rels)
	}
	var followers []map[string]any
	a.do("GET", "/api/v1/accounts/"+bob.ID+"/followers", "", nil).json(&followers)
	if len(followers) != 1 || followers[0]["id"] != alice.ID {
		t.Fatalf("followers %v", followers)
	}
	if acct := a.do("GET", "/api/v1/accounts/"+bob.ID, "", nil).obj(); acct["followers_count"] != float64(1) {
		t.Fatalf("followers_count %v", acct["followers_count"])
	}
	unf := a.do("POST", "/api/v1/accounts/"+bob.ID+"/unfollow", at, nil).obj()
	if unf["following"] != false {
		t.Fatalf("unfollow %v", unf)
	}
	wantError(t, a.do("GET", "/api/v1/statuses/"+post, at, nil), 404)
	wantError(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", at, nil), 422)

	// A locked account: a request, until authorized.
	carol := a.user("carol")
	u, _ := a.st.UserByID(a.ctx, carol.ID)
	u.Locked = true
	if err := a.st.UpdateUser(a.ctx, u); err != nil {
		t.Fatal(err)
	}
	req := a.do("POST", "/api/v1/accounts/"+carol.ID+"/follow", at, nil).obj()
	if req["following"] != false || req["requested"] != true {
		t.Fatalf("follow locked %v", req)
	}
	var statuses []map[string]any
	a.do("GET", "/api/v1/accounts/"+bob.ID+"/statuses", at, nil).json(&statuses)
	if len(statuses) != 0 {
		t.Fatalf("private statuses listed to a non-follower: %v", statuses)
	}
	a.do("GET", "/api/v1/accounts/"+bob.ID+"/statuses", bt, nil).json(&statuses)
	if len(statuses) != 1 {
		t.Fatalf("own statuses %v", statuses)
	}
}
