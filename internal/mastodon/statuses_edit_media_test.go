package mastodon_test

import (
	"net/url"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
)

// An edit changes the descriptions of the status's own attachments (media_attributes, as
// Mastodon): in the API's rendering and in the federated Document; anyone else's upload, or
// one the status does not hold, is refused.
func TestEditMediaDescriptions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.withMedia(media.Options{})
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	m := a.upload("/api/v2/media", at, "photo.png", mediaPNG(t, 64, 32), map[string]string{"description": "a red square"}).obj()
	other := a.upload("/api/v2/media", bt, "photo.png", mediaPNG(t, 8, 8), nil).obj()
	loose := a.upload("/api/v2/media", at, "photo.png", mediaPNG(t, 8, 8), nil).obj()
	id := a.stPost(at, map[string]any{"status": "look", "media_ids": []string{m["id"].(string)}})
	path := "/api/v1/statuses/" + id

	edit := func(mediaID, desc string) response {
		return a.do("PUT", path, at, url.Values{"status": {"look again"}, "media_attributes[0][id]": {mediaID},
			"media_attributes[0][description]": {desc}})
	}
	r := stOK(t, edit(m["id"].(string), " a blue square "))
	acctSchema(t, "Status", r.Body.Bytes())
	atts := r.obj()["media_attachments"].([]any)
	if len(atts) != 1 || atts[0].(map[string]any)["description"] != "a blue square" {
		t.Fatalf("attachments after the edit: %v", atts)
	}
	o, err := a.st.ObjectByID(a.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := ap.Parse(o.Data)
	if docs := doc.Objects("attachment"); len(docs) != 1 || docs[0].String("name") != "a blue square" {
		t.Fatalf("the federated attachment: %s", o.Data)
	}
	wantError(t, edit(other["id"].(string), "mine now"), 422)
	wantError(t, edit(loose["id"].(string), "not attached here"), 422)
	wantError(t, edit("nope", "x"), 422)
}
