package mastodon_test

import (
	"strings"
	"testing"
)

func TestFavouritedAndRebloggedBy(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	id := a.stPost(at, map[string]any{"status": "like me"})
	for _, tok := range []string{bt, ct} {
		stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/favourite", tok, nil))
	}
	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/reblog", bt, nil))
	// A followers-only boost by carol: only her followers (and she) see it.
	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/reblog", ct, map[string]any{"visibility": "private"}))

	r := stOK(t, a.do("GET", "/api/v1/statuses/"+id+"/favourited_by", "", nil))
	acctSchema(t, "[]Account", r.Body.Bytes())
	var accts []map[string]any
	r.json(&accts)
	if !stSame(stIDs(accts), []string{carol.ID, bob.ID}) {
		t.Fatalf("favourited_by %v", stIDs(accts))
	}
	// Paging by the Like's id, newest first.
	r = stOK(t, a.do("GET", "/api/v1/statuses/"+id+"/favourited_by?limit=1", "", nil))
	r.json(&accts)
	link := r.Header().Get("Link")
	if !stSame(stIDs(accts), []string{carol.ID}) || !strings.Contains(link, `rel="next"`) {
		t.Fatalf("first page %v, Link %q", stIDs(accts), link)
	}
	next := link[strings.Index(link, "<")+1 : strings.Index(link, ">")]
	a.do("GET", strings.TrimPrefix(next, base), "", nil).json(&accts)
	if !stSame(stIDs(accts), []string{bob.ID}) {
		t.Fatalf("second page %v", stIDs(accts))
	}
	wantError(t, a.do("GET", "/api/v1/statuses/"+id+"/favourited_by?limit=x", "", nil), 422)

	a.do("GET", "/api/v1/statuses/"+id+"/reblogged_by", "", nil).json(&accts)
	if !stSame(stIDs(accts), []string{bob.ID}) {
		t.Fatalf("reblogged_by, anonymous %v", stIDs(accts))
	}
	a.do("GET", "/api/v1/statuses/"+id+"/reblogged_by", ct, nil).json(&accts)
	if !stSame(stIDs(accts), []string{carol.ID, bob.ID}) {
		t.Fatalf("reblogged_by, carol %v", stIDs(accts))
	}

	// Statuses outside the viewer's audience, unknown ids.
	dm := a.stPost(at, map[string]any{"status": "@bob psst", "visibility": "direct"})
	stOK(t, a.do("POST", "/api/v1/statuses/"+dm+"/favourite", bt, nil))
	for _, p := range []string{"/favourited_by", "/reblogged_by"} {
		wantError(t, a.do("GET", "/api/v1/statuses/"+dm+p, ct, nil), 404)
		wantError(t, a.do("GET", "/api/v1/statuses/"+dm+p, "", nil), 404)
		wantError(t, a.do("GET", "/api/v1/statuses/nope"+p, "", nil), 404)
	}
	a.do("GET", "/api/v1/statuses/"+dm+"/favourited_by", at, nil).json(&accts)
	if !stSame(stIDs(accts), []string{bob.ID}) {
		t.Fatalf("favourited_by of a dm, for its author %v", stIDs(accts))
	}
}
