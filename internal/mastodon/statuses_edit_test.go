package mastodon_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEditStatusHistoryAndSource(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	id := a.stPost(at, map[string]any{"status": "Hello #go", "spoiler_text": "cw", "language": "en"})
	path := "/api/v1/statuses/" + id

	// Auth, scope, unknown ids, others' statuses, bad input.
	wantError(t, a.do("PUT", path, "", map[string]any{"status": "x"}), 401)
	wantError(t, a.do("PUT", path, a.token(alice, "read"), map[string]any{"status": "x"}), 403)
	wantError(t, a.do("PUT", "/api/v1/statuses/nope", at, map[string]any{"status": "x"}), 404)
	wantError(t, a.do("PUT", path, bt, map[string]any{"status": "x"}), 404)
	for name, body := range map[string]any{
		"blank":        map[string]any{"status": " "},
		"too long":     map[string]any{"status": strings.Repeat("a", 5001)},
		"media":        map[string]any{"status": "x", "media_ids": []string{"1"}},
		"bad language": map[string]any{"status": "x", "language": "<b>"},
		"adds a poll":  map[string]any{"status": "x", "poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 3600}},
	} {
		t.Run(name, func(t *testing.T) { wantError(t, a.do("PUT", path, at, body), 422) })
	}

	r := stOK(t, a.do("PUT", path, at, map[string]any{"status": "Hello @bob, edited"}))
	acctSchema(t, "Status", r.Body.Bytes())
	st := r.obj()
	if st["id"] != id || !strings.Contains(st["content"].(string), "edited") || st["edited_at"] == nil ||
		st["spoiler_text"] != "" || st["sensitive"] != false || st["language"] != "en" || st["visibility"] != "public" {
		t.Fatalf("edited status %v", st)
	}
	if ms := st["mentions"].([]any); len(ms) != 1 || ms[0].(map[string]any)["acct"] != "bob" {
		t.Fatalf("mentions after the edit %v", st["mentions"])
	}
	if tags := st["tags"].([]any); len(tags) != 0 {
		t.Fatalf("tags after the edit %v", tags)
	}
	if got := stOK(t, a.do("GET", path, "", nil)).obj(); got["content"] != st["content"] {
		t.Fatalf("show after edit %v", got["content"])
	}
	// What federates: an Update of the same note, with "updated", addressed as before.
	ups, err := a.st.ObjectsByTypeAndTarget(a.ctx, "Update", st["uri"].(string))
	if err != nil || len(ups) != 1 || ups[0].Actor != alice.APID {
		t.Fatalf("stored Update %v, %v", ups, err)
	}
	var upd struct {
		To     []string
		Object map[string]any
	}
	if err := json.Unmarshal(ups[0].Data, &upd); err != nil || upd.Object["id"] != st["uri"] || upd.Object["updated"] == nil ||
		upd.Object["published"] == upd.Object["updated"] || len(upd.To) != 1 || upd.To[0] != "https://www.w3.org/ns/activitystreams#Public" {
		t.Fatalf("Update %s", ups[0].Data)
	}

	// History: the first version, then the current one.
	h := stOK(t, a.do("GET", path+"/history", "", nil))
	acctSchema(t, "[]StatusEdit", h.Body.Bytes())
	var hist []map[string]any
	h.json(&hist)
	if len(hist) != 2 || !strings.Contains(hist[0]["content"].(string), "Hello") || strings.Contains(hist[0]["content"].(string), "edited") ||
		hist[0]["spoiler_text"] != "cw" || hist[0]["sensitive"] != true || !strings.Contains(hist[1]["content"].(string), "edited") ||
		hist[1]["account"].(map[string]any)["id"] != alice.ID || hist[0]["created_at"].(string) > hist[1]["created_at"].(string) {
		t.Fatalf("history %v", hist)
	}
	wantError(t, a.do("GET", "/api/v1/statuses/nope/history", "", nil), 404)

	// Source: the author only.
	src := stOK(t, a.do("GET", path+"/source", at, nil))
	acctSchema(t, "StatusSource", src.Body.Bytes())
	if s := src.obj(); s["id"] != id || s["text"] != "Hello @bob, edited" || s["spoiler_text"] != "" {
		t.Fatalf("source %v", s)
	}
	wantError(t, a.do("GET", path+"/source", "", nil), 401)
	wantError(t, a.do("GET", path+"/source", a.token(alice, "write"), nil), 403)
	wantError(t, a.do("GET", path+"/source", bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/nope/source", at, nil), 404)

	// A status never edited has one version.
	plain := a.stPost(bt, map[string]any{"status": "plain"})
	a.do("GET", "/api/v1/statuses/"+plain+"/history", "", nil).json(&hist)
	if len(hist) != 1 || hist[0]["poll"] != nil {
		t.Fatalf("history of an unedited status %v", hist)
	}
}

func TestEditKeepsTheAudience(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	dm := a.stPost(at, map[string]any{"status": "@bob secret", "visibility": "direct"})
	fo := a.stPost(at, map[string]any{"status": "followers only", "visibility": "private"})

	// Editing away the mention keeps bob in the audience; the visibility does not change.
	r := stOK(t, a.do("PUT", "/api/v1/statuses/"+dm, at, map[string]any{"status": "secret, edited", "visibility": "public"}))
	if r.obj()["visibility"] != "direct" {
		t.Fatalf("visibility after edit %v", r.obj()["visibility"])
	}
	stOK(t, a.do("GET", "/api/v1/statuses/"+dm, bt, nil))
	stOK(t, a.do("GET", "/api/v1/statuses/"+dm+"/history", bt, nil))
	for _, path := range []string{"/api/v1/statuses/" + dm, "/api/v1/statuses/" + fo} {
		wantError(t, a.do("GET", path, ct, nil), 404)
		wantError(t, a.do("GET", path+"/history", ct, nil), 404)
		wantError(t, a.do("GET", path+"/history", "", nil), 404)
		wantError(t, a.do("PUT", path, ct, map[string]any{"status": "mine now"}), 404)
	}
	wantError(t, a.do("GET", "/api/v1/statuses/"+fo+"/source", bt, nil), 404)

	// Mentioning carol in an edit adds her.
	stOK(t, a.do("PUT", "/api/v1/statuses/"+dm, at, map[string]any{"status": "@bob @carol secret"}))
	stOK(t, a.do("GET", "/api/v1/statuses/"+dm, ct, nil))
}

func TestEditPoll(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	poll := map[string]any{"options": []string{"yes", "no"}, "expires_in": 3600}
	id := a.stPost(at, map[string]any{"status": "Which?", "poll": poll})
	path := "/api/v1/statuses/" + id
	before := stOK(t, a.do("GET", path, at, nil)).obj()["poll"].(map[string]any)

	// Text only: the poll stays as it is.
	st := stOK(t, a.do("PUT", path, at, map[string]any{"status": "Which one?"})).obj()
	p := st["poll"].(map[string]any)
	if len(p["options"].([]any)) != 2 || p["expires_at"] != before["expires_at"] {
		t.Fatalf("poll after a text edit %v (before %v)", p, before)
	}
	// New options while nobody voted.
	st = stOK(t, a.do("PUT", path, at, map[string]any{"status": "Which one?",
		"poll": map[string]any{"options": []string{"yes", "no", "maybe"}}})).obj()
	if opts := st["poll"].(map[string]any)["options"].([]any); len(opts) != 3 || opts[2].(map[string]any)["title"] != "maybe" {
		t.Fatalf("options after edit %v", opts)
	}
	// A multiple-choice poll stays one when its options change.
	multi := a.stPost(at, map[string]any{"status": "Which ones?", "poll": map[string]any{"options": []string{"a", "b"},
		"expires_in": 3600, "multiple": true}})
	st = stOK(t, a.do("PUT", "/api/v1/statuses/"+multi, at, map[string]any{"status": "Which ones?",
		"poll": map[string]any{"options": []string{"a", "b", "c"}}})).obj()
	if p := st["poll"].(map[string]any); p["multiple"] != true || len(p["options"].([]any)) != 3 {
		t.Fatalf("multiple-choice poll after edit %v", p)
	}

	var hist []map[string]any
	h := a.do("GET", path+"/history", "", nil)
	acctSchema(t, "[]StatusEdit", h.Body.Bytes())
	h.json(&hist)
	if n := len(hist); n != 3 || len(hist[0]["poll"].(map[string]any)["options"].([]any)) != 2 ||
		len(hist[2]["poll"].(map[string]any)["options"].([]any)) != 3 {
		t.Fatalf("poll history %v", hist)
	}

	// Once someone voted, the options are fixed; the same options with a new text still go.
	stOK(t, a.do("POST", "/api/v1/polls/"+id+"/votes", bt, map[string]any{"choices": []string{"0"}}))
	wantError(t, a.do("PUT", path, at, map[string]any{"status": "x", "poll": map[string]any{"options": []string{"a", "b"}}}), 422)
	st = stOK(t, a.do("PUT", path, at, map[string]any{"status": "Final?",
		"poll": map[string]any{"options": []string{"yes", "no", "maybe"}}})).obj()
	if p := st["poll"].(map[string]any); p["votes_count"] != float64(1) || !strings.Contains(st["content"].(string), "Final") {
		t.Fatalf("poll after a text edit with votes %v", st)
	}
}
