package mastodon_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/jpeg"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// addEmoji adds a custom emoji of this server from a w × h PNG.
func (a *api) addEmoji(ms *media.Service, shortcode, category string, w, h int) *store.CustomEmoji {
	a.t.Helper()
	b := mediaPNG(a.t, w, h)
	e, err := mastodon.AddCustomEmoji(a.ctx, a.st, ms, shortcode, category, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		a.t.Fatal(err)
	}
	return e
}

func TestCustomEmojiList(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{})
	blobcat := a.addEmoji(ms, "blobcat", "blobs", 200, 200)
	a.addEmoji(ms, "party", "", 16, 16)

	png := mediaPNG(t, 8, 8)
	for _, c := range []struct {
		code string
		file []byte
		want error
	}{
		{"x", png, mastodon.ErrBadShortcode},
		{"with-dash", png, mastodon.ErrBadShortcode},
		{"blobcat", png, mastodon.ErrEmojiTaken},
		{"jpeg", jpegBytes(t), media.ErrUnsupported},
		{"huge", make([]byte, media.MaxEmojiSize+1), media.ErrTooLarge},
	} {
		if _, err := mastodon.AddCustomEmoji(a.ctx, a.st, ms, c.code, "", bytes.NewReader(c.file), int64(len(c.file))); !errors.Is(err, c.want) {
			t.Errorf("add %s: %v, want %v", c.code, err, c.want)
		}
	}

	var list []map[string]any
	stOK(t, a.do("GET", "/api/v1/custom_emojis", "", nil)).json(&list)
	if len(list) != 2 || list[0]["shortcode"] != "party" || list[0]["category"] != nil ||
		list[1]["shortcode"] != "blobcat" || list[1]["url"] != blobcat.URL || list[1]["static_url"] != blobcat.StaticURL ||
		list[1]["category"] != "blobs" || list[1]["visible_in_picker"] != true {
		t.Fatalf("custom_emojis %v", list)
	}
	for _, path := range []string{"/api/v1/pleroma/emoji", "/api/pleroma/emoji"} {
		var m map[string]map[string]any
		stOK(t, a.do("GET", path, "", nil)).json(&m)
		if len(m) != 2 || m["blobcat"]["image_url"] != blobcat.URL || len(m["blobcat"]["tags"].([]any)) != 1 ||
			m["blobcat"]["tags"].([]any)[0] != "blobs" || len(m["party"]["tags"].([]any)) != 0 {
			t.Fatalf("%s: %v", path, m)
		}
	}
	if err := mastodon.RemoveCustomEmoji(a.ctx, a.st, ms, "party"); err != nil {
		t.Fatal(err)
	}
	if err := mastodon.RemoveCustomEmoji(a.ctx, a.st, ms, "party"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("remove twice: %v", err)
	}
	stOK(t, a.do("GET", "/api/v1/custom_emojis", "", nil)).json(&list)
	if len(list) != 1 {
		t.Fatalf("after remove %v", list)
	}
}

