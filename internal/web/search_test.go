package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/web"
)

// fakeRemote resolves one remote account and one remote status, as federation would after
// fetching them, and records what it was asked.
type fakeRemote struct {
	s     *site
	mu    sync.Mutex
	asked []string
}

func (f *fakeRemote) ResolveHandle(ctx context.Context, nick, domain string) (*store.User, error) {
	f.mu.Lock()
	f.asked = append(f.asked, nick+"@"+domain)
	f.mu.Unlock()
	if nick == "zed" && domain == "far.test" {
		return f.s.remoteUser("zed", "far.test"), nil
	}
	return nil, store.ErrNotFound
}

func (f *fakeRemote) Resolve(ctx context.Context, id string, depth int) error {
	f.mu.Lock()
	f.asked = append(f.asked, id)
	f.mu.Unlock()
	if id == "https://far.test/notes/9" {
		f.s.remoteNote(f.s.remoteUser("zed", "far.test"), id, "<p>fetched from far away</p>")
		return nil
	}
	return store.ErrNotFound
}

func (f *fakeRemote) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.asked)
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	remote := &fakeRemote{}
	s := newSiteWith(t, func(o *web.Options) { o.Remote = remote })
	remote.s = s
	s.user("alice")
	s.user("alina")
	s.user("bob")
	s.user("carol")
	far := s.remoteUser("remy", "remote.test")
	s.remoteNote(far, "https://remote.test/notes/1", "<p>the zebra crossing</p>")
	a, b, c, v := s.browser(), s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")
	c.login("carol")
	s.follow(mustUser(t, s, "carol"), mustUser(t, s, "bob"))
	b.compose("zebra stripes in public #Zebras", ap.VisibilityPublic)
	b.compose("zebra for followers", ap.VisibilityPrivate)
	b.compose("@carol zebra secret", ap.VisibilityDirect)

	wantStatus(t, v.get("/search"), http.StatusOK)
	wantStatus(t, v.get("/search?q=x&type=bogus"), http.StatusNotFound)

	// Accounts: nickname prefixes, exact handles, remote handles known here.
	r := v.get("/search?q=ali")
	if !strings.Contains(r.body, `href="/@alice"`) || !strings.Contains(r.body, `href="/@alina"`) || strings.Contains(r.body, `href="/@bob"`) {
		t.Fatalf("account search: %s", r.body)
	}
	if r := v.get("/search?q=" + url.QueryEscape("@remy@remote.test")); !strings.Contains(r.body, `href="/@remy@remote.test"`) {
		t.Fatal("a known remote account is not found by its handle")
	}

	// Statuses: each searcher finds only what they may see.
	for _, c := range []struct {
		who       *browser
		name      string
		see, hide []string
	}{
		{v, "visitor", []string{"zebra stripes in public", "the zebra crossing"}, []string{"zebra for followers", "zebra secret"}},
		{a, "alice", []string{"zebra stripes in public"}, []string{"zebra for followers", "zebra secret"}},
		{c, "carol", []string{"zebra stripes in public", "zebra for followers", "zebra secret"}, nil},
	} {
		r := c.who.get("/search?type=statuses&q=ZEBRA")
		wantStatus(t, r, http.StatusOK)
		for _, want := range c.see {
			if !strings.Contains(r.body, want) {
				t.Errorf("%s: does not find %q", c.name, want)
			}
		}
		for _, hidden := range c.hide {
			if strings.Contains(r.body, hidden) {
				t.Errorf("%s: finds %q", c.name, hidden)
			}
		}
	}
	// A muted author's posts are not found.
	wantStatus(t, a.post("/accounts/"+mustUser(t, s, "bob").ID+"/mute", nil), http.StatusSeeOther)
	if r := a.get("/search?type=statuses&q=zebra"); strings.Contains(r.body, "zebra stripes") {
		t.Fatal("a muted account's post found")
	}

	// Hashtags.
	if r := v.get("/search?q=%23zeb&type=hashtags"); !strings.Contains(r.body, `href="/tags/zebras"`) {
		t.Fatalf("hashtag search: %s", r.body)
	}

	// Remote resolution: only for signed-in users.
	q := "/search?q=" + url.QueryEscape("@zed@far.test")
	if r := v.get(q); strings.Contains(r.body, `href="/@zed@far.test"`) || remote.count() != 0 {
		t.Fatal("a visitor's search resolved a remote account")
	}
	if r := a.get(q); !strings.Contains(r.body, `href="/@zed@far.test"`) {
		t.Fatal("the remote account was not resolved")
	}
	if r := a.get("/search?q=" + url.QueryEscape("https://far.test/notes/9")); !strings.Contains(r.body, "fetched from far away") {
		t.Fatal("the status URL was not resolved")
	}
}

func TestTagPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("bob")
	s.user("carol")
	s.follow(mustUser(t, s, "carol"), mustUser(t, s, "bob"))
	b, c, v := s.browser(), s.browser(), s.browser()
	b.login("bob")
	c.login("carol")
	vlive := v.liveAt("visitor tag", "/tags/cats/live")
	clive := c.liveAt("carol tag", "/tags/cats/live")

	b.compose("private #cats", ap.VisibilityPrivate)
	b.compose("public #Cats", ap.VisibilityPublic)
	b.compose("unlisted #cats", ap.VisibilityUnlisted)
	b.compose("public #dogs", ap.VisibilityPublic)

	got := joined(vlive.until("update", "public"))
	if strings.Contains(got, "private") {
		t.Fatal("a followers-only post reached a visitor's hashtag stream")
	}
	got = joined(clive.until("update", "public"))
	if strings.Contains(got, "private") {
		t.Fatal("the hashtag stream is not the public hashtag timeline")
	}

	r := v.get("/tags/cats")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "public") || strings.Contains(r.body, "private") || strings.Contains(r.body, "unlisted #cats") ||
		strings.Contains(r.body, "#dogs") || !strings.Contains(r.body, `sse-connect="/tags/cats/live"`) {
		t.Fatalf("tag page: %s", r.body)
	}
	if r := v.get("/tags/Cats"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/tags/cats" {
		t.Fatalf("/tags/Cats: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	wantStatus(t, v.get("/tags/"+url.PathEscape("no tag")), http.StatusNotFound)
}

func TestExplorePage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, n := range []string{"bob", "carol", "dave"} {
		s.user(n)
	}
	b, c, d, v := s.browser(), s.browser(), s.browser(), s.browser()
	b.login("bob")
	c.login("carol")
	d.login("dave")
	b.compose("#popular one", ap.VisibilityPublic)
	c.compose("#popular two", ap.VisibilityPublic)
	d.compose("#popular three and #rare", ap.VisibilityPublic)
	d.compose("#hidden for followers", ap.VisibilityPrivate)
	d.compose("#quiet unlisted", ap.VisibilityUnlisted)

	r := v.get("/explore")
	wantStatus(t, r, http.StatusOK)
	pop, rare := strings.Index(r.body, `href="/tags/popular"`), strings.Index(r.body, `href="/tags/rare"`)
	if pop < 0 || rare < 0 || pop > rare {
		t.Fatalf("trending tags: %s", r.body)
	}
	if strings.Contains(r.body, "/tags/hidden") || strings.Contains(r.body, "/tags/quiet") || strings.Contains(r.body, "for followers") {
		t.Fatal("explore shows non-public posts or their tags")
	}
	if strings.Count(r.body, `<article id="status-`) != 3 {
		t.Fatal("no recent posts")
	}
}
