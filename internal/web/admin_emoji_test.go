package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// TestAdminCustomEmoji adds and removes custom emoji on the admin page (admins only, with the
// CSRF token), and uses one in a post and a reaction from the web UI.
func TestAdminCustomEmoji(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	root := s.user("root")
	root.Admin = true
	if err := s.st.UpdateUser(s.ctx, root); err != nil {
		t.Fatal(err)
	}
	s.user("bob")
	rootB, bobB := s.browser(), s.browser()
	rootB.login("root")
	bobB.login("bob")

	if page := rootB.get("/admin").body; !strings.Contains(page, `id="admin-emoji"`) || !strings.Contains(page, "No custom emoji yet.") ||
		!strings.Contains(page, `action="/admin/emoji" enctype="multipart/form-data"`) {
		t.Fatal("no custom emoji section on the admin page")
	}
	pic := map[string][]byte{"file": pngBytes(t, 200, 100)}
	wantStatus(t, rootB.multipart("/admin/emoji", url.Values{"shortcode": {"blobcat"}}, pic, nil), http.StatusForbidden)
	wantStatus(t, bobB.multipart("/admin/emoji", url.Values{"csrf_token": {bobB.csrf()}, "shortcode": {"blobcat"}}, pic, nil), http.StatusNotFound)
	wantStatus(t, bobB.post("/admin/emoji/blobcat/delete", url.Values{}), http.StatusNotFound)

	r := rootB.multipart("/admin/emoji", url.Values{"csrf_token": {rootB.csrf()}, "shortcode": {":blobcat:"}, "category": {"blobs"}}, pic, nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin?done=emoji-added" {
		t.Fatalf("add: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	for _, c := range []struct {
		fields url.Values
		files  map[string][]byte
		want   string
	}{
		{url.Values{"shortcode": {"b"}}, pic, "a shortcode is 2 to 64 letters"},
		{url.Values{"shortcode": {"blobcat"}}, pic, "already exists"},
		{url.Values{"shortcode": {"text"}}, map[string][]byte{"file": []byte("hello")}, "This file cannot be used"},
		{url.Values{"shortcode": {"nofile"}}, nil, "Choose one picture"},
	} {
		c.fields.Set("csrf_token", rootB.csrf())
		r := rootB.multipart("/admin/emoji", c.fields, c.files, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, c.want) {
			t.Errorf("%v: %d, want 422 and %q", c.fields, r.StatusCode, c.want)
		}
	}
	page := rootB.get("/admin?done=emoji-added").body
	if !strings.Contains(page, "Custom emoji added.") || !strings.Contains(page, "<code>:blobcat:</code>") ||
		!strings.Contains(page, `action="/admin/emoji/blobcat/delete"`) {
		t.Fatal("the admin page does not list the emoji")
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(rootB.get("/api/v1/custom_emojis").body), &list); err != nil || len(list) != 1 ||
		list[0]["shortcode"] != "blobcat" || list[0]["category"] != "blobs" {
		t.Fatalf("custom_emojis %v %v", list, err)
	}
	emojiURL := list[0]["url"].(string)
	if r := s.browser().get(strings.TrimPrefix(emojiURL, s.srv.URL)); r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("the picture: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}

	// A post from the web UI carries it as an Emoji tag; the picker offers it for reactions.
	post := bobB.compose("hi :blobcat:", ap.VisibilityPublic)
	var note ap.Object
	_ = json.Unmarshal(post.Data, &note)
	if tags := note.Objects("tag"); len(tags) != 1 || tags[0].Type() != "Emoji" || tags[0].String("name") != ":blobcat:" {
		t.Fatalf("tags %v", note["tag"])
	}
	react := "/statuses/" + post.ID + "/react"
	if page := rootB.get("/@bob").body; !strings.Contains(page, `name="emoji" value=":blobcat:"`) {
		t.Fatal("the reaction picker does not offer :blobcat:")
	}
	r = rootB.htmx(react, url.Values{"emoji": {":blobcat:"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `class="reaction reaction-me" aria-pressed="true"`) || !strings.Contains(r.body, `<img src="`+emojiURL+`"`) {
		t.Fatalf("react answer: %s", r.body)
	}
	if n, _ := s.st.CountRelationships(s.ctx, store.RelEmojiReact+":blobcat:", post.APID); n != 1 {
		t.Fatalf(":blobcat: reactions = %d", n)
	}
	wantStatus(t, rootB.htmx("/statuses/"+post.ID+"/unreact", url.Values{"emoji": {":blobcat:"}}), http.StatusOK)
	if n, _ := s.st.CountRelationships(s.ctx, store.RelEmojiReact+":blobcat:", post.APID); n != 0 {
		t.Fatalf(":blobcat: reactions after unreact = %d", n)
	}

	wantStatus(t, rootB.post("/admin/emoji/blobcat/delete", url.Values{}), http.StatusSeeOther)
	wantStatus(t, rootB.post("/admin/emoji/blobcat/delete", url.Values{}), http.StatusNotFound)
	if page := rootB.get("/admin?done=emoji-removed").body; !strings.Contains(page, "Custom emoji removed.") || strings.Contains(page, ":blobcat:</code>") {
		t.Fatal("still listed after removal")
	}
	if page := rootB.get("/@bob").body; strings.Contains(page, `value=":blobcat:"`) {
		t.Fatal("the picker still offers :blobcat:")
	}
}
