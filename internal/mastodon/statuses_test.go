package mastodon_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPostShowTimelinesDelete(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")

	r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "Hello @bob #Go <b>x</b> https://example.test/?a=1&b=2",
		"spoiler_text": "cw", "language": "en"})
	if r.Code != 200 {
		t.Fatalf("post: %d %s", r.Code, r.Body.String())
	}
	st := r.obj()
	id := st["id"].(string)
	content := st["content"].(string)
	if !strings.Contains(content, "&lt;b&gt;x&lt;/b&gt;") || !strings.Contains(content, `href="http://localhost:4000/@bob"`) ||
		!strings.Contains(content, `href="https://example.test/?a=1&amp;b=2"`) {
		t.Fatalf("content %s", content)
	}
	if st["spoiler_text"] != "cw" || st["sensitive"] != true || st["visibility"] != "public" || st["language"] != "en" {
		t.Fatalf("status %v", st)
	}
	if ms := st["mentions"].([]any); len(ms) != 1 || ms[0].(map[string]any)["acct"] != "bob" {
		t.Fatalf("mentions %v", st["mentions"])
	}
	if tags := st["tags"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "go" {
		t.Fatalf("tags %v", st["tags"])
	}
	if acct := st["account"].(map[string]any); acct["username"] != "alice" || acct["statuses_count"] != float64(1) {
		t.Fatalf("account %v", acct)
	}
	if !strings.HasPrefix(st["url"].(string), "http://localhost:4000/@alice/") {
		t.Fatalf("url %v", st["url"])
	}

	// Anonymous show, public and tag timelines.
	if r := a.do("GET", "/api/v1/statuses/"+id, "", nil); r.Code != 200 || r.obj()["favourited"] != nil {
		t.Fatalf("anonymous show: %d %s", r.Code, r.Body.String())
	}
	var list []map[string]any
	a.do("GET", "/api/v1/timelines/public", "", nil).json(&list)
	if len(list) != 1 || list[0]["id"] != id {
		t.Fatalf("public timeline %v", list)
	}
	a.do("GET", "/api/v1/timelines/tag/GO", "", nil).json(&list)
	if len(list) != 1 {
		t.Fatalf("tag timeline %v", list)
	}
	// Bob is mentioned: the post is in his home timeline although he follows nobody.
	a.do("GET", "/api/v1/timelines/home", bt, nil).json(&list)
	if len(list) != 1 || list[0]["favourited"] != false {
		t.Fatalf("bob's home %v", list)
	}
	wantError(t, a.do("GET", "/api/v1/timelines/home", "", nil), 401)

	// A direct message to bob: visible to bob and alice only.
	dm := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "@bob secret", "visibility": "direct"}).obj()
	dmID := dm["id"].(string)
	if dm["visibility"] != "direct" {
		t.Fatalf("dm %v", dm)
	}
	carol := a.user("carol")
	ct := a.token(carol, "read", "write")
	wantError(t, a.do("GET", "/api/v1/statuses/"+dmID, ct, nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/"+dmID, "", nil), 404)
	if r := a.do("GET", "/api/v1/statuses/"+dmID, bt, nil); r.Code != 200 {
		t.Fatalf("bob reads dm: %d", r.Code)
	}
	a.do("GET", "/api/v1/timelines/public", "", nil).json(&list)
	for _, s := range list {
		if s["id"] == dmID {
			t.Fatal("dm on the public timeline")
		}
	}
	a.do("GET", "/api/v1/timelines/home", ct, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("carol's home %v", list)
	}

	// Replies keep the thread.
	reply := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "hi back", "in_reply_to_id": id}).obj()
	if reply["in_reply_to_id"] != id || reply["in_reply_to_account_id"] != alice.ID {
		t.Fatalf("reply %v", reply)
	}
	if r := a.do("GET", "/api/v1/statuses/"+id, at, nil).obj(); r["replies_count"] != float64(1) {
		t.Fatalf("replies_count %v", r["replies_count"])
	}
	// Replying to what you cannot see is 404.
	wantError(t, a.do("POST", "/api/v1/statuses", ct, map[string]any{"status": "x", "in_reply_to_id": dmID}), 404)

	// Delete: not someone else's; the author gets the source back.
	wantError(t, a.do("DELETE", "/api/v1/statuses/"+id, bt, nil), 404)
	del := a.do("DELETE", "/api/v1/statuses/"+id, at, nil)
	if del.Code != 200 || !strings.HasPrefix(del.obj()["text"].(string), "Hello @bob") {
		t.Fatalf("delete: %d %s", del.Code, del.Body.String())
	}
	wantError(t, a.do("GET", "/api/v1/statuses/"+id, at, nil), 404)
}

