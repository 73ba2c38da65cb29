package mastodon_test

import (
	"net/url"
	"slices"
	"testing"
)

// GET /api/v2/search finds statuses by their words, as Mastodon with full-text search: for a
// signed-in user, among the statuses they wrote, were mentioned in, favourited or bookmarked
// and the public statuses of indexable accounts, each visible to them; edits and deletions
// reach the index.
func TestSearchStatusesByWords(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", ct, map[string]any{"discoverable": false}))

	public := a.stPost(bt, map[string]any{"status": "Zebra stripes in the sun!"})
	private := a.stPost(bt, map[string]any{"status": "zebra for followers", "visibility": "private"})
	hidden := a.stPost(ct, map[string]any{"status": "a zebra nobody indexes"})
	faved := a.stPost(ct, map[string]any{"status": "a zebra alice liked"})
	marked := a.stPost(ct, map[string]any{"status": "a zebra alice kept", "spoiler_text": "zebras"})
	mention := a.stPost(ct, map[string]any{"status": "@alice a zebra for you", "visibility": "direct"})
	own := a.stPost(at, map[string]any{"status": "my zebra, privately", "visibility": "private"})
	poll := a.stPost(bt, map[string]any{"status": "which animal?", "poll": map[string]any{"options": []string{"Zebra", "Okapi"}, "expires_in": 3600}})
	acctOK(t, a.do("POST", "/api/v1/statuses/"+faved+"/favourite", at, nil))
	acctOK(t, a.do("POST", "/api/v1/statuses/"+marked+"/bookmark", at, nil))

	search := func(tok, q string, extra ...string) []string {
		t.Helper()
		v := url.Values{"q": {q}, "type": {"statuses"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		r := stOK(t, a.do("GET", "/api/v2/search?"+v.Encode(), tok, nil))
		acctSchema(t, "Search", r.Body.Bytes())
		var res struct{ Statuses []map[string]any }
		r.json(&res)
		return stIDs(res.Statuses)
	}
	want := []string{poll, own, mention, marked, faved, public}
	if got := search(at, "ZEBRA"); !slices.Equal(got, want) {
		t.Fatalf("alice finds %v, want %v (not %s, %s)", got, want, private, hidden)
	}
	if got := search(at, "zebra sun"); !slices.Equal(got, []string{public}) {
		t.Fatalf("every word: %v", got)
	}
	if got := search(at, "zebra", "limit", "2"); !slices.Equal(got, want[:2]) {
		t.Fatalf("limit: %v", got)
	}
	if got := search(at, "zebra", "limit", "2", "offset", "2"); !slices.Equal(got, want[2:4]) {
		t.Fatalf("offset: %v", got)
	}
	if got := search(at, "zebra", "max_id", marked); !slices.Equal(got, want[4:]) {
		t.Fatalf("max_id: %v", got)
	}
	if got := search(at, "zebra", "account_id", bob.ID); !slices.Equal(got, []string{poll, public}) {
		t.Fatalf("account_id: %v", got)
	}
	if got := search(ct, "zebra"); !slices.Equal(got, []string{poll, mention, marked, faved, hidden, public}) {
		t.Fatalf("carol finds %v", got)
	}
	// Visitors, lone hashtags and handles: no full-text search.
	for _, c := range []struct{ tok, q string }{{"", "zebra"}, {at, "#zebra"}, {at, "@zebra"}} {
		if got := search(c.tok, c.q); len(got) != 0 {
			t.Fatalf("%q by %q: %v", c.q, c.tok, got)
		}
	}
	wantError(t, a.do("GET", "/api/v2/search?q=zebra&type=statuses&limit=x", at, nil), 422)

	// An edit and a deletion reach the index.
	stOK(t, a.do("PUT", "/api/v1/statuses/"+public, bt, map[string]any{"status": "Okapi stripes in the sun"}))
	if got := search(at, "sun"); !slices.Equal(got, []string{public}) {
		t.Fatalf("edited: %v", got)
	}
	if got := search(at, "zebra", "account_id", bob.ID); !slices.Equal(got, []string{poll}) {
		t.Fatalf("edited away: %v", got)
	}
	stOK(t, a.do("DELETE", "/api/v1/statuses/"+poll, bt, nil))
	if got := search(at, "okapi"); !slices.Equal(got, []string{public}) {
		t.Fatalf("deleted: %v", got)
	}
}
