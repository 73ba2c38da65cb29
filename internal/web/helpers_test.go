package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/web"
)

const password = "password123"

// site is the web UI behind the real router and middleware, served on loopback (the live
// stream needs a real connection), on a fresh database.
type site struct {
	t   *testing.T
	st  *store.Store
	p   *activity.Pipeline
	srv *httptest.Server
	ui  *web.Service
	ctx context.Context
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, func(*web.Options) {})
}

// user creates a local user with the test password.
func (s *site) user(nick string) *store.User {
	s.t.Helper()
	u, err := auth.CreateLocal(s.ctx, s.st, s.srv.URL, auth.NewUser{Nickname: nick, Password: password})
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// follow makes a follow b (accepted), as a fixture.
func (s *site) follow(a, b *store.User) {
	s.t.Helper()
	if _, err := s.st.PutRelationship(s.ctx, &store.Relationship{Type: store.RelFollow, Actor: a.APID, Object: b.APID}); err != nil {
		s.t.Fatal(err)
	}
}

// browser is one browser: its own cookies, no redirects followed.
type browser struct {
	s *site
	c *http.Client
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// page is a response with its body read.
type page struct {
	*http.Response
	body string
}

func (b *browser) do(method, path string, form url.Values, hdr map[string]string) page {
	b.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.srv.URL+path, body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8") // as browsers do
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	return page{resp, string(raw)}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil, nil) }

// post submits a form with the CSRF token of the browser's current session.
func (b *browser) post(path string, form url.Values) page {
	b.s.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", b.csrf())
	}
	return b.do("POST", path, form, nil)
}

// htmx posts like htmx does (HX-Request: true).
func (b *browser) htmx(path string, form url.Values) page {
	b.s.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", b.csrf())
	return b.do("POST", path, form, map[string]string{"HX-Request": "true"})
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf reads the token of the forms the browser is shown now.
func (b *browser) csrf() string {
	b.s.t.Helper()
	path := "/"
	if !b.signedIn() {
		path = "/login"
	}
	m := csrfRE.FindStringSubmatch(b.get(path).body)
	if m == nil {
		b.s.t.Fatal("no csrf token on " + path)
	}
	return m[1]
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.s.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (b *browser) signedIn() bool { return b.cookie("_egregoros_session") != nil }

// login signs the browser in as nick.
func (b *browser) login(nick string) {
	b.s.t.Helper()
	r := b.post("/login", url.Values{"username": {nick}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther || !b.signedIn() {
		b.s.t.Fatalf("login %s: %d %s", nick, r.StatusCode, r.body)
	}
}

// compose posts through the composer and returns the new status row.
func (b *browser) compose(text, visibility string) *store.Object {
	b.s.t.Helper()
	r := b.post("/statuses", url.Values{"status": {text}, "visibility": {visibility}})
	if r.StatusCode != http.StatusSeeOther {
		b.s.t.Fatalf("compose: %d %s", r.StatusCode, r.body)
	}
	return b.s.statusWithText(text)
}

// statusWithText finds the newest stored status whose source is text.
func (s *site) statusWithText(text string) *store.Object {
	s.t.Helper()
	var id string
	err := s.st.SQL().QueryRow(`SELECT id FROM objects WHERE type = 'Note' AND data->'source'->>'content' = `+
		map[string]string{"postgres": "$1", "sqlite": "?"}[s.st.Dialect().Name()]+` ORDER BY id DESC LIMIT 1`, text).Scan(&id)
	if err != nil {
		s.t.Fatalf("status %q: %v", text, err)
	}
	o, err := s.st.ObjectByID(s.ctx, id)
	if err != nil {
		s.t.Fatal(err)
	}
	return o
}

// threadPath is the canonical page of a local status.
func (s *site) threadPath(nick string, o *store.Object) string {
	return "/@" + nick + "/" + o.APID[strings.LastIndex(o.APID, "/")+1:]
}

// remoteNote stores a public Note by a remote account, as if fetched.
func (s *site) remoteNote(author *store.User, id, content string) *store.Object {
	s.t.Helper()
	note := ap.Object{"id": id, "type": "Note", "attributedTo": author.APID, "content": content,
		"to": []any{ap.Public}, "cc": []any{author.FollowersURL}, "published": "2026-01-02T03:04:05Z"}
	if _, err := s.p.Ingest(s.ctx, note, activity.Origin{Source: activity.Fetched}); err != nil {
		s.t.Fatal(err)
	}
	o, err := s.st.ObjectByAPID(s.ctx, id)
	if err != nil {
		s.t.Fatal(err)
	}
	return o
}

// remoteUser stores a remote account.
func (s *site) remoteUser(nick, domain string) *store.User {
	s.t.Helper()
	id := "https://" + domain + "/users/" + nick
	u := &store.User{APID: id, Nickname: nick, Domain: domain, ActorType: "Person", Inbox: id + "/inbox",
		SharedInbox: "https://" + domain + "/inbox", Outbox: id + "/outbox", FollowersURL: id + "/followers",
		FollowingURL: id + "/following", FeaturedURL: id + "/featured", URL: "https://" + domain + "/@" + nick,
		PublicKey: "pk", Name: strings.ToUpper(nick[:1]) + nick[1:]}
	if err := s.st.UpsertRemoteUser(s.ctx, u); err != nil {
		s.t.Fatal(err)
	}
	got, err := s.st.UserByAPID(s.ctx, id)
	if err != nil {
		s.t.Fatal(err)
	}
	return got
}

// wantStatus fails unless the response has the status code.
func wantStatus(t *testing.T, r page, code int) {
	t.Helper()
	if r.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, code, r.body)
	}
}

func mustUser(t *testing.T, s *site, nick string) *store.User {
	t.Helper()
	u, err := s.st.LocalUser(s.ctx, nick)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