func TestPostValidation(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	tok := a.token(alice, "write")
	readOnly := a.token(alice, "read")
	for name, body := range map[string]any{
		"empty":             map[string]any{"status": "  "},
		"too long":          map[string]any{"status": strings.Repeat("a", 5001)},
		"bad visibility":    map[string]any{"status": "x", "visibility": "everyone"},
		"bad sensitive":     map[string]any{"status": "x", "sensitive": "maybe"},
		"one poll option":   map[string]any{"status": "x", "poll": map[string]any{"options": []string{"a"}, "expires_in": 3600}},
		"poll too short":    map[string]any{"status": "x", "poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 5}},
		"duplicate options": map[string]any{"status": "x", "poll": map[string]any{"options": []string{"a", "a"}, "expires_in": 3600}},
		"unknown media":     map[string]any{"status": "x", "media_ids": []string{"123"}},
		"bad language":      map[string]any{"status": "x", "language": "<script>"},
	} {
		t.Run(name, func(t *testing.T) { wantError(t, a.do("POST", "/api/v1/statuses", tok, body), 422) })
	}
	wantError(t, a.do("POST", "/api/v1/statuses", readOnly, map[string]any{"status": "x"}), 403)
	wantError(t, a.do("POST", "/api/v1/statuses", "", map[string]any{"status": "x"}), 401)
	wantError(t, a.do("POST", "/api/v1/statuses", "bogus-token", map[string]any{"status": "x"}), 401)
	wantError(t, a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "x", "in_reply_to_id": "nope"}), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/nope", "", nil), 404)

	// A poll, as a form.
	poll := a.do("POST", "/api/v1/statuses", tok, "status=Which&poll[options][]=yes&poll[options][]=no&poll[expires_in]=3600")
	_ = poll
	p2 := a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "Which?", "poll": map[string]any{"options": []string{"yes", "no"}, "expires_in": 3600, "multiple": true}})
	if p2.Code != 200 {
		t.Fatalf("poll: %d %s", p2.Code, p2.Body.String())
	}
	pl := p2.obj()["poll"].(map[string]any)
	if pl["multiple"] != true || len(pl["options"].([]any)) != 2 || pl["expired"] != false || pl["votes_count"] != float64(0) {
		t.Fatalf("poll %v", pl)
	}
}

func TestCredentialsAndLookup(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	tok := a.token(alice, "read")
	me := a.do("GET", "/api/v1/accounts/verify_credentials", tok, nil).obj()
	if me["id"] != alice.ID || me["acct"] != "alice" || me["source"] == nil || me["role"] == nil {
		t.Fatalf("verify_credentials %v", me)
	}
	if r := a.do("GET", "/api/v1/accounts/lookup?acct=alice", "", nil).obj(); r["id"] != alice.ID {
		t.Fatalf("lookup %v", r)
	}
	if r := a.do("GET", "/api/v1/accounts/lookup?acct=@alice@localhost:4000", "", nil).obj(); r["id"] != alice.ID {
		t.Fatalf("lookup with domain %v", r)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/lookup?acct=nobody", "", nil), 404)
	wantError(t, a.do("GET", "/api/v1/accounts/lookup", "", nil), 422)
	if r := a.do("GET", "/api/v1/accounts/"+alice.ID, "", nil).obj(); r["username"] != "alice" {
		t.Fatalf("show %v", r)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/nope", "", nil), 404)
	wantError(t, a.do("GET", "/api/v1/accounts/verify_credentials", "", nil), 401)
}

func TestContentWarningIsPlainText(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	st := a.do("POST", "/api/v1/statuses", a.token(alice, "write"), map[string]any{"status": "x", "spoiler_text": "Film <plot> & more"}).obj()
	if st["spoiler_text"] != "Film <plot> & more" {
		t.Fatalf("spoiler_text %q", st["spoiler_text"])
	}
	o, err := a.st.ObjectByID(a.ctx, st["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(o.Data, &doc); err != nil || doc["summary"] != "Film &lt;plot&gt; &amp; more" {
		t.Fatalf("federated summary is not escaped HTML: %v %v", doc["summary"], err)
	}
}
