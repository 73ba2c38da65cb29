package mastodon_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// authorize walks the consent page like a browser and returns the redirect (or page) response.
func (a *api) authorize(q url.Values, username, password, decision string) *httptest.ResponseRecorder {
	a.t.Helper()
	get := httptest.NewRequest("GET", "/oauth/authorize?"+q.Encode(), nil)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, get)
	if rec.Code != 200 {
		a.t.Fatalf("authorize page: %d %s", rec.Code, rec.Body.String())
	}
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		a.t.Fatal("no csrf token on the page")
	}
	form := url.Values{"client_id": {q.Get("client_id")}, "redirect_uri": {q.Get("redirect_uri")}, "scope": {q.Get("scope")},
		"state": {q.Get("state")}, "code_challenge": {q.Get("code_challenge")}, "code_challenge_method": {q.Get("code_challenge_method")},
		"csrf_token": {m[1]}, "username": {username}, "password": {password}, "decision": {decision}}
	post := httptest.NewRequest("POST", "/oauth/authorize", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range rec.Result().Cookies() {
		post.AddCookie(c)
	}
	out := httptest.NewRecorder()
	a.h.ServeHTTP(out, post)
	return out
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.user("alice")
	app := a.do("POST", "/api/v1/apps", "", map[string]any{"client_name": "Elk", "redirect_uris": "https://elk.test/cb",
		"scopes": "read write follow", "website": "https://elk.test"}).obj()
	clientID, secret := app["client_id"].(string), app["client_secret"].(string)
	if clientID == "" || secret == "" || app["redirect_uri"] != "https://elk.test/cb" || len(app["scopes"].([]any)) != 3 {
		t.Fatalf("app %v", app)
	}
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {"https://elk.test/cb"},
		"scope": {"read write"}, "state": {"xyz"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"}}

	bad := a.authorize(q, "alice", "wrong password", "approve")
	if bad.Code != http.StatusUnauthorized || !strings.Contains(bad.Body.String(), "Invalid username or password") {
		t.Fatalf("wrong password: %d", bad.Code)
	}
	rec := a.authorize(q, "alice", "password123", "approve")
	if rec.Code != http.StatusFound {
		t.Fatalf("approve: %d %s", rec.Code, rec.Body.String())
	}
	loc, _ := url.Parse(rec.Header().Get("Location"))
	code := loc.Query().Get("code")
	if loc.Host != "elk.test" || code == "" || loc.Query().Get("state") != "xyz" {
		t.Fatalf("redirect %s", loc)
	}
	tokenReq := url.Values{"grant_type": {"authorization_code"}, "client_id": {clientID}, "redirect_uri": {"https://elk.test/cb"},
		"code": {code}, "code_verifier": {"wrong" + verifier}}
	wrong := a.do("POST", "/oauth/token", "", tokenReq)
	if wrong.Code != 400 || wrong.obj()["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %s", wrong.Code, wrong.Body.String())
	}
	// The code was consumed by the failed attempt: codes are single-use.
	tokenReq.Set("code_verifier", verifier)
	if reuse := a.do("POST", "/oauth/token", "", tokenReq); reuse.Code != 400 {
		t.Fatalf("code reused: %d", reuse.Code)
	}
	rec = a.authorize(q, "alice", "password123", "approve")
	loc, _ = url.Parse(rec.Header().Get("Location"))
	tokenReq.Set("code", loc.Query().Get("code"))
	tok := a.do("POST", "/oauth/token", "", tokenReq)
	if tok.Code != 200 {
		t.Fatalf("token: %d %s", tok.Code, tok.Body.String())
	}
	m := tok.obj()
	access := m["access_token"].(string)
	if m["token_type"] != "Bearer" || m["scope"] != "read write" || access == "" {
		t.Fatalf("token %v", m)
	}
	// The token is stored only as a digest.
	var n int
	if err := a.st.SQL().QueryRow(`SELECT count(*) FROM oauth_tokens WHERE token_digest = '` + access + `'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("raw token stored: %d %v", n, err)
	}
	v := a.do("GET", "/api/v1/apps/verify_credentials", access, nil)
	if v.Code != 200 || v.obj()["name"] != "Elk" || v.obj()["client_secret"] != nil {
		t.Fatalf("verify app: %d %s", v.Code, v.Body.String())
	}

	// Refresh: a new token, the old one revoked.
	ref := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID},
		"client_secret": {secret}, "refresh_token": {m["refresh_token"].(string)}}).obj()
	if ref["access_token"] == nil || ref["access_token"] == access {
		t.Fatalf("refresh %v", ref)
	}
	if r := a.do("GET", "/api/v1/apps/verify_credentials", access, nil); r.Code != 401 {
		t.Fatalf("old token after refresh: %d", r.Code)
	}
	// Revoke.
	newTok := ref["access_token"].(string)
	if r := a.do("POST", "/oauth/revoke", "", url.Values{"client_id": {clientID}, "client_secret": {secret}, "token": {newTok}}); r.Code != 200 {
		t.Fatalf("revoke: %d", r.Code)
	}
	wantError(t, a.do("GET", "/api/v1/apps/verify_credentials", newTok, nil), 401)
}

func TestAuthorizeRefusals(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.user("alice")
	app := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"x"}, "redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"}, "scopes": {"read"}}).obj()
	id := app["client_id"].(string)
	for name, q := range map[string]url.Values{
		"unknown client":      {"client_id": {"nope"}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}},
		"foreign redirect":    {"client_id": {id}, "redirect_uri": {"https://evil.test/"}},
		"scope beyond app":    {"client_id": {id}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "scope": {"write"}},
		"plain pkce":          {"client_id": {id}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "code_challenge": {"x"}, "code_challenge_method": {"plain"}},
		"wrong response type": {"client_id": {id}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "response_type": {"token"}},
	} {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest("GET", "/oauth/authorize?"+q.Encode(), nil))
		if rec.Code != 400 {
			t.Errorf("%s: %d", name, rec.Code)
		}
	}
	// A POST without the CSRF cookie is refused.
	form := url.Values{"client_id": {id}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "csrf_token": {"forged"},
		"username": {"alice"}, "password": {"password123"}, "decision": {"approve"}}
	req := httptest.NewRequest("POST", "/oauth/authorize", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("forged csrf: %d", rec.Code)
	}
	// Out of band: the code is shown on the page.
	oob := a.authorize(url.Values{"client_id": {id}, "redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "scope": {"read"}}, "alice", "password123", "approve")
	if oob.Code != 200 || !strings.Contains(oob.Body.String(), `id="code"`) {
		t.Fatalf("oob: %d %s", oob.Code, oob.Body.String())
	}
	// Deny redirects back with access_denied.
	app2 := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"y"}, "redirect_uris": {"https://c.test/cb"}}).obj()
	deny := a.authorize(url.Values{"client_id": {app2["client_id"].(string)}, "redirect_uri": {"https://c.test/cb"}, "state": {"s1"}}, "alice", "", "deny")
	if loc := deny.Header().Get("Location"); !strings.Contains(loc, "error=access_denied") || !strings.Contains(loc, "state=s1") {
		t.Fatalf("deny: %d %s", deny.Code, loc)
	}
}

func TestOtherGrants(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.user("alice")
	app := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"bot"}, "redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"}, "scopes": {"read write"}}).obj()
	id, secret := app["client_id"].(string), app["client_secret"].(string)

	cc := a.do("POST", "/oauth/token", "", map[string]any{"grant_type": "client_credentials", "client_id": id, "client_secret": secret, "scope": "read"})
	if cc.Code != 200 || cc.obj()["refresh_token"] != nil {
		t.Fatalf("client_credentials: %d %s", cc.Code, cc.Body.String())
	}
	if r := a.do("POST", "/oauth/token", "", map[string]any{"grant_type": "client_credentials", "client_id": id, "client_secret": "wrong"}); r.Code != 401 || r.obj()["error"] != "invalid_client" {
		t.Fatalf("wrong secret: %d %s", r.Code, r.Body.String())
	}
	if r := a.do("POST", "/oauth/token", "", map[string]any{"grant_type": "client_credentials", "client_id": id, "client_secret": secret, "scope": "admin:write"}); r.Code != 400 || r.obj()["error"] != "invalid_scope" {
		t.Fatalf("scope beyond app: %d %s", r.Code, r.Body.String())
	}
	pw := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"password"}, "client_id": {id}, "client_secret": {secret},
		"username": {"alice"}, "password": {"password123"}, "scope": {"read"}})
	if pw.Code != 200 || pw.obj()["scope"] != "read" {
		t.Fatalf("password grant: %d %s", pw.Code, pw.Body.String())
	}
	if r := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"password"}, "client_id": {id}, "client_secret": {secret},
		"username": {"alice"}, "password": {"nope"}}); r.Code != 400 {
		t.Fatalf("bad password grant: %d", r.Code)
	}
	// Basic auth works for client authentication.
	req := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("basic auth: %d %s", rec.Code, rec.Body.String())
	}
	if r := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"implicit"}}); r.Code != 400 || r.obj()["error"] != "unsupported_grant_type" {
		t.Fatalf("unknown grant: %d", r.Code)
	}
	meta := a.do("GET", "/.well-known/oauth-authorization-server", "", nil).obj()
	if meta["token_endpoint"] != base+"/oauth/token" {
		t.Fatalf("metadata %v", meta)
	}
}

func TestAppValidation(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for name, body := range map[string]any{
		"no name":        map[string]any{"redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
		"no redirect":    map[string]any{"client_name": "x"},
		"javascript uri": map[string]any{"client_name": "x", "redirect_uris": "javascript:alert(1)"},
		"unknown scope":  map[string]any{"client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "scopes": "read sudo"},
		"bad website":    map[string]any{"client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob", "website": "ftp://x"},
		"malformed json": "{",
	} {
		r := a.do("POST", "/api/v1/apps", "", body)
		if r.Code != 422 && r.Code != 400 {
			t.Errorf("%s: %d %s", name, r.Code, r.Body.String())
		}
		wantError(t, r, r.Code)
	}
	// Array form of redirect_uris (Mastodon 4.3+).
	ok := a.do("POST", "/api/v1/apps", "", map[string]any{"client_name": "x", "redirect_uris": []string{"https://a.test/1", "https://a.test/2"}})
	if ok.Code != 200 || len(ok.obj()["redirect_uris"].([]any)) != 2 {
		t.Fatalf("array redirect_uris: %d %s", ok.Code, ok.Body.String())
	}
}
