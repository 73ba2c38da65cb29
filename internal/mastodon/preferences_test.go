package mastodon_test

import (
	"net/url"
	"testing"
)

func TestPreferences(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at := a.token(alice, "read", "write")
	r := a.do("GET", "/api/v1/preferences", at, nil)
	acctSchema(t, "Preferences", r.Body.Bytes())
	p := acctOK(t, r)
	if p["posting:default:visibility"] != "public" || p["posting:default:sensitive"] != false ||
		p["posting:default:language"] != nil || p["reading:expand:media"] != "default" {
		t.Fatalf("defaults %v", p)
	}
	acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, url.Values{"source[privacy]": {"private"},
		"source[sensitive]": {"true"}, "source[language]": {"de"}}))
	p = acctOK(t, a.do("GET", "/api/v1/preferences", at, nil))
	if p["posting:default:visibility"] != "private" || p["posting:default:sensitive"] != true || p["posting:default:language"] != "de" {
		t.Fatalf("after update %v", p)
	}
	if p := acctOK(t, a.do("GET", "/api/v1/preferences", a.token(bob, "read"), nil)); p["posting:default:visibility"] != "public" {
		t.Fatalf("bob's preferences %v", p)
	}
	wantError(t, a.do("GET", "/api/v1/preferences", "", nil), 401)
	wantError(t, a.do("GET", "/api/v1/preferences", a.token(alice, "read:statuses"), nil), 403)
}
