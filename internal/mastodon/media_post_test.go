package mastodon_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// TestPostWithMediaAndItsVisibility posts statuses with attachments through the API and
// checks the attachment entity and who may fetch the file.
func TestPostWithMediaAndItsVisibility(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.withMedia(media.Options{})
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write"), a.token(carol, "read")
	a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", a.token(bob, "follow"), nil)

	upload := func() map[string]any {
		return a.upload("/api/v2/media", at, "photo.png", mediaPNG(t, 64, 32), map[string]string{"description": "a red square"}).obj()
	}
	fetch := func(url, token string) int {
		req := httptest.NewRequest(http.MethodGet, strings.TrimPrefix(url, base), nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec.Code
	}

	m := upload()
	st := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "", "media_ids": []string{m["id"].(string)}})
	if st.Code != 200 {
		t.Fatalf("post with media only: %d %s", st.Code, st.Body.String())
	}
	atts := st.obj()["media_attachments"].([]any)
	if len(atts) != 1 || atts[0].(map[string]any)["id"] != m["id"] || atts[0].(map[string]any)["description"] != "a red square" {
		t.Fatalf("attachments %v", atts)
	}
	if code := fetch(m["url"].(string), ""); code != 200 {
		t.Fatalf("public attachment, anonymous: %d", code)
	}
	// The same media cannot be attached twice, nor someone else's at all.
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "again", "media_ids": []string{m["id"].(string)}}), 422)
	wantError(t, a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "theft", "media_ids": []string{upload()["id"].(string)}}), 422)

	// Followers-only: the follower may fetch the file, a stranger and the anonymous may not.
	p := upload()
	if r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "private", "visibility": "private", "media_ids": []string{p["id"].(string)}}); r.Code != 200 {
		t.Fatalf("private post: %d %s", r.Code, r.Body.String())
	}
	for who, c := range map[string]struct {
		token string
		want  int
	}{"author": {at, 200}, "follower": {bt, 200}, "stranger": {ct, 404}, "anonymous": {"", 404}} {
		if code := fetch(p["url"].(string), c.token); code != c.want {
			t.Errorf("followers-only attachment, %s: %d, want %d", who, code, c.want)
		}
	}
	// Too many attachments are refused.
	var ids []string
	for range 5 {
		ids = append(ids, upload()["id"].(string))
	}
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "x", "media_ids": ids}), 422)

	// A poll may carry media (as on Pleroma and Akkoma): the status has both, and the
	// Question federates with its attachment.
	r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "which?", "media_ids": ids[:1],
		"poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 3600}})
	if r.Code != 200 {
		t.Fatalf("poll with media: %d %s", r.Code, r.Body.String())
	}
	ps := r.obj()
	if ps["poll"] == nil || len(ps["media_attachments"].([]any)) != 1 || ps["media_attachments"].([]any)[0].(map[string]any)["id"] != ids[0] {
		t.Fatalf("poll with media: %v", ps)
	}
	q, err := a.st.ObjectByID(a.ctx, ps["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Attachment []map[string]any `json:"attachment"`
	}
	if err := json.Unmarshal(q.Data, &doc); err != nil || q.Type != "Question" || !q.HasMedia || len(doc.Attachment) != 1 {
		t.Fatalf("Question %s (media %v): %s", q.Type, q.HasMedia, q.Data)
	}
}
