package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func mediaUser(t *testing.T, st *store.Store, nick string) *store.User {
	t.Helper()
	u := &store.User{APID: "https://local.test/users/" + nick, Nickname: nick, Local: true}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func newMedia(t *testing.T, st *store.Store, u *store.User, created time.Time) *store.Media {
	t.Helper()
	m := &store.Media{UserID: u.ID, Kind: "image", FileKey: "media/x/" + store.NewID() + ".jpg", MIME: "image/jpeg", Size: 123,
		Meta: json.RawMessage(`{"original":{"width":2,"height":1}}`), CreatedAt: created, ProcessedAt: &created}
	if err := st.InsertMedia(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMediaRows(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice, bob := mediaUser(t, st, "alice"), mediaUser(t, st, "bob")
	now := time.Now().UTC()
	a1, a2 := newMedia(t, st, alice, now), newMedia(t, st, alice, now)
	b1 := newMedia(t, st, bob, now)

	got, err := st.MediaByID(ctx, a1.ID)
	if err != nil || got.ProcessedAt == nil || got.StatusAPID != "" || got.Size != 123 || string(got.Meta) == "" {
		t.Fatalf("%+v %v", got, err)
	}
	var meta map[string]any
	if err := json.Unmarshal(got.Meta, &meta); err != nil || meta["original"] == nil {
		t.Fatalf("meta %s: %v", got.Meta, err)
	}
	if err := st.UpdateMedia(ctx, bob.ID, a1.ID, "x", 0, 0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("bob updated alice's media: %v", err)
	}
	if err := st.UpdateMedia(ctx, alice.ID, a1.ID, "a cat", 0.5, -0.25); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.MediaByID(ctx, a1.ID); got.Description != "a cat" || got.FocusY != -0.25 {
		t.Fatalf("%+v", got)
	}

	list, err := st.MediaForAttachment(ctx, alice.ID, "", []string{a2.ID, a1.ID})
	if err != nil || len(list) != 2 || list[0].ID != a2.ID {
		t.Fatalf("order given is kept: %v", err)
	}
	note := "https://local.test/objects/n"
	if err := st.AttachMedia(ctx, alice.ID, note, []string{a1.ID, b1.ID}); !errors.Is(err, store.ErrMediaNotAttachable) {
		t.Fatalf("attached bob's media: %v", err)
	}
	if err := st.AttachMedia(ctx, alice.ID, note, []string{a2.ID, a1.ID}); err != nil {
		t.Fatal(err)
	}
	byStatus, err := st.MediaByStatuses(ctx, []string{note, "https://local.test/objects/none"})
	if err != nil || len(byStatus[note]) != 2 || byStatus[note][0].ID != a1.ID {
		t.Fatalf("%v %v", byStatus, err)
	}

	old := newMedia(t, st, bob, now.Add(-48*time.Hour))
	stale, err := st.StaleMedia(ctx, now.Add(-24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(stale) != 1 || stale[0].ID != old.ID {
		t.Fatalf("stale %v", stale)
	}
	// An old upload waiting in a scheduled status is in use, not stale.
	waiting := newMedia(t, st, bob, now.Add(-72*time.Hour))
	if err := st.AddScheduledStatus(ctx, &store.ScheduledStatus{UserID: bob.ID, ScheduledAt: now.Add(72 * time.Hour),
		Params: `{"text":"later","media_ids":["` + waiting.ID + `"]}`}); err != nil {
		t.Fatal(err)
	}
	if stale, err := st.StaleMedia(ctx, now.Add(-24*time.Hour), 10); err != nil || len(stale) != 1 || stale[0].ID != old.ID {
		t.Fatalf("with a scheduled status: stale %d %v", len(stale), err)
	}
	if err := st.DeleteMedia(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MediaByID(ctx, old.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestMediaProcessingRows(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := mediaUser(t, st, "alice")
	pending := &store.Media{UserID: alice.ID, Kind: "video", FileKey: "media/p/t-upload", MIME: "video/mp4", Size: 9}
	failed := &store.Media{UserID: alice.ID, Kind: "video", FileKey: "media/f/t-upload", MIME: "video/mp4", Size: 9}
	for _, m := range []*store.Media{pending, failed} {
		if err := st.InsertMedia(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	note := "https://local.test/objects/v"
	if err := st.AttachMedia(ctx, alice.ID, note, []string{pending.ID}); !errors.Is(err, store.ErrMediaNotAttachable) {
		t.Fatalf("attached an unprocessed upload: %v", err)
	}
	// A thumbnail set while the job runs survives the job's result.
	if err := st.SetMediaPreview(ctx, alice.ID, pending.ID, "media/p/x-thumb.jpg", "LKO2", json.RawMessage(`{"small":{"width":4}}`)); err != nil {
		t.Fatal(err)
	}
	done := *pending
	done.Kind, done.FileKey, done.PreviewKey, done.Blurhash, done.Meta = "video", "media/p/t.mp4", "media/p/t-small.jpg", "frame", json.RawMessage(`{"length":"0:00:01.00"}`)
	if err := st.FinishMedia(ctx, &done); err != nil {
		t.Fatal(err)
	}
	got, err := st.MediaByID(ctx, pending.ID)
	if err != nil || got.ProcessedAt == nil || got.FileKey != "media/p/t.mp4" || got.PreviewKey != "media/p/x-thumb.jpg" ||
		got.Blurhash != "LKO2" || string(got.Meta) == "" {
		t.Fatalf("finished %+v %v", got, err)
	}
	if err := st.FinishMedia(ctx, &done); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("finished twice: %v", err)
	}
	if err := st.AttachMedia(ctx, alice.ID, note, []string{pending.ID}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetMediaPreview(ctx, alice.ID, pending.ID, "media/p/y-thumb.jpg", "", nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("thumbnail of an attached upload: %v", err)
	}
	if err := st.FailMedia(ctx, failed.ID, "damaged"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.MediaByID(ctx, failed.ID); got.ProcessingError != "damaged" || got.ProcessedAt != nil {
		t.Fatalf("failed %+v", got)
	}
}
