package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestValidShortcode(t *testing.T) {
	for s, want := range map[string]bool{"blobcat": true, "a_1": true, "AB": true, "a": false, "": false,
		"with space": false, "dash-ed": false, ":colon:": false, "émoji": false,
		"x234567890123456789012345678901234567890123456789012345678901234":  true,
		"x2345678901234567890123456789012345678901234567890123456789012345": false} {
		if got := store.ValidShortcode(s); got != want {
			t.Errorf("ValidShortcode(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCustomEmojiRows(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	for _, e := range []*store.CustomEmoji{
		{Shortcode: "blobcat", FileKey: "emoji/blobcat-1.gif", StaticKey: "emoji/blobcat-1-static.png", URL: "http://x/uploads/emoji/blobcat-1.gif",
			StaticURL: "http://x/uploads/emoji/blobcat-1-static.png", MIME: "image/gif", Category: "blobs", VisibleInPicker: true},
		{Shortcode: "Party_Parrot", FileKey: "emoji/p.png", StaticKey: "emoji/p.png", URL: "http://x/uploads/emoji/p.png",
			StaticURL: "http://x/uploads/emoji/p.png", MIME: "image/png", VisibleInPicker: true},
	} {
		if err := st.AddCustomEmoji(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.AddCustomEmoji(ctx, &store.CustomEmoji{Shortcode: "blobcat", FileKey: "k", StaticKey: "k", URL: "u", StaticURL: "u", MIME: "image/png"}); !errors.Is(err, store.ErrTaken) {
		t.Fatalf("duplicate: %v, want ErrTaken", err)
	}
	list, err := st.CustomEmojis(ctx)
	if err != nil || len(list) != 2 || list[0].Shortcode != "Party_Parrot" || list[1].Shortcode != "blobcat" {
		t.Fatalf("list %+v %v, want the uncategorized one first", list, err)
	}
	if e := list[1]; e.Category != "blobs" || e.MIME != "image/gif" || e.StaticKey != "emoji/blobcat-1-static.png" || !e.VisibleInPicker || e.CreatedAt.IsZero() {
		t.Fatalf("read back %+v", e)
	}
	by, err := st.CustomEmojisByShortcode(ctx, []string{"blobcat", "party_parrot", "nope"})
	if err != nil || len(by) != 1 || by["blobcat"] == nil {
		t.Fatalf("by shortcode (exact case) %+v %v", by, err)
	}
	if _, err := st.CustomEmojiByShortcode(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	e, err := st.RemoveCustomEmoji(ctx, "blobcat")
	if err != nil || e.FileKey != "emoji/blobcat-1.gif" {
		t.Fatalf("remove %+v %v", e, err)
	}
	if _, err := st.RemoveCustomEmoji(ctx, "blobcat"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("remove twice: %v", err)
	}
}
