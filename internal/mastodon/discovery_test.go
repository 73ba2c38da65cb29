package mastodon_test

import (
	"testing"
)

func TestSuggestionsDirectoryTrends(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	at, bt, ct, dt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow"),
		a.token(carol, "read", "write", "follow"), a.token(dave, "read", "write", "follow")
	// carol is followed by bob and dave; alice follows dave.
	a.do("POST", "/api/v1/accounts/"+carol.ID+"/follow", bt, nil)
	a.do("POST", "/api/v1/accounts/"+carol.ID+"/follow", dt, nil)
	a.do("POST", "/api/v1/accounts/"+dave.ID+"/follow", at, nil)
	// dave hides from discovery.
	if r := a.do("PATCH", "/api/v1/accounts/update_credentials", dt, map[string]any{"discoverable": false}); r.Code != 200 {
		t.Fatalf("update_credentials %d %s", r.Code, r.Body.String())
	}

	// Suggestions for alice: carol (most followed) then bob; never herself, dave (followed
	// and not discoverable).
	r := a.do("GET", "/api/v2/suggestions", at, nil)
	acctSchema(t, "[]Suggestion", r.Body.Bytes())
	var sugg []map[string]any
	r.json(&sugg)
	if len(sugg) != 2 || sugg[0]["account"].(map[string]any)["id"] != carol.ID || sugg[1]["account"].(map[string]any)["id"] != bob.ID {
		t.Fatalf("suggestions %v", sugg)
	}
	var v1 []map[string]any
	a.do("GET", "/api/v1/suggestions", at, nil).json(&v1)
	if len(v1) != 2 || v1[0]["id"] != carol.ID {
		t.Fatalf("v1 suggestions %v", v1)
	}
	if r := a.do("DELETE", "/api/v1/suggestions/"+carol.ID, at, nil); r.Code != 200 {
		t.Fatalf("dismiss %d", r.Code)
	}
	a.do("GET", "/api/v1/suggestions", at, nil).json(&v1)
	if len(v1) != 1 || v1[0]["id"] != bob.ID {
		t.Fatalf("after dismissing %v", v1)
	}
	wantError(t, a.do("DELETE", "/api/v1/suggestions/nope", at, nil), 404)
	wantError(t, a.do("GET", "/api/v2/suggestions", "", nil), 401)
	wantError(t, a.do("GET", "/api/v2/suggestions?limit=x", at, nil), 422)

	// Posts: bob's with #go liked and boosted twice, carol's #go and #rust once.
	bobPost := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "#go is nice"}).obj()
	carolPost := a.do("POST", "/api/v1/statuses", ct, map[string]any{"status": "#go and #rust"}).obj()
	hidden := a.do("POST", "/api/v1/statuses", ct, map[string]any{"status": "#secret", "visibility": "private"}).obj()
	a.do("POST", "/api/v1/statuses/"+bobPost["id"].(string)+"/favourite", at, nil)
	a.do("POST", "/api/v1/statuses/"+bobPost["id"].(string)+"/reblog", ct, nil)
	a.do("POST", "/api/v1/statuses/"+carolPost["id"].(string)+"/favourite", at, nil)
	a.do("POST", "/api/v1/statuses/"+hidden["id"].(string)+"/favourite", bt, nil)
	a.do("POST", "/api/v1/statuses/"+hidden["id"].(string)+"/favourite", ct, nil)

	// Directory: active (carol posted last), new, local; dave is not listed.
	var dir []map[string]any
	r = a.do("GET", "/api/v1/directory", "", nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	r.json(&dir)
	if len(dir) != 3 || dir[0]["id"] != carol.ID || dir[1]["id"] != bob.ID {
		t.Fatalf("directory %v", dir)
	}
	a.do("GET", "/api/v1/directory?order=new&local=true&limit=1", "", nil).json(&dir)
	if len(dir) != 1 || dir[0]["id"] == dave.ID {
		t.Fatalf("newest %v", dir)
	}
	a.do("GET", "/api/v1/directory?offset=3", "", nil).json(&dir)
	if len(dir) != 0 {
		t.Fatalf("offset past the end %v", dir)
	}
	wantError(t, a.do("GET", "/api/v1/directory?order=random", "", nil), 422)
	wantError(t, a.do("GET", "/api/v1/directory?limit=-1", "", nil), 422)

	// Trends.
	var tags []map[string]any
	r = a.do("GET", "/api/v1/trends/tags", "", nil)
	acctSchema(t, "[]Tag", r.Body.Bytes())
	r.json(&tags)
	if len(tags) != 2 || tags[0]["name"] != "go" || tags[1]["name"] != "rust" || len(tags[0]["history"].([]any)) != 7 {
		t.Fatalf("trending tags %v", tags)
	}
	var sts []map[string]any
	r = a.do("GET", "/api/v1/trends/statuses", at, nil)
	acctSchema(t, "[]Status", r.Body.Bytes())
	r.json(&sts)
	if len(sts) != 2 || sts[0]["id"] != bobPost["id"] || sts[1]["id"] != carolPost["id"] {
		t.Fatalf("trending statuses %v", sts)
	}
	a.do("GET", "/api/v1/trends/statuses?offset=1&limit=1", "", nil).json(&sts)
	if len(sts) != 1 || sts[0]["id"] != carolPost["id"] {
		t.Fatalf("trending statuses page 2 %v", sts)
	}
	var links []any
	if r := a.do("GET", "/api/v1/trends/links", "", nil); r.Code != 200 {
		t.Fatalf("links %d", r.Code)
	} else if r.json(&links); len(links) != 0 {
		t.Fatalf("links %v", links)
	}
	wantError(t, a.do("GET", "/api/v1/trends/tags?limit=x", "", nil), 422)
}
