package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

var (
	inlineScriptRE = regexp.MustCompile(`<script(?:\s[^>]*)?>`)
	assetRE        = regexp.MustCompile(`(?:href|src)="(/assets/[0-9a-f]{16}/app\.css)"`)
)

func TestPagesHeadersAndAssets(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	v := s.browser()

	for _, path := range []string{"/", "/?timeline=local", "/login", "/@alice", "/nope", "/@nobody"} {
		r := v.get(path)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if r.Header.Get("X-Frame-Options") != "DENY" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, r.Header)
		}
		for _, tag := range inlineScriptRE.FindAllString(r.body, -1) {
			if !strings.Contains(tag, ` src="/assets/`) {
				t.Errorf("%s: inline script %s", path, tag)
			}
		}
		if strings.Contains(r.body, " style=") || strings.Contains(r.body, " on") && regexp.MustCompile(`\son[a-z]+=`).MatchString(r.body) {
			t.Errorf("%s: inline style or event handler", path)
		}
	}
	wantStatus(t, v.get("/nope"), http.StatusNotFound)
	wantStatus(t, v.get("/@nobody"), http.StatusNotFound)
	wantStatus(t, v.get("/@"), http.StatusNotFound)
	wantStatus(t, v.get("/?timeline=bogus"), http.StatusNotFound)
	if r := v.get("/nope"); !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("404 page type %q", r.Header.Get("Content-Type"))
	}

	m := assetRE.FindStringSubmatch(v.get("/").body)
	if m == nil {
		t.Fatal("no checksum URL for app.css")
	}
	r := v.get(m[1])
	wantStatus(t, r, http.StatusOK)
	if r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset headers %v", r.Header)
	}
	wantStatus(t, v.get("/assets/0000000000000000/app.css"), http.StatusNotFound)
	wantStatus(t, v.get(strings.Replace(m[1], "app.css", "nope.css", 1)), http.StatusNotFound)
}

func TestRemoteContentIsSanitized(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	mallory := s.remoteUser("mallory", "remote.test")
	note := s.remoteNote(mallory, "https://remote.test/notes/1",
		`<p>hi<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">link</a> <a href="https://ok.test/">fine</a></p>`)
	v := s.browser()
	for _, path := range []string{"/?timeline=federated", "/@mallory@remote.test", "/@mallory@remote.test/" + note.ID} {
		r := v.get(path)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, `href="https://ok.test/"`) {
			t.Fatalf("%s: the remote post is missing", path)
		}
		for _, bad := range []string{"alert(", "onerror", "javascript:"} {
			if strings.Contains(r.body, bad) {
				t.Fatalf("%s: %q reached the page", path, bad)
			}
		}
	}
	if r := v.get("/@mallory@remote.test"); !strings.Contains(r.body, "View on their server") {
		t.Fatal("the remote profile has no link to its server")
	}
}

// TestTimelineQueryBudget checks that a timeline page costs the same number of queries
// whatever its length (no N+1).
func TestTimelineQueryBudget(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	s.follow(mustUser(t, s, "alice"), mustUser(t, s, "bob"))
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	count := s.st.CountQueries()
	measure := func() int64 {
		before := count()
		wantStatus(t, alice.get("/?timeline=home"), http.StatusOK)
		return count() - before
	}
	post := func(n int) {
		for i := range n {
			p := bob.compose(fmt.Sprintf("post %d #tag", i), ap.VisibilityPublic)
			alice.htmx("/statuses/"+p.ID+"/like", nil)
		}
	}
	post(2)
	small := measure()
	post(12)
	big := measure()
	if small != big {
		t.Fatalf("home with 2 posts: %d queries, with 14: %d", small, big)
	}
	if small > 12 {
		t.Fatalf("home costs %d queries", small)
	}
	t.Logf("home timeline page: %d queries", small)
}

// TestInfiniteScroll checks the next-page link and its htmx fragment.
func TestInfiniteScroll(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	a := s.browser()
	a.login("alice")
	var ids []*store.Object
	for i := range 23 {
		ids = append(ids, a.compose(fmt.Sprintf("number %02d", i), ap.VisibilityPublic))
	}
	page := a.get("/?timeline=local").body
	link := regexp.MustCompile(`href="(/\?timeline=local&amp;max_id=[0-9A-Z]{26})"`).FindStringSubmatch(page)
	if link == nil || strings.Contains(page, "number 02") || !strings.Contains(page, "number 22") {
		t.Fatal("the first page is not the 20 newest with a link to older ones")
	}
	next := strings.ReplaceAll(link[1], "&amp;", "&")
	frag := a.do("GET", next, nil, map[string]string{"HX-Request": "true"})
	wantStatus(t, frag, http.StatusOK)
	if strings.Contains(frag.body, "<html") || !strings.Contains(frag.body, "number 00") ||
		!strings.Contains(frag.body, `id="more" hx-swap-oob="true"`) || strings.Contains(frag.body, "number 03") {
		t.Fatalf("next page fragment: %s", frag.body)
	}
	if full := a.get(next); !strings.Contains(full.body, "<html") || !strings.Contains(full.body, "number 00") {
		t.Fatal("the next page does not work without JavaScript")
	}
}

// TestRoutesBesideTheOtherSurfaces mounts the UI with the API and federation surfaces, as
// serve does: no pattern conflicts, and each keeps its routes.
func TestRoutesBesideTheOtherSurfaces(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	const base = "http://localhost:4000"
	bus := stream.NewMemory(16)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus})
	if err != nil {
		t.Fatal(err)
	}
	api := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits}
	fed := &federation.Service{BaseURL: base, Store: st, Pipeline: p}
	h := server.New(&config.Config{Host: "localhost", Scheme: "http", Port: 4000}, st, fed, api, ui).Handler()
	if _, err := auth.CreateLocal(context.Background(), st, base, auth.NewUser{Nickname: "alice", Password: password}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, accept string
		code         int
		ctype        string
	}{
		{"/", "text/html", 200, "text/html"},
		{"/@alice", "text/html", 200, "text/html"},
		{"/@alice/01ARZ3NDEKTSV4RRFFQ69G5FAV", "text/html", 404, "text/html"},
		{"/@alice/a/b", "text/html", 404, "text/html"},
		{"/users/alice", "application/activity+json", 200, "application/activity+json"},
		{"/api/v1/timelines/public", "", 200, "application/json"},
		{"/nope", "text/html", 404, "text/html"},
		{"/nope", "", 404, "application/json"},
		{"/api/v1/nope", "", 404, "application/json"},
	} {
		req := httptest.NewRequest("GET", c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.code || !strings.HasPrefix(rec.Header().Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s (Accept %q): %d %s, want %d %s", c.path, c.accept, rec.Code, rec.Header().Get("Content-Type"), c.code, c.ctype)
		}
	}
}
