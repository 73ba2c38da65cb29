package mastodon_test

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestNotificationRequests(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	at, bt, ct, dt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write"), a.token(carol, "read", "write"),
		a.token(dave, "read", "write")
	a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", at, nil)
	a.do("PATCH", "/api/v2/notifications/policy", at, map[string]any{"for_not_following": "filter"})
	ws := a.dialStream(t, srv, at, "?stream=user:notification")
	time.Sleep(200 * time.Millisecond)

	a.do("POST", "/api/v1/statuses", ct, map[string]any{"status": "@alice one"})
	a.do("POST", "/api/v1/statuses", ct, map[string]any{"status": "@alice two"})
	a.do("POST", "/api/v1/statuses", dt, map[string]any{"status": "@alice hello"})
	if e := ws.next(700 * time.Millisecond); e != nil {
		t.Fatalf("a filtered notification was streamed: %v", e)
	}
	a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "@alice friend"})
	if e := ws.next(5 * time.Second); e == nil || e["event"] != "notification" {
		t.Fatalf("bob's mention not streamed: %v", e)
	}

	var reqs []map[string]any
	r := a.do("GET", "/api/v1/notifications/requests", at, nil)
	acctSchema(t, "[]NotificationRequest", r.Body.Bytes())
	r.json(&reqs)
	if len(reqs) != 2 || reqs[0]["id"] != dave.ID || reqs[1]["id"] != carol.ID || reqs[1]["notifications_count"] != "2" ||
		reqs[1]["last_status"] == nil {
		t.Fatalf("requests %v", reqs)
	}
	if r := a.do("GET", "/api/v1/notifications/requests/"+carol.ID, at, nil); r.Code != 200 || r.obj()["id"] != carol.ID {
		t.Fatalf("show %d %s", r.Code, r.Body.String())
	}
	wantError(t, a.do("GET", "/api/v1/notifications/requests/"+bob.ID, at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/notifications/requests/"+carol.ID, bt, nil), 404) // bob has none
	wantError(t, a.do("POST", "/api/v1/notifications/requests/"+carol.ID+"/accept", bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/notifications/requests", "", nil), 401)

	// Accepting carol: her notifications show; dismissing dave: his request goes, his
	// notifications stay hidden.
	if r := a.do("POST", "/api/v1/notifications/requests/"+carol.ID+"/accept", at, nil); r.Code != 200 {
		t.Fatalf("accept %d", r.Code)
	}
	if r := a.do("POST", "/api/v1/notifications/requests/"+dave.ID+"/dismiss", at, nil); r.Code != 200 {
		t.Fatalf("dismiss %d", r.Code)
	}
	a.do("GET", "/api/v1/notifications/requests", at, nil).json(&reqs)
	if len(reqs) != 0 {
		t.Fatalf("requests after answering %v", reqs)
	}
	var list []map[string]any
	a.do("GET", "/api/v1/notifications?types[]=mention", at, nil).json(&list)
	if len(list) != 3 {
		t.Fatalf("mentions after accepting carol: %d", len(list))
	}
	for _, n := range list {
		if n["account"].(map[string]any)["id"] == dave.ID {
			t.Fatal("dave's notification shown after dismissing his request")
		}
	}
}
