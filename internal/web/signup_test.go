package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

// newSiteWith is newSite with options changed by set.
func newSiteWith(t *testing.T, set func(*web.Options)) *site {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	opt := web.Options{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus}
	set(&opt)
	ui, err := web.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	srv.Config.Handler = server.New(&config.Config{Host: u.Hostname(), Scheme: "http", Port: 80}, st, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{t: t, st: st, p: p, srv: srv, ui: ui, ctx: context.Background()}
}

// liveAt opens an SSE stream at path and waits until it is subscribed.
func (b *browser) liveAt(name, path string) *liveStream {
	b.s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b.s.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", b.s.srv.URL+path, nil)
	resp, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		b.s.t.Fatalf("live %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rd := bufio.NewReader(resp.Body)
	if line, err := rd.ReadString('\n'); err != nil || !strings.HasPrefix(line, ": connected") {
		b.s.t.Fatalf("live %s: first line %q, %v", path, line, err)
	}
	ls := &liveStream{t: b.s.t, name: name, events: make(chan sseEvent, 100)}
	go func() {
		defer resp.Body.Close()
		defer close(ls.events)
		var ev sseEvent
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSuffix(line, "\n")
			switch {
			case line == "":
				if ev.name != "" {
					ls.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if ev.data != "" {
					ev.data += "\n"
				}
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ls
}

func TestSignupClosed(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	v := s.browser()
	wantStatus(t, v.get("/signup"), http.StatusForbidden)
	r := v.post("/signup", url.Values{"username": {"eve"}, "email": {"eve@example.com"}, "password": {password},
		"password_confirmation": {password}, "agreement": {"1"}})
	wantStatus(t, r, http.StatusForbidden)
	if _, err := s.st.LocalUser(s.ctx, "eve"); err == nil {
		t.Fatal("an account was created while registrations are closed")
	}
	if strings.Contains(v.get("/login").body, `href="/signup"`) {
		t.Fatal("the login page links to a closed sign-up")
	}
}

func TestSignup(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, func(o *web.Options) { o.RegistrationsOpen = true })
	s.user("taken")
	v := s.browser()
	if !strings.Contains(v.get("/login").body, `href="/signup"`) {
		t.Fatal("the login page does not link to the sign-up page")
	}
	form := v.get("/signup")
	wantStatus(t, form, http.StatusOK)
	for _, want := range []string{`name="username"`, `name="email"`, `name="password"`, `name="password_confirmation"`,
		`name="agreement"`, `for="signup-username"`, `name="csrf_token"`} {
		if !strings.Contains(form.body, want) {
			t.Fatalf("sign-up form lacks %s", want)
		}
	}
	good := func() url.Values {
		return url.Values{"username": {"eve"}, "email": {"eve@example.com"}, "password": {password},
			"password_confirmation": {password}, "agreement": {"1"}}
	}
	// Without the token: 403.
	f := good()
	f.Set("csrf_token", "forged")
	wantStatus(t, v.do("POST", "/signup", f, nil), http.StatusForbidden)

	for _, c := range []struct {
		name, field, value, msg string
	}{
		{"mismatch", "password_confirmation", "something-else", "The two passwords differ."},
		{"no agreement", "agreement", "", "Accept the server"},
		{"bad nickname", "username", "no way", "Use 1 to 30 letters"},
		{"reserved", "username", "relay", "Use 1 to 30 letters"},
		{"taken", "username", "taken", "This username is taken."},
		{"bad email", "email", "not an address", "This email address is not valid."},
		{"no email", "email", "", "Enter your email address."},
		{"short password", "password", "short", "password must be"},
	} {
		f := good()
		f.Set(c.field, c.value)
		if c.field == "password" {
			f.Set("password_confirmation", c.value)
		}
		r := v.post("/signup", f)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, c.msg) || v.signedIn() {
			t.Fatalf("%s: %d, signed in %v\n%s", c.name, r.StatusCode, v.signedIn(), r.body)
		}
		if (c.field == "username" || c.field == "email") && c.value != "" && !strings.Contains(r.body, `value="`+c.value+`"`) {
			t.Fatalf("%s: the form lost what was typed", c.name)
		}
	}
	if _, err := s.st.LocalUser(s.ctx, "eve"); err == nil {
		t.Fatal("a refused sign-up created the account")
	}

	r := v.post("/signup", good())
	wantStatus(t, r, http.StatusSeeOther)
	if r.Header.Get("Location") != "/" || !v.signedIn() {
		t.Fatalf("sign-up: to %q, signed in %v", r.Header.Get("Location"), v.signedIn())
	}
	eve, err := s.st.LocalUser(s.ctx, "eve")
	if err != nil || eve.Email != "eve@example.com" || eve.PrivateKey == "" || eve.APID != s.srv.URL+"/users/eve" {
		t.Fatalf("account: %+v %v", eve, err)
	}
	if home := v.get("/"); !strings.Contains(home.body, `href="/@eve"`) {
		t.Fatal("the new account is not signed in on the home page")
	}
	wantStatus(t, v.get("/signup"), http.StatusSeeOther)

	// The same email address again, from another browser; then the new account signs in.
	w := s.browser()
	f = good()
	f.Set("username", "eve2")
	if r := w.post("/signup", f); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "already used") {
		t.Fatalf("email taken: %d", r.StatusCode)
	}
	w.login("eve")
	if _, err := s.st.LocalUser(s.ctx, "eve2"); err == nil {
		t.Fatal("eve2 exists")
	}
}
