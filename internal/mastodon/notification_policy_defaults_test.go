package mastodon_test

import "testing"

// With Mastodon's default policy a private mention from a stranger is filtered, unless it
// answers a private status of the user addressed to the stranger; public mentions pass.
func TestDefaultPolicyFiltersUnsolicitedPrivateMentions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	mentions := func() []map[string]any {
		t.Helper()
		var list []map[string]any
		r := a.do("GET", "/api/v1/notifications?types[]=mention", at, nil)
		acctSchema(t, "[]Notification", r.Body.Bytes())
		r.json(&list)
		return list
	}
	a.stPost(bt, map[string]any{"status": "@alice hello in public"})
	a.stPost(bt, map[string]any{"status": "@alice out of the blue", "visibility": "direct"})
	if list := mentions(); len(list) != 1 || list[0]["status"].(map[string]any)["visibility"] != "public" {
		t.Fatalf("unsolicited private mention not filtered: %v", list)
	}
	r := a.do("GET", "/api/v1/notifications/requests", at, nil)
	acctSchema(t, "[]NotificationRequest", r.Body.Bytes())
	var reqs []map[string]any
	r.json(&reqs)
	if len(reqs) != 1 || reqs[0]["account"].(map[string]any)["id"] != bob.ID {
		t.Fatalf("requests %v", reqs)
	}

	// alice writes to bob privately; his private answer is let through.
	dm := a.stPost(at, map[string]any{"status": "@bob a question", "visibility": "direct"})
	a.stPost(bt, map[string]any{"status": "@alice the answer", "visibility": "direct", "in_reply_to_id": dm})
	if list := mentions(); len(list) != 2 || list[0]["status"].(map[string]any)["in_reply_to_id"] != dm {
		t.Fatalf("solicited private mention filtered: %v", list)
	}
}
