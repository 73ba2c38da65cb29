package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestNotificationsPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice, bob := s.user("alice"), s.user("bob")
	s.user("dave")
	eve := s.user("eve")
	v := s.browser()
	if r := v.get("/notifications"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fnotifications" {
		t.Fatalf("visitor: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	a, b, d := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	d.login("dave")
	if r := a.get("/notifications"); r.StatusCode != 200 || !strings.Contains(r.body, "No notifications yet") {
		t.Fatalf("empty page: %d", r.StatusCode)
	}
	live := a.liveAt("alice notifications", "/notifications/live")

	post := a.compose("alice writes", ap.VisibilityPublic)
	wantStatus(t, b.htmx("/statuses/"+post.ID+"/like", nil), http.StatusOK)
	wantStatus(t, b.htmx("/statuses/"+post.ID+"/boost", nil), http.StatusOK)
	b.compose("hello @alice", ap.VisibilityPublic)
	live.until("update", "liked your post")

	// A notification about a status alice may not see (dave's direct message to eve) is left
	// out, and its text never reaches her.
	secret := d.compose("@eve the secret plan", ap.VisibilityDirect)
	if _, err := s.st.AddNotification(s.ctx, &store.Notification{UserID: alice.ID, Type: store.NotifyMention,
		Actor: mustUser(t, s, "dave").APID, Object: secret.APID, ActivityAPID: secret.APID + "/x"}); err != nil {
		t.Fatal(err)
	}
	_ = eve

	r := a.get("/notifications")
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{"liked your post", "boosted your post", "mentioned you", "hello", "alice writes", "new</span>", "Mark all as read"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("notifications page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "secret plan") {
		t.Fatal("a direct message to someone else leaked through a notification")
	}
	if m := a.get("/notifications?type=mentions"); !strings.Contains(m.body, "mentioned you") || strings.Contains(m.body, "liked your post") {
		t.Fatal("the mentions filter shows other types")
	}
	wantStatus(t, a.get("/notifications?type=bogus"), http.StatusNotFound)

	// Marking read: a forged form is refused, a real one moves the marker.
	wantStatus(t, a.do("POST", "/notifications/read", url.Values{"csrf_token": {"x"}}, nil), http.StatusForbidden)
	wantStatus(t, a.post("/notifications/read", nil), http.StatusSeeOther)
	if r := a.get("/notifications"); strings.Contains(r.body, "new</span>") || strings.Contains(r.body, "Mark all as read") {
		t.Fatal("the notifications are still unread")
	}
	ms, err := s.st.Markers(s.ctx, alice.ID, []string{"notifications"})
	if err != nil || ms["notifications"] == nil || ms["notifications"].LastReadID == "" {
		t.Fatalf("marker: %v %v", ms, err)
	}
	_ = bob
}

func TestFollowRequestsFromNotifications(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice := s.user("alice")
	alice.Locked = true
	if err := s.st.UpdateUser(s.ctx, alice); err != nil {
		t.Fatal(err)
	}
	bob, carol := s.user("bob"), s.user("carol")
	a, b, c := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	c.login("carol")

	// A locked account: following is a request, and the button says so.
	if p := b.get("/@alice"); !strings.Contains(p.body, "Request to follow") {
		t.Fatal("no request button on a locked profile")
	}
	r := b.do("POST", "/accounts/"+alice.ID+"/follow", url.Values{"csrf_token": {b.csrf()}}, map[string]string{"HX-Request": "true"})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Requested") || !strings.Contains(r.body, `id="relation-`+alice.ID+`"`) {
		t.Fatalf("follow answer: %s", r.body)
	}
	wantStatus(t, c.post("/accounts/"+alice.ID+"/follow", nil), http.StatusSeeOther)
	for _, u := range []string{bob.APID, carol.APID} {
		if ok, _ := s.st.HasRelationship(s.ctx, store.RelFollowRequest, u, alice.APID); !ok {
			t.Fatalf("%s has no pending request", u)
		}
	}

	page := a.get("/notifications?type=follows")
	if strings.Count(page.body, "asked to follow you") != 2 || !strings.Contains(page.body, "/follow_requests/"+bob.ID+"/authorize") {
		t.Fatalf("follow requests: %s", page.body)
	}
	// Only alice answers her requests; a forged form is refused.
	wantStatus(t, b.post("/follow_requests/"+bob.ID+"/authorize", nil), http.StatusNotFound)
	wantStatus(t, a.do("POST", "/follow_requests/"+bob.ID+"/authorize", url.Values{"csrf_token": {"x"}}, nil), http.StatusForbidden)

	r = a.htmx("/follow_requests/"+bob.ID+"/authorize", nil)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Accepted") {
		t.Fatalf("authorize answer: %s", r.body)
	}
	wantStatus(t, a.post("/follow_requests/"+carol.ID+"/reject", nil), http.StatusSeeOther)
	if ok, _ := s.st.HasRelationship(s.ctx, store.RelFollow, bob.APID, alice.APID); !ok {
		t.Fatal("bob does not follow alice after the accept")
	}
	for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
		if ok, _ := s.st.HasRelationship(s.ctx, typ, carol.APID, alice.APID); ok {
			t.Fatalf("carol still has a %s after the reject", typ)
		}
	}
	if page := a.get("/notifications?type=follows"); strings.Contains(page.body, "/follow_requests/") {
		t.Fatal("answered requests still show their buttons")
	}
	wantStatus(t, a.post("/follow_requests/"+carol.ID+"/authorize", nil), http.StatusNotFound)

	// Now bob sees alice's followers-only posts; carol does not.
	secret := a.compose("for followers only", ap.VisibilityPrivate)
	if p := b.get(s.threadPath("alice", secret)); p.StatusCode != http.StatusOK {
		t.Fatalf("follower: %d", p.StatusCode)
	}
	wantStatus(t, c.get(s.threadPath("alice", secret)), http.StatusNotFound)
	if strings.Contains(c.get("/@alice").body, "for followers only") {
		t.Fatal("a followers-only post on the profile shown to a non-follower")
	}
}

// The notifications page and the explore, hashtag, bookmarks and search pages run a fixed
// number of queries whatever their length.
func TestPagesQueryCountIsFixed(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	a, b := s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	count := s.st.CountQueries()
	pages := []string{"/notifications", "/explore", "/tags/tag", "/bookmarks", "/favourites", "/search?q=post&type=statuses", "/direct"}
	measure := func() map[string]int64 {
		out := map[string]int64{}
		for _, p := range pages {
			// Twice, keeping the smaller count: a short-lived cache (the custom emoji of the
			// reaction picker) refills at most once in the pair, and is not per item.
			for i := range 2 {
				before := count()
				wantStatus(t, a.get(p), http.StatusOK)
				if n := count() - before; i == 0 || n < out[p] {
					out[p] = n
				}
			}
		}
		return out
	}
	post := func(n int) {
		for i := range n {
			p := b.compose(fmt.Sprintf("post %d #tag @alice", i), ap.VisibilityPublic)
			a.htmx("/statuses/"+p.ID+"/like", nil)
			a.htmx("/statuses/"+p.ID+"/bookmark", nil)
			b.htmx("/statuses/"+p.ID+"/boost", nil)
			b.compose(fmt.Sprintf("@alice direct %d", i), ap.VisibilityDirect)
		}
	}
	post(2)
	few := measure()
	post(6)
	many := measure()
	for _, p := range pages {
		if few[p] != many[p] {
			t.Errorf("%s: %d queries with few items, %d with more", p, few[p], many[p])
		}
	}
	t.Logf("queries per page: %v", many)
}
