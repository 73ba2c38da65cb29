package mastodon_test

import "testing"

func TestOAuthUserinfo(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	r := a.do("GET", "/oauth/userinfo", a.token(alice, "profile"), nil)
	if r.Code != 200 {
		t.Fatalf("userinfo: %d %s", r.Code, r.Body.String())
	}
	m := r.obj()
	if m["sub"] != alice.APID || m["preferred_username"] != "alice" || m["iss"] != base+"/" {
		t.Fatalf("claims %v", m)
	}
	if r := a.do("GET", "/oauth/userinfo", a.token(alice, "read"), nil); r.Code != 200 {
		t.Fatalf("read grants profile: %d", r.Code)
	}
	wantError(t, a.do("GET", "/oauth/userinfo", a.token(alice, "write"), nil), 403)
	wantError(t, a.do("GET", "/oauth/userinfo", "", nil), 401)
	meta := a.do("GET", "/.well-known/oauth-authorization-server", "", nil).obj()
	if meta["userinfo_endpoint"] != base+"/oauth/userinfo" {
		t.Fatalf("metadata %v", meta)
	}
}
