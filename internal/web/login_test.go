package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

func TestLoginLogoutAndSessions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	b := s.browser()

	r := b.get("/login")
	wantStatus(t, r, http.StatusOK)
	if b.cookie("_egregoros_csrf") == nil || !strings.Contains(r.body, `name="csrf_token"`) {
		t.Fatalf("login form without a pre-session CSRF binding: %s", r.body)
	}

	t.Run("wrong password", func(t *testing.T) {
		r := b.post("/login", url.Values{"username": {"alice"}, "password": {"nope-nope-nope"}})
		wantStatus(t, r, http.StatusUnauthorized)
		if !strings.Contains(r.body, "Invalid username or password.") || b.signedIn() {
			t.Fatalf("failed login: signed in %v, body %s", b.signedIn(), r.body)
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		r := b.post("/login", url.Values{"username": {"nobody"}, "password": {password}})
		wantStatus(t, r, http.StatusUnauthorized)
	})
	t.Run("no CSRF token", func(t *testing.T) {
		r := b.do("POST", "/login", url.Values{"username": {"alice"}, "password": {password}}, nil)
		wantStatus(t, r, http.StatusForbidden)
	})
	t.Run("another browser's CSRF token", func(t *testing.T) {
		other := s.browser()
		token := other.csrf()
		r := b.post("/login", url.Values{"username": {"alice"}, "password": {password}, "csrf_token": {token}})
		wantStatus(t, r, http.StatusForbidden)
	})

	r = b.post("/login", url.Values{"username": {"@alice"}, "password": {password}, "next": {"/@alice"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/@alice" {
		t.Fatalf("redirect to %q", loc)
	}
	var sc *http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == "_egregoros_session" {
			sc = c
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Path != "/" || sc.Secure || sc.MaxAge <= 0 {
		t.Fatalf("session cookie %+v", sc)
	}
	home := b.get("/")
	if !strings.Contains(home.body, `id="composer"`) || !strings.Contains(home.body, "Sign out") {
		t.Fatal("home after login shows no composer / sign-out")
	}

	t.Run("an open redirect is refused", func(t *testing.T) {
		other := s.browser()
		r := other.post("/login", url.Values{"username": {"alice"}, "password": {password}, "next": {"//evil.test/x"}})
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Fatalf("next=//evil.test redirected to %q", loc)
		}
	})

	t.Run("login renews the session", func(t *testing.T) {
		old := b.cookie("_egregoros_session").Value
		b.login("alice")
		if b.cookie("_egregoros_session").Value == old {
			t.Fatal("session id not renewed")
		}
		stale := s.browser()
		u, _ := url.Parse(s.srv.URL)
		stale.c.Jar.SetCookies(u, []*http.Cookie{{Name: "_egregoros_session", Value: old}})
		if strings.Contains(stale.get("/").body, "Sign out") {
			t.Fatal("the pre-login session still works")
		}
	})

	t.Run("logout", func(t *testing.T) {
		token := b.cookie("_egregoros_session").Value
		wantStatus(t, b.do("POST", "/logout", url.Values{}, nil), http.StatusForbidden)
		r := b.post("/logout", nil)
		wantStatus(t, r, http.StatusSeeOther)
		if b.signedIn() {
			t.Fatal("session cookie kept after logout")
		}
		again := s.browser()
		u, _ := url.Parse(s.srv.URL)
		again.c.Jar.SetCookies(u, []*http.Cookie{{Name: "_egregoros_session", Value: token}})
		if strings.Contains(again.get("/").body, "Sign out") {
			t.Fatal("the session still works after logout")
		}
	})

	t.Run("logout refuses a GET", func(t *testing.T) {
		wantStatus(t, b.get("/logout"), http.StatusNotFound)
	})
}

// TestSessionHelpersForOtherSurfaces checks SignedIn, CSRFToken and CheckCSRF, which the
// OAuth consent page can use to approve an app for the signed-in browser.
func TestSessionHelpersForOtherSurfaces(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice := s.user("alice")
	b := s.browser()
	b.login("alice")
	token := b.csrf()

	req := httptest.NewRequest("POST", "/oauth/authorize", strings.NewReader(url.Values{"csrf_token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(b.cookie("_egregoros_session"))
	u, err := s.ui.SignedIn(req)
	if err != nil || u == nil || u.ID != alice.ID {
		t.Fatalf("SignedIn = %v, %v", u, err)
	}
	if s.ui.CSRFToken(req) != token || !s.ui.CheckCSRF(req) {
		t.Fatal("the session's form token is not accepted")
	}

	forged := httptest.NewRequest("POST", "/oauth/authorize", strings.NewReader("csrf_token=nope"))
	forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	forged.AddCookie(b.cookie("_egregoros_session"))
	if s.ui.CheckCSRF(forged) {
		t.Fatal("a wrong token is accepted")
	}
	visitor := httptest.NewRequest("GET", "/oauth/authorize", nil)
	if u, err := s.ui.SignedIn(visitor); u != nil || err != nil || s.ui.CSRFToken(visitor) != "" || s.ui.CheckCSRF(visitor) {
		t.Fatalf("a visitor: %v, %v", u, err)
	}
}

// TestCookiesOverHTTPS checks the cookie attributes of an https site with a cookie domain.
func TestCookiesOverHTTPS(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	const base = "https://social.example"
	p := &activity.Pipeline{Store: st, BaseURL: base}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p,
		CookieDomain: "example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.CreateLocal(context.Background(), st, base, auth.NewUser{Nickname: "alice", Password: password}); err != nil {
		t.Fatal(err)
	}
	h := server.New(&config.Config{Host: "social.example", Scheme: "https", Port: 443}, st, ui).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", base+"/login", nil))
	pre := rec.Result().Cookies()
	token := csrfRE.FindStringSubmatch(rec.Body.String())
	if len(pre) != 1 || token == nil {
		t.Fatalf("login page: cookies %v", pre)
	}
	form := url.Values{"username": {"alice"}, "password": {password}, "csrf_token": {token[1]}}
	req := httptest.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(pre[0])
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", rec.Code, rec.Body.String())
	}
	for _, c := range rec.Result().Cookies() {
		if !c.Secure || !c.HttpOnly || c.Domain != "example" || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s: %+v", c.Name, c)
		}
	}
}
