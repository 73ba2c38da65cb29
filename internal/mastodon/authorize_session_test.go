package mastodon_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
)

// fakeSessions stands in for the web UI's sessions: cookie "session=ok" is signed in.
type fakeSessions struct{ u *store.User }

func (f fakeSessions) SignedIn(r *http.Request) (*store.User, error) {
	if c, err := r.Cookie("session"); err == nil && c.Value == "ok" {
		return f.u, nil
	}
	return nil, nil
}
func (f fakeSessions) CSRFToken(r *http.Request) string { return "session-csrf" }
func (f fakeSessions) CheckCSRF(r *http.Request) bool {
	return r.PostFormValue("csrf_token") == "session-csrf"
}

func TestConsentWithWebSession(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	a.svc.Sessions = fakeSessions{u: alice}
	app := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"Phanpy"}, "redirect_uris": {"https://p.test/cb"}}).obj()
	q := url.Values{"client_id": {app["client_id"].(string)}, "redirect_uri": {"https://p.test/cb"}, "state": {"st"}}

	get := httptest.NewRequest("GET", "/oauth/authorize?"+q.Encode(), nil)
	get.AddCookie(&http.Cookie{Name: "session", Value: "ok"})
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, get)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Signed in as <strong>@alice</strong>") ||
		strings.Contains(rec.Body.String(), `name="password"`) || !strings.Contains(rec.Body.String(), "session-csrf") {
		t.Fatalf("consent page: %d %s", rec.Code, rec.Body.String())
	}
	post := func(csrf string) *httptest.ResponseRecorder {
		form := url.Values{"client_id": q["client_id"], "redirect_uri": q["redirect_uri"], "state": {"st"},
			"csrf_token": {csrf}, "decision": {"approve"}}
		req := httptest.NewRequest("POST", "/oauth/authorize", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "session", Value: "ok"})
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec
	}
	if r := post("forged"); r.Code != http.StatusForbidden {
		t.Fatalf("forged session csrf: %d", r.Code)
	}
	r := post("session-csrf")
	loc, _ := url.Parse(r.Header().Get("Location"))
	if r.Code != http.StatusFound || loc.Query().Get("code") == "" || loc.Query().Get("state") != "st" {
		t.Fatalf("approve with session: %d %s", r.Code, r.Header().Get("Location"))
	}
	// Without a session the page still asks for the password.
	rec = httptest.NewRecorder()
	a.h.ServeHTTP(rec, httptest.NewRequest("GET", "/oauth/authorize?"+q.Encode(), nil))
	if !strings.Contains(rec.Body.String(), `name="password"`) {
		t.Fatal("no password form for a visitor")
	}
}