// A local status using :shortcode: carries the emoji in the API and as an Emoji tag in its
// Note; so do a profile's name and bio; reactions with it federate with the tag.
func TestCustomEmojiInStatusesProfilesAndReactions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{})
	blobcat := a.addEmoji(ms, "blobcat", "", 64, 64)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")

	r := stOK(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "hello :blobcat: :nope: :blobcat:", "spoiler_text": "cw"}))
	acctSchema(t, "Status", r.Body.Bytes())
	emojis := r.obj()["emojis"].([]any)
	if len(emojis) != 1 || emojis[0].(map[string]any)["shortcode"] != "blobcat" || emojis[0].(map[string]any)["url"] != blobcat.URL {
		t.Fatalf("status emojis %v", emojis)
	}
	id := r.obj()["id"].(string)
	o, err := a.st.ObjectByID(a.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var note ap.Object
	if err := json.Unmarshal(o.Data, &note); err != nil {
		t.Fatal(err)
	}
	var tags []ap.Object
	for _, tag := range note.Objects("tag") {
		if tag.Type() == "Emoji" {
			tags = append(tags, tag)
		}
	}
	if len(tags) != 1 || tags[0].String("name") != ":blobcat:" {
		t.Fatalf("Emoji tags %v", note["tag"])
	}
	if icon, _ := tags[0].Embedded("icon"); icon.Type() != "Image" || icon.String("mediaType") != "image/png" || icon.Ref("url") != blobcat.URL {
		t.Fatalf("Emoji icon %v", tags[0])
	}
	// Plain statuses have no emoji.
	if r := stOK(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "no :emoji: here"})); len(r.obj()["emojis"].([]any)) != 0 {
		t.Fatalf("emojis of a plain status %v", r.obj()["emojis"])
	}

	// Reactions: :blobcat: or blobcat, once; an unknown shortcode is refused.
	rbase := "/api/v1/pleroma/statuses/" + id + "/reactions"
	wantError(t, a.do("PUT", rbase+"/:nope:", bt, nil), 422)
	r = stOK(t, a.do("PUT", rbase+"/:blobcat:", bt, nil))
	stOK(t, a.do("PUT", rbase+"/blobcat", bt, nil))
	rs := r.obj()["pleroma"].(map[string]any)["emoji_reactions"].([]any)
	if len(rs) != 1 || rs[0].(map[string]any)["name"] != ":blobcat:" || rs[0].(map[string]any)["url"] != blobcat.URL || rs[0].(map[string]any)["count"] != 1.0 {
		t.Fatalf("reactions %v", rs)
	}
	rel, err := a.st.Relationship(a.ctx, store.RelEmojiReact+":blobcat:", bob.APID, o.APID)
	if err != nil {
		t.Fatal(err)
	}
	react, err := a.st.ObjectByAPID(a.ctx, rel.ActivityAPID)
	if err != nil {
		t.Fatal(err)
	}
	var act ap.Object
	_ = json.Unmarshal(react.Data, &act)
	if act.Type() != "EmojiReact" || act.String("content") != ":blobcat:" || len(act.Objects("tag")) != 1 || act.Objects("tag")[0].String("name") != ":blobcat:" {
		t.Fatalf("EmojiReact %s", react.Data)
	}
	r = stOK(t, a.do("DELETE", rbase+"/blobcat", bt, nil))
	if rs := r.obj()["pleroma"].(map[string]any)["emoji_reactions"].([]any); len(rs) != 0 {
		t.Fatalf("after unreact %v", rs)
	}
	// Announcements take it too, with its picture.
	ann, err := a.svc.CreateAnnouncement(a.ctx, mastodon.AnnouncementParams{Text: "news :blobcat:"})
	if err != nil {
		t.Fatal(err)
	}
	stOK(t, a.do("PUT", "/api/v1/announcements/"+ann.ID+"/reactions/blobcat", bt, nil))
	wantError(t, a.do("PUT", "/api/v1/announcements/"+ann.ID+"/reactions/nope", bt, nil), 422)
	var anns []map[string]any
	stOK(t, a.do("GET", "/api/v1/announcements", bt, nil)).json(&anns)
	if len(anns) != 1 || len(anns[0]["reactions"].([]any)) != 1 || anns[0]["reactions"].([]any)[0].(map[string]any)["url"] != blobcat.URL ||
		len(anns[0]["emojis"].([]any)) != 1 || anns[0]["emojis"].([]any)[0].(map[string]any)["shortcode"] != "blobcat" {
		t.Fatalf("announcement reactions %v", anns)
	}

	// The profile: name and bio.
	acct := stOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, map[string]any{"display_name": "Alice :blobcat:", "note": "bio"})).obj()
	if es := acct["emojis"].([]any); len(es) != 1 || es[0].(map[string]any)["shortcode"] != "blobcat" || es[0].(map[string]any)["url"] != blobcat.URL {
		t.Fatalf("account emojis %v", acct["emojis"])
	}
	u, err := a.st.UserByID(a.ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	doc := ap.Object(activity.ActorDocument(u, base))
	if tags := doc.Objects("tag"); len(tags) != 1 || tags[0].Type() != "Emoji" || tags[0].String("name") != ":blobcat:" {
		t.Fatalf("actor tags %v", doc["tag"])
	}
	acct = stOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, map[string]any{"display_name": "Alice", "note": "plain :blobcat:"})).obj()
	if es := acct["emojis"].([]any); len(es) != 1 {
		t.Fatalf("emoji in the bio %v", acct["emojis"])
	}
	acct = stOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, map[string]any{"note": "plain"})).obj()
	if es := acct["emojis"].([]any); len(es) != 0 {
		t.Fatalf("emoji after removing it %v", acct["emojis"])
	}
}

func jpegBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
