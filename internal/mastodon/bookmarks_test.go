package mastodon_test

import (
	"strings"
	"testing"
)

func TestBookmarksAndFavourites(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	var ids []string
	for _, text := range []string{"one", "two", "three"} {
		ids = append(ids, a.stPost(bt, map[string]any{"status": text}))
	}
	for _, id := range ids {
		stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/bookmark", at, nil))
	}
	stOK(t, a.do("POST", "/api/v1/statuses/"+ids[0]+"/favourite", at, nil))
	stOK(t, a.do("POST", "/api/v1/statuses/"+ids[2]+"/favourite", at, nil))

	r := stOK(t, a.do("GET", "/api/v1/bookmarks", at, nil))
	acctSchema(t, "[]Status", r.Body.Bytes())
	var list []map[string]any
	r.json(&list)
	if !stSame(stIDs(list), []string{ids[2], ids[1], ids[0]}) || list[0]["bookmarked"] != true {
		t.Fatalf("bookmarks %v", stIDs(list))
	}
	// Paging by the bookmark's id.
	r = stOK(t, a.do("GET", "/api/v1/bookmarks?limit=2", at, nil))
	r.json(&list)
	link := r.Header().Get("Link")
	if !stSame(stIDs(list), []string{ids[2], ids[1]}) || !strings.Contains(link, "max_id=") {
		t.Fatalf("first page %v, Link %q", stIDs(list), link)
	}
	next := link[strings.Index(link, "<")+1 : strings.Index(link, ">")]
	a.do("GET", strings.TrimPrefix(next, base), at, nil).json(&list)
	if !stSame(stIDs(list), []string{ids[0]}) {
		t.Fatalf("second page %v", stIDs(list))
	}
	prev := link[strings.LastIndex(link, "<")+1 : strings.LastIndex(link, ">")]
	a.do("GET", strings.TrimPrefix(prev, base), at, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("page before the newest %v", stIDs(list))
	}

	r = stOK(t, a.do("GET", "/api/v1/favourites", at, nil))
	acctSchema(t, "[]Status", r.Body.Bytes())
	r.json(&list)
	if !stSame(stIDs(list), []string{ids[2], ids[0]}) || list[0]["favourited"] != true {
		t.Fatalf("favourites %v", stIDs(list))
	}
	// Only one's own.
	a.do("GET", "/api/v1/bookmarks", bt, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("bob's bookmarks %v", stIDs(list))
	}

	wantError(t, a.do("GET", "/api/v1/bookmarks", "", nil), 401)
	wantError(t, a.do("GET", "/api/v1/favourites", "", nil), 401)
	wantError(t, a.do("GET", "/api/v1/bookmarks", a.token(alice, "read:favourites"), nil), 403)
	wantError(t, a.do("GET", "/api/v1/favourites", a.token(alice, "read:bookmarks"), nil), 403)
	wantError(t, a.do("GET", "/api/v1/bookmarks?limit=0", at, nil), 422)

	// A followers-only status bookmarked while following leaves the list on unfollowing.
	fo := a.stPost(bt, map[string]any{"status": "followers only", "visibility": "private"})
	stOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil))
	stOK(t, a.do("POST", "/api/v1/statuses/"+fo+"/bookmark", at, nil))
	a.do("GET", "/api/v1/bookmarks", at, nil).json(&list)
	if len(list) != 4 || list[0]["id"] != fo {
		t.Fatalf("bookmarks with the followers-only status %v", stIDs(list))
	}
	stOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/unfollow", at, nil))
	a.do("GET", "/api/v1/bookmarks", at, nil).json(&list)
	if len(list) != 3 {
		t.Fatalf("bookmarks after unfollowing %v", stIDs(list))
	}
}
