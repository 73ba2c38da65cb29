package mastodon_test

import "testing"

func TestPleromaNotificationsReadAndEmoji(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	for _, text := range []string{"@alice one", "@alice two", "@alice three"} {
		a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": text})
	}
	var list []map[string]any
	a.do("GET", "/api/v1/notifications", at, nil).json(&list)
	if len(list) != 3 || list[0]["pleroma"].(map[string]any)["is_seen"] != false {
		t.Fatalf("notifications %v", list)
	}
	// include_types[] is Pleroma's name of types[].
	var only []map[string]any
	a.do("GET", "/api/v1/notifications?include_types[]=follow", at, nil).json(&only)
	if len(only) != 0 {
		t.Fatalf("include_types %v", only)
	}
	newest, middle := list[0]["id"].(string), list[1]["id"].(string)

	wantError(t, a.do("POST", "/api/v1/pleroma/notifications/read", at, map[string]any{}), 422)
	wantError(t, a.do("POST", "/api/v1/pleroma/notifications/read", at, map[string]any{"id": "nope"}), 404)
	wantError(t, a.do("POST", "/api/v1/pleroma/notifications/read", bt, map[string]any{"id": newest}), 404) // not bob's
	wantError(t, a.do("POST", "/api/v1/pleroma/notifications/read", "", map[string]any{"id": newest}), 401)
	wantError(t, a.do("POST", "/api/v1/pleroma/notifications/read", a.token(alice, "read"), map[string]any{"id": newest}), 403)

	r := a.do("POST", "/api/v1/pleroma/notifications/read", at, map[string]any{"id": newest})
	if r.Code != 200 || r.obj()["pleroma"].(map[string]any)["is_seen"] != true {
		t.Fatalf("read one: %d %s", r.Code, r.Body.String())
	}
	var read []map[string]any
	a.do("POST", "/api/v1/pleroma/notifications/read", at, map[string]any{"max_id": middle}).json(&read)
	if len(read) != 2 || read[0]["id"] != middle {
		t.Fatalf("read up to max_id: %v", read)
	}
	a.do("GET", "/api/v1/notifications", at, nil).json(&list)
	for _, n := range list {
		if n["pleroma"].(map[string]any)["is_seen"] != true {
			t.Fatalf("unseen after reading all: %v", n)
		}
	}

	for _, path := range []string{"/api/v1/pleroma/emoji", "/api/pleroma/emoji"} {
		r := a.do("GET", path, "", nil)
		if r.Code != 200 || len(r.obj()) != 0 {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body.String())
		}
	}
}
