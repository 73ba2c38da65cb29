package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/web"
)

// subscribeRemote is fakeRemote whose servers advertise a remote-follow template, as their
// WebFinger would: home.test's, and none for anywhere else.
type subscribeRemote struct{ fakeRemote }

func (f *subscribeRemote) SubscribeTemplate(ctx context.Context, nick, domain string) (string, error) {
	if domain == "home.test" {
		return "https://home.test/authorize_interaction?uri={uri}", nil
	}
	return "", errors.New("no template")
}

// A visitor on a local profile follows it from their own server: their address leads to the
// remote-follow page their server's WebFinger names, with our account's acct: URI. Our own
// remote-follow page, /authorize_interaction, resolves an address or URL for a signed-in
// user and shows the Follow button (visitors sign in first).
func TestRemoteFollow(t *testing.T) {
	t.Parallel()
	remote := &subscribeRemote{}
	s := newSiteWith(t, func(o *web.Options) { o.Remote = remote })
	remote.s = s
	s.user("alice")
	s.user("bob")
	v, b := s.browser(), s.browser()
	b.login("bob")
	host := strings.TrimPrefix(s.srv.URL, "http://")

	p := v.get("/@alice")
	if !strings.Contains(p.body, `action="/remote_follow"`) || !strings.Contains(p.body, `name="account" value="alice"`) ||
		!strings.Contains(p.body, "Your address") {
		t.Fatalf("a visitor's profile has no remote follow:\n%s", p.body)
	}
	if p := b.get("/@alice"); strings.Contains(p.body, `action="/remote_follow"`) || !strings.Contains(p.body, `action="/accounts/`) {
		t.Fatal("a signed-in reader sees remote follow instead of Follow")
	}
	s.remoteUser("remy", "remote.test")
	if p := v.get("/@remy@remote.test"); p.StatusCode != http.StatusOK || strings.Contains(p.body, `action="/remote_follow"`) {
		t.Fatal("remote follow is offered for a remote account")
	}

	r := v.post("/remote_follow", url.Values{"account": {"alice"}, "handle": {"@me@Home.test"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc, want := r.Header.Get("Location"), "https://home.test/authorize_interaction?uri="+url.QueryEscape("acct:alice@"+host); loc != want {
		t.Fatalf("remote follow goes to %s, want %s", loc, want)
	}
	for _, bad := range []string{"me", "me@", "me@home.test/evil", "me@-x..y", "me@home.test:port"} {
		r := v.post("/remote_follow", url.Values{"account": {"alice"}, "handle": {bad}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "Enter your address as user@your.server.") {
			t.Fatalf("%q: %s", bad, r.body)
		}
	}
	r = v.post("/remote_follow", url.Values{"account": {"alice"}, "handle": {"me@nowhere.test"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "Your server could not be asked (nowhere.test)") || !strings.Contains(r.body, `value="me@nowhere.test"`) {
		t.Fatalf("unknown server: %s", r.body)
	}
	r = v.post("/remote_follow", url.Values{"account": {"alice"}, "handle": {"bob@" + host}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/authorize_interaction?uri="+url.QueryEscape("acct:alice@"+host) {
		t.Fatalf("our own address goes to %s", loc)
	}
	wantStatus(t, v.post("/remote_follow", url.Values{"account": {"nobody"}, "handle": {"me@home.test"}}), http.StatusNotFound)
	wantStatus(t, v.do("POST", "/remote_follow", url.Values{"account": {"alice"}, "handle": {"me@home.test"}}, nil), http.StatusForbidden)

	// authorize_interaction: visitors sign in first.
	r = v.get("/authorize_interaction?uri=" + url.QueryEscape("acct:zed@far.test"))
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=%2Fauthorize_interaction") {
		t.Fatalf("visitor: %s", loc)
	}
	// A remote address nobody here knew is resolved, with the Follow button.
	r = b.get("/authorize_interaction?uri=" + url.QueryEscape("acct:zed@far.test"))
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `href="/@zed@far.test"`) || !strings.Contains(r.body, `data-action="follow"`) {
		t.Fatalf("authorize_interaction for an address:\n%s", r.body)
	}
	// Our own accounts, by address, and statuses by URL.
	if r := b.get("/authorize_interaction?uri=" + url.QueryEscape("acct:alice@"+host)); !strings.Contains(r.body, `data-action="follow"`) {
		t.Fatalf("a local address: %s", r.body)
	}
	r = b.get("/authorize_interaction?uri=" + url.QueryEscape("https://far.test/notes/9"))
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "fetched from far away") {
		t.Fatalf("a status URL: %s", r.body)
	}
	wantStatus(t, b.get("/authorize_interaction?uri="+url.QueryEscape("acct:ghost@far.test")), http.StatusNotFound)
	// Without uri: the form to follow someone by address (also on one's own profile).
	if r := b.get("/authorize_interaction"); !strings.Contains(r.body, `action="/authorize_interaction"`) {
		t.Fatalf("empty authorize_interaction: %s", r.body)
	}
	if r := b.get("/@bob"); !strings.Contains(r.body, `action="/authorize_interaction"`) {
		t.Fatal("one's own profile has no follow-by-address form")
	}
}
