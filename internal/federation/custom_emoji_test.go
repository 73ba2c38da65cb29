package federation_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
)

// A local status using a custom emoji of this server is served (/objects/ID) with the Emoji
// tag other servers render it from.
func TestCustomEmojiInServedNote(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	alice := f.user("alice")
	disk, err := media.NewDisk(t.TempDir(), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { disk.Close() })
	ms := &media.Service{Store: f.st, Storage: disk}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 40, 40))); err != nil {
		t.Fatal(err)
	}
	e, err := mastodon.AddCustomEmoji(ctx, f.st, ms, "blobcat", "", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	api := &mastodon.Service{BaseURL: base, Store: f.st, Pipeline: &activity.Pipeline{Store: f.st, BaseURL: base},
		Limits: mastodon.DefaultLimits}
	o, err := api.Compose(ctx, alice, mastodon.ComposeParams{Text: "hello :blobcat:"})
	if err != nil {
		t.Fatal(err)
	}
	rec := f.get(strings.TrimPrefix(o.APID, base), "application/activity+json")
	if rec.Code != 200 {
		t.Fatalf("%s: %d", o.APID, rec.Code)
	}
	m := decode(t, rec)
	tags, _ := m["tag"].([]any)
	if len(tags) != 1 {
		t.Fatalf("tags %v", m["tag"])
	}
	tag := tags[0].(map[string]any)
	icon, _ := tag["icon"].(map[string]any)
	if tag["type"] != "Emoji" || tag["name"] != ":blobcat:" || icon["type"] != "Image" || icon["mediaType"] != "image/png" || icon["url"] != e.URL {
		t.Fatalf("Emoji tag %v", tag)
	}
}
