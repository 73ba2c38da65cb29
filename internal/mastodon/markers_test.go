package mastodon_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestMarkers(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	if r := a.do("GET", "/api/v1/markers?timeline[]=home", at, nil); r.Code != 200 || strings.TrimSpace(r.Body.String()) != "{}" {
		t.Fatalf("no markers yet: %d %s", r.Code, r.Body.String())
	}
	r := a.do("POST", "/api/v1/markers", at, url.Values{"home[last_read_id]": {"01HOME1"}})
	var ms map[string]map[string]any
	r.json(&ms)
	if ms["home"]["last_read_id"] != "01HOME1" || ms["home"]["version"] != float64(0) || ms["notifications"] != nil {
		t.Fatalf("first marker %v", ms)
	}
	r = a.do("POST", "/api/v1/markers", at, map[string]any{"home": map[string]any{"last_read_id": "01HOME2"},
		"notifications": map[string]any{"last_read_id": "01NOTE1"}})
	r.json(&ms)
	if ms["home"]["last_read_id"] != "01HOME2" || ms["home"]["version"] != float64(1) || ms["notifications"]["version"] != float64(0) {
		t.Fatalf("second markers %v", ms)
	}
	r = a.do("GET", "/api/v1/markers?timeline[]=home&timeline[]=notifications", at, nil)
	acctSchema(t, "Marker", markerField(t, r, "home"))
	acctSchema(t, "Marker", markerField(t, r, "notifications"))
	if r := a.do("GET", "/api/v1/markers?timeline[]=home", bt, nil); strings.TrimSpace(r.Body.String()) != "{}" {
		t.Fatalf("bob sees markers: %s", r.Body.String())
	}

	wantError(t, a.do("POST", "/api/v1/markers", at, url.Values{"home[last_read_id]": {""}}), 422)
	wantError(t, a.do("POST", "/api/v1/markers", at, url.Values{"elsewhere[last_read_id]": {"1"}}), 422)
	wantError(t, a.do("GET", "/api/v1/markers", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/markers", a.token(alice, "read"), url.Values{"home[last_read_id]": {"1"}}), 403)
}

// markerField returns one member of a JSON object response, encoded.
func markerField(t *testing.T, r response, key string) []byte {
	t.Helper()
	var m map[string]any
	r.json(&m)
	if m[key] == nil {
		t.Fatalf("no %s in %s", key, r.Body.String())
	}
	b, _ := json.Marshal(m[key])
	return b
}

func TestUnreadNotificationCount(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	id := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "notice me"}).obj()["id"].(string)
	a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil)
	a.do("POST", "/api/v1/statuses/"+id+"/favourite", bt, nil)
	count := func(tok string) any {
		r := a.do("GET", "/api/v1/notifications/unread_count", tok, nil)
		acctSchema(t, "CountResponse", r.Body.Bytes())
		return acctOK(t, r)["count"]
	}
	if n := count(at); n != float64(2) {
		t.Fatalf("unread %v", n)
	}
	if n := count(bt); n != float64(0) {
		t.Fatalf("bob's unread %v", n)
	}
	var ns []map[string]any
	a.do("GET", "/api/v1/notifications?limit=1", at, nil).json(&ns)
	acctOK(t, a.do("POST", "/api/v1/markers", at, url.Values{"notifications[last_read_id]": {ns[0]["id"].(string)}}))
	if n := count(at); n != float64(0) {
		t.Fatalf("unread after the marker %v", n)
	}
	wantError(t, a.do("GET", "/api/v1/notifications/unread_count", a.token(alice, "read:statuses"), nil), 403)
}
