package mastodon_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"
)

func TestConversations(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")

	bobWS := a.dialStream(t, srv, bt, "?stream=direct")
	carolWS := a.dialStream(t, srv, ct, "?stream=direct")
	time.Sleep(200 * time.Millisecond)

	dm := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "@bob secret", "visibility": "direct"}).obj()
	a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "public, not a conversation"})
	ev := bobWS.next(5 * time.Second)
	if ev == nil || ev["event"] != "conversation" || ev["stream"].([]any)[0] != "direct" {
		t.Fatalf("bob's direct stream: %v", ev)
	}
	var conv map[string]any
	json.Unmarshal([]byte(ev["payload"].(string)), &conv)
	if conv["unread"] != true || conv["last_status"].(map[string]any)["id"] != dm["id"] {
		t.Fatalf("conversation event %v", conv)
	}
	if e := carolWS.next(700 * time.Millisecond); e != nil {
		t.Fatalf("carol received %v", e)
	}

	// Bob's list: one unread conversation with alice; alice's: read (she wrote it), with bob.
	var list []map[string]any
	r := a.do("GET", "/api/v1/conversations", bt, nil)
	r.json(&list)
	if len(list) != 1 || list[0]["unread"] != true || r.Header().Get("Link") == "" {
		t.Fatalf("bob's conversations %v", list)
	}
	acctSchema(t, "[]Conversation", r.Body.Bytes())
	bobConv := list[0]["id"].(string)
	if accts := list[0]["accounts"].([]any); len(accts) != 1 || accts[0].(map[string]any)["username"] != "alice" {
		t.Fatalf("participants %v", accts)
	}
	a.do("GET", "/api/v1/conversations", at, nil).json(&list)
	if len(list) != 1 || list[0]["unread"] != false || list[0]["accounts"].([]any)[0].(map[string]any)["username"] != "bob" {
		t.Fatalf("alice's conversations %v", list)
	}
	aliceConv := list[0]["id"].(string)
	// Carol has none and cannot touch theirs.
	a.do("GET", "/api/v1/conversations", ct, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("carol sees %v", list)
	}
	wantError(t, a.do("POST", "/api/v1/conversations/"+bobConv+"/read", ct, nil), 404)
	wantError(t, a.do("DELETE", "/api/v1/conversations/"+bobConv, ct, nil), 404)
	wantError(t, a.do("POST", "/api/v1/conversations/nope/read", bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/conversations", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/conversations/"+bobConv+"/read", a.token(bob, "read"), nil), 403)

	// Read.
	r = a.do("POST", "/api/v1/conversations/"+bobConv+"/read", bt, nil)
	if r.Code != 200 || r.obj()["unread"] != false {
		t.Fatalf("read %d %s", r.Code, r.Body.String())
	}
	// Bob answers in the thread: alice's conversation is unread, the same id.
	a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "@alice ok", "visibility": "direct", "in_reply_to_id": dm["id"]})
	a.do("GET", "/api/v1/conversations", at, nil).json(&list)
	if len(list) != 1 || list[0]["id"] != aliceConv || list[0]["unread"] != true {
		t.Fatalf("after the reply %v", list)
	}

	// A second conversation, with carol; paging by last status.
	a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "@carol psst", "visibility": "direct"})
	a.do("GET", "/api/v1/conversations?limit=1", at, nil).json(&list)
	if len(list) != 1 || list[0]["accounts"].([]any)[0].(map[string]any)["username"] != "carol" {
		t.Fatalf("first page %v", list)
	}
	a.do("GET", "/api/v1/conversations?limit=1&max_id="+list[0]["last_status"].(map[string]any)["id"].(string), at, nil).json(&list)
	if len(list) != 1 || list[0]["id"] != aliceConv {
		t.Fatalf("second page %v", list)
	}

	// Removing takes it off the list until someone writes again.
	if r := a.do("DELETE", "/api/v1/conversations/"+aliceConv, at, nil); r.Code != 200 {
		t.Fatalf("delete %d", r.Code)
	}
	wantError(t, a.do("DELETE", "/api/v1/conversations/"+aliceConv, at, nil), 404)
	a.do("GET", "/api/v1/conversations", at, nil).json(&list)
	if len(list) != 1 || list[0]["id"] == aliceConv {
		t.Fatalf("after delete %v", list)
	}
	a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "@alice again", "visibility": "direct", "in_reply_to_id": dm["id"]})
	a.do("GET", "/api/v1/conversations", at, nil).json(&list)
	if len(list) != 2 || list[0]["id"] != aliceConv || list[0]["unread"] != true {
		t.Fatalf("back after a new status %v", list)
	}

	// The direct timeline: every direct status of the viewer, never others'.
	var statuses []map[string]any
	a.do("GET", "/api/v1/timelines/direct", at, nil).json(&statuses)
	if len(statuses) != 4 {
		t.Fatalf("alice's direct timeline has %d", len(statuses))
	}
	a.do("GET", "/api/v1/timelines/direct", ct, nil).json(&statuses)
	if len(statuses) != 1 {
		t.Fatalf("carol's direct timeline %v", statuses)
	}
	wantError(t, a.do("GET", "/api/v1/timelines/direct", "", nil), 401)
}
