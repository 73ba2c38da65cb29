package mastodon_test

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

func TestTagsShowFollowAndHome(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")

	// A tag nobody used: zero uses on each of the last seven days, today first.
	r := a.do("GET", "/api/v1/tags/Golang", "", nil)
	acctSchema(t, "Tag", r.Body.Bytes())
	tag := acctOK(t, r)
	hist := asList(tag["history"])
	if tag["name"] != "golang" || tag["url"] != base+"/tags/golang" || len(hist) != 7 || tag["following"] != nil {
		t.Fatalf("tag %v", tag)
	}
	day0 := hist[0].(map[string]any)
	today := time.Now().UTC().Truncate(24 * time.Hour).Unix()
	if day0["uses"] != "0" || day0["day"] != jsonNum(today) {
		t.Fatalf("today %v, want day %d", day0, today)
	}
	wantError(t, a.do("GET", "/api/v1/tags/-nope", "", nil), 404)

	// Uses: public statuses, by how many accounts.
	pub := a.stPost(bt, map[string]any{"status": "#golang rocks"})
	a.stPost(bt, map[string]any{"status": "more #GoLang"})
	a.stPost(at, map[string]any{"status": "me too #golang"})
	unlisted := a.stPost(bt, map[string]any{"status": "quiet #golang", "visibility": "unlisted"})
	private := a.stPost(bt, map[string]any{"status": "secret #golang", "visibility": "private"})
	tag = acctOK(t, a.do("GET", "/api/v1/tags/golang", at, nil))
	day0 = asList(tag["history"])[0].(map[string]any)
	if day0["uses"] != "3" || day0["accounts"] != "2" || tag["following"] != false {
		t.Fatalf("tag after use %v", tag)
	}

	// Follow: auth, then the tag's public posts join the home timeline.
	wantError(t, a.do("POST", "/api/v1/tags/golang/follow", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/tags/golang/follow", a.token(alice, "read"), nil), 403)
	wantError(t, a.do("POST", "/api/v1/tags/-nope/follow", at, nil), 404)
	home := func() []string { return acctIDs(t, a.do("GET", "/api/v1/timelines/home", at, nil)) }
	if slices.Contains(home(), pub) {
		t.Fatal("a stranger's tagged post in home before following the tag")
	}
	r = a.do("POST", "/api/v1/tags/golang/follow", at, nil)
	acctSchema(t, "Tag", r.Body.Bytes())
	if acctOK(t, r)["following"] != true {
		t.Fatalf("follow %s", r.Body.String())
	}
	a.stPost(at, map[string]any{"status": "alice, untagged"})
	a.stPost(bt, map[string]any{"status": "third #golang"})
	h := home()
	if len(h) != 5 || !slices.Contains(h, pub) {
		t.Fatalf("followed tag's post missing from home %v", h)
	}
	if slices.Contains(h, unlisted) || slices.Contains(h, private) {
		t.Fatalf("home shows an unlisted or private post of a followed tag: %v", h)
	}
	// Paging stays exact across the two sources.
	p1 := acctIDs(t, a.do("GET", "/api/v1/timelines/home?limit=2", at, nil))
	p2 := acctIDs(t, a.do("GET", "/api/v1/timelines/home?limit=2&max_id="+p1[1], at, nil))
	if !slices.Equal(append(p1, p2...), h[:4]) {
		t.Fatalf("pages %v %v, home %v", p1, p2, h)
	}
	if got := acctIDs(t, a.do("GET", "/api/v1/timelines/home?min_id="+h[3]+"&limit=2", at, nil)); !slices.Equal(got, h[1:3]) {
		t.Fatalf("min_id page %v, home %v", got, h)
	}

	// Followed tags, with Link paging.
	for _, name := range []string{"rust", "zig"} {
		acctOK(t, a.do("POST", "/api/v1/tags/"+name+"/follow", at, nil))
	}
	r = a.do("GET", "/api/v1/followed_tags", at, nil)
	acctSchema(t, "[]Tag", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{"zig", "rust", "golang"}) {
		t.Fatalf("followed tags %v", got)
	}
	r = a.do("GET", "/api/v1/followed_tags?limit=2", at, nil)
	if got := acctIDs(t, r); !slices.Equal(got, []string{"zig", "rust"}) {
		t.Fatalf("first page %v", got)
	}
	if got := acctIDs(t, a.do("GET", acctNextLink(t, r), at, nil)); !slices.Equal(got, []string{"golang"}) {
		t.Fatalf("second page %v", got)
	}
	wantError(t, a.do("GET", "/api/v1/followed_tags", "", nil), 401)
	if got := acctIDs(t, a.do("GET", "/api/v1/followed_tags", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's followed tags %v", got)
	}

	if acctOK(t, a.do("POST", "/api/v1/tags/golang/unfollow", at, nil))["following"] != false {
		t.Fatal("unfollow")
	}
	if slices.Contains(home(), pub) {
		t.Fatal("unfollowed tag's post still in home")
	}
}

func jsonNum(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestFollowedTagOnUserStream(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	acctOK(t, a.do("POST", "/api/v1/tags/golang/follow", at, nil))
	ws := a.dialStream(t, srv, at, "?stream=user")
	time.Sleep(200 * time.Millisecond)
	a.stPost(bt, map[string]any{"status": "untagged"})
	a.stPost(bt, map[string]any{"status": "#golang but private", "visibility": "private"})
	id := a.stPost(bt, map[string]any{"status": "#golang news"})
	e := ws.next(5 * time.Second)
	if e == nil || e["event"] != "update" {
		t.Fatalf("event %v", e)
	}
	var st map[string]any
	_ = json.Unmarshal([]byte(e["payload"].(string)), &st)
	if st["id"] != id {
		t.Fatalf("user stream sent %v, want the tagged post", st["id"])
	}
}
