package mastodon_test

import (
	"slices"
	"testing"
	"time"
)

func TestFeaturedTags(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	a.stPost(at, map[string]any{"status": "#golang one"})
	a.stPost(at, map[string]any{"status": "#golang two #rust"})
	a.stPost(at, map[string]any{"status": "#hidden", "visibility": "private"})

	wantError(t, a.do("POST", "/api/v1/featured_tags", "", map[string]any{"name": "golang"}), 401)
	wantError(t, a.do("POST", "/api/v1/featured_tags", a.token(alice, "read"), map[string]any{"name": "golang"}), 403)
	wantError(t, a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": ""}), 422)
	wantError(t, a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": "no spaces"}), 422)

	r := a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": "#GoLang"})
	acctSchema(t, "FeaturedTag", r.Body.Bytes())
	ft := acctOK(t, r)
	today := time.Now().UTC().Format("2006-01-02")
	if ft["name"] != "golang" || ft["statuses_count"] != "2" || ft["last_status_at"] != today ||
		ft["url"] != base+"/@alice/tagged/golang" {
		t.Fatalf("featured %v", ft)
	}
	wantError(t, a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": "golang"}), 422)
	r = a.do("GET", "/api/v1/featured_tags", at, nil)
	acctSchema(t, "[]FeaturedTag", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{ft["id"].(string)}) {
		t.Fatalf("featured tags %v", got)
	}
	r = a.do("GET", "/api/v1/accounts/"+alice.ID+"/featured_tags", "", nil)
	acctSchema(t, "[]FeaturedTag", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{ft["id"].(string)}) {
		t.Fatalf("alice's featured tags, anonymously %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/featured_tags", at, nil)); len(got) != 0 {
		t.Fatalf("bob's %v", got)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/01NOSUCHACCOUNT/featured_tags", "", nil), 404)

	// Suggestions: used tags not yet featured (private use counts for the owner).
	r = a.do("GET", "/api/v1/featured_tags/suggestions", at, nil)
	acctSchema(t, "[]Tag", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{"rust"}) {
		t.Fatalf("suggestions %v", got)
	}

	// feature/unfeature on the tag.
	r = a.do("POST", "/api/v1/tags/rust/feature", at, nil)
	acctSchema(t, "Tag", r.Body.Bytes())
	if acctOK(t, r)["featuring"] != true {
		t.Fatalf("feature %s", r.Body.String())
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/featured_tags", at, nil)); len(got) != 2 {
		t.Fatalf("after feature %v", got)
	}
	if acctOK(t, a.do("POST", "/api/v1/tags/rust/unfeature", at, nil))["featuring"] != false {
		t.Fatal("unfeature")
	}
	// The limit.
	for i := range 9 {
		acctOK(t, a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": "tag" + string(rune('a'+i))}))
	}
	wantError(t, a.do("POST", "/api/v1/featured_tags", at, map[string]any{"name": "onemore"}), 422)

	// Delete: only one's own.
	wantError(t, a.do("DELETE", "/api/v1/featured_tags/"+ft["id"].(string), bt, nil), 404)
	acctOK(t, a.do("DELETE", "/api/v1/featured_tags/"+ft["id"].(string), at, nil))
	wantError(t, a.do("DELETE", "/api/v1/featured_tags/"+ft["id"].(string), at, nil), 404)
}
