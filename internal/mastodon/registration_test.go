package mastodon_test

import (
	"net/url"
	"testing"

	"github.com/egregoros/egregoros/internal/auth"
)

// appToken registers an app and gets an app-only token for it (client_credentials).
func (a *api) appToken(scopes string) string {
	a.t.Helper()
	app := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"signup"}, "redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"},
		"scopes": {scopes}}).obj()
	tok := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"client_credentials"}, "client_id": {app["client_id"].(string)},
		"client_secret": {app["client_secret"].(string)}, "scope": {scopes}}).obj()
	return tok["access_token"].(string)
}

func signup(nick string) url.Values {
	return url.Values{"username": {nick}, "email": {nick + "@example.com"}, "password": {"correct horse"},
		"agreement": {"true"}, "locale": {"en"}}
}

func TestRegistration(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	app := a.appToken("read write follow")
	wantError(t, a.do("POST", "/api/v1/accounts", app, signup("newbie")), 403) // closed by default
	a.svc.RegistrationsOpen = true

	r := a.do("POST", "/api/v1/accounts", app, signup("newbie"))
	acctSchema(t, "Token", r.Body.Bytes())
	tok := acctOK(t, r)
	if tok["token_type"] != "Bearer" || tok["scope"] != "read write follow" {
		t.Fatalf("token %v", tok)
	}
	me := acctOK(t, a.do("GET", "/api/v1/accounts/verify_credentials", tok["access_token"].(string), nil))
	if me["username"] != "newbie" || me["acct"] != "newbie" {
		t.Fatalf("new account %v", me)
	}
	u, err := a.st.LocalUser(a.ctx, "newbie")
	if err != nil || u.Email != "newbie@example.com" || u.Admin || !auth.CheckPassword(u.PasswordHash, "correct horse") {
		t.Fatalf("stored %+v %v", u, err)
	}
	if r := a.do("POST", "/api/v1/accounts", app, signup("second")); r.Code != 200 {
		t.Fatalf("second signup %d %s", r.Code, r.Body.String())
	}

	var failed struct {
		Error   string                              `json:"error"`
		Details map[string][]struct{ Error string } `json:"details"`
	}
	bad := url.Values{"username": {"newbie"}, "email": {"newbie@example.com"}, "password": {"short"}}
	r = a.do("POST", "/api/v1/accounts", app, bad)
	wantError(t, r, 422)
	r.json(&failed)
	for field, code := range map[string]string{"username": "ERR_TAKEN", "email": "ERR_TAKEN", "password": "ERR_TOO_SHORT",
		"agreement": "ERR_ACCEPTED"} {
		if len(failed.Details[field]) != 1 || failed.Details[field][0].Error != code {
			t.Errorf("%s: %v, want %s", field, failed.Details[field], code)
		}
	}
	failed.Details = nil
	r = a.do("POST", "/api/v1/accounts", app, url.Values{"username": {"no spaces"}, "email": {"nope"}, "agreement": {"1"}})
	r.json(&failed)
	if failed.Details["username"][0].Error != "ERR_INVALID" || failed.Details["email"][0].Error != "ERR_INVALID" ||
		failed.Details["password"][0].Error != "ERR_BLANK" || failed.Details["agreement"] != nil {
		t.Fatalf("details %v", failed.Details)
	}
	reserved := signup("relay")
	wantError(t, a.do("POST", "/api/v1/accounts", app, reserved), 422)

	wantError(t, a.do("POST", "/api/v1/accounts", "", signup("anon")), 401)
	wantError(t, a.do("POST", "/api/v1/accounts", a.appToken("read"), signup("readonly")), 403)
}
