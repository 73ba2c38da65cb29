package media_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

func upload(t testing.TB, s *media.Service, u *store.User, b []byte) *store.Media {
	t.Helper()
	m, err := s.Upload(context.Background(), u, bytes.NewReader(b), int64(len(b)), media.Attributes{Description: "alt"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func exists(s *media.Service, key string) bool {
	b, err := s.Storage.Open(context.Background(), key)
	if err == nil {
		b.Close()
	}
	return err == nil
}

func TestMediaUploadGetUpdate(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	alice, bob := newUser(t, s.Store, "alice"), newUser(t, s.Store, "bob")
	m := upload(t, s, alice, jpegOf(t, gradient(900, 300), 90))
	if m.Kind != "image" || m.MIME != "image/jpeg" || m.ProcessedAt == nil || m.Blurhash == "" || m.Description != "alt" {
		t.Fatalf("%+v", m)
	}
	if !exists(s, m.FileKey) || !exists(s, m.PreviewKey) || !strings.HasPrefix(m.FileKey, "media/"+m.ID+"/") {
		t.Fatalf("files %s %s", m.FileKey, m.PreviewKey)
	}
	if _, err := s.Get(ctx, bob.ID, m.ID); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("bob sees alice's upload: %v", err)
	}
	desc, focus := strings.Repeat("é", 1500), media.Focus{X: -0.5, Y: 1}
	got, err := s.Update(ctx, alice.ID, m.ID, &desc, &focus)
	if err != nil || got.Description != desc || got.FocusX != -0.5 {
		t.Fatalf("%+v %v", got, err)
	}
	tooLong := desc + "x"
	if _, err := s.Update(ctx, alice.ID, m.ID, &tooLong, nil); !errors.Is(err, media.ErrInvalid) {
		t.Fatalf("1501 characters: %v", err)
	}
	if _, err := s.Update(ctx, bob.ID, m.ID, &desc, nil); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("bob updated alice's upload: %v", err)
	}
	meta := media.RenderMeta(got)
	if f, ok := meta["focus"].(media.Focus); !ok || f.Y != 1 {
		t.Fatalf("meta %v", meta)
	}
	for _, bad := range []string{"2,0", "0", "a,b", "0,-1.5", ""} {
		if _, err := media.ParseFocus(bad); !errors.Is(err, media.ErrInvalid) {
			t.Errorf("focus %q accepted", bad)
		}
	}
}

// TestAttachRequiresOwnership: all or none, only one's own, only once.
func TestMediaAttachRequiresOwnership(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	alice, bob := newUser(t, s.Store, "alice"), newUser(t, s.Store, "bob")
	a1 := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	a2 := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	b1 := upload(t, s, bob, pngOf(t, gradient(20, 20)))
	note := base + "/objects/n1"
	if _, err := s.Store.MediaForAttachment(ctx, alice.ID, "", []string{a1.ID, b1.ID}); !errors.Is(err, store.ErrMediaNotAttachable) {
		t.Fatalf("alice may use bob's media: %v", err)
	}
	if err := s.Store.AttachMedia(ctx, alice.ID, note, []string{a1.ID, b1.ID}); !errors.Is(err, store.ErrMediaNotAttachable) {
		t.Fatalf("attach with bob's media: %v", err)
	}
	if m, _ := s.Store.MediaByID(ctx, a1.ID); m.StatusAPID != "" {
		t.Fatal("a refused attach attached some media")
	}
	if err := s.Store.AttachMedia(ctx, alice.ID, note, []string{a1.ID, a2.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.AttachMedia(ctx, alice.ID, base+"/objects/n2", []string{a1.ID}); !errors.Is(err, store.ErrMediaNotAttachable) {
		t.Fatalf("media attached twice: %v", err)
	}
	if list, err := s.Store.MediaForAttachment(ctx, alice.ID, note, []string{a2.ID, a1.ID}); err != nil || list[0].ID != a2.ID {
		t.Fatalf("an edit keeps its own media, in the order given: %v", err)
	}
	if _, err := s.Update(ctx, alice.ID, a1.ID, new(string), nil); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("attached media updated through PUT: %v", err)
	}
}

// TestCleanup removes old unattached uploads and the media of deleted statuses, keeps the rest.
func TestMediaCleanup(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	alice := newUser(t, s.Store, "alice")
	old := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	fresh := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	used := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	orphan := upload(t, s, alice, pngOf(t, gradient(20, 20)))
	note := &store.Object{APID: base + "/objects/kept", Type: "Note", Actor: alice.APID, Data: []byte(`{}`), Local: true, Visibility: "public"}
	if _, err := s.Store.InsertObject(ctx, note); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.AttachMedia(ctx, alice.ID, note.APID, []string{used.ID}); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.AttachMedia(ctx, alice.ID, base+"/objects/deleted", []string{orphan.ID}); err != nil {
		t.Fatal(err)
	}
	// Age everything but fresh by two days.
	for _, m := range []*store.Media{old, used, orphan} {
		if _, err := s.Store.SQL().Exec(rebind(s.Store, `UPDATE media_attachments SET created_at = ? WHERE id = ?`),
			time.Now().UTC().Add(-48*time.Hour), m.ID); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Cleanup(ctx, media.DefaultCleanupAge)
	if err != nil || n != 2 {
		t.Fatalf("removed %d (%v), want 2", n, err)
	}
	for _, m := range []*store.Media{old, orphan} {
		if _, err := s.Store.MediaByID(ctx, m.ID); !errors.Is(err, store.ErrNotFound) || exists(s, m.FileKey) || exists(s, m.PreviewKey) {
			t.Errorf("%s survived", m.ID)
		}
	}
	for _, m := range []*store.Media{fresh, used} {
		if _, err := s.Store.MediaByID(ctx, m.ID); err != nil || !exists(s, m.FileKey) {
			t.Errorf("%s was removed", m.ID)
		}
	}
}

// rebind writes ? as $n on PostgreSQL, for the few raw statements tests run.
func rebind(st *store.Store, q string) string {
	if st.Dialect().Name() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + string(rune('0'+n)))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestProfileImages: avatars 400×400, headers 1500×500, animated avatars keep moving and get
// a static PNG, and both are deleted by URL.
func TestMediaProfileImages(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	alice := newUser(t, s.Store, "alice")
	src := jpegOf(t, gradient(1000, 700), 90)
	av, err := s.Avatar(ctx, alice, bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	if av.URL != av.StaticURL || !strings.HasPrefix(av.URL, base+"/uploads/avatars/"+alice.ID+"/") {
		t.Fatalf("%+v", av)
	}
	checkSize(t, s, av.URL, 400, 400)
	hd, err := s.Header(ctx, alice, bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	checkSize(t, s, hd.URL, 1500, 500)
	anim := animatedGIF(t, 120, 80, 3)
	aa, err := s.Avatar(ctx, alice, bytes.NewReader(anim), int64(len(anim)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aa.URL, ".gif") || !strings.HasSuffix(aa.StaticURL, "-static.png") || s.StaticURL(aa.URL) != aa.StaticURL {
		t.Fatalf("%+v", aa)
	}
	checkSize(t, s, aa.StaticURL, 400, 400)
	g := openGIF(t, s, aa.URL)
	if len(g.Image) != 3 || g.Config.Width != 400 {
		t.Fatalf("%d frames of %d px", len(g.Image), g.Config.Width)
	}
	if err := s.DeleteProfileImage(ctx, aa.URL); err != nil {
		t.Fatal(err)
	}
	if exists(s, keyOf(aa.URL)) || exists(s, keyOf(aa.StaticURL)) {
		t.Fatal("the animated avatar survived its deletion")
	}
	if _, err := s.Avatar(ctx, alice, bytes.NewReader(testdata(t, "video.mp4")), 19043); !errors.Is(err, media.ErrUnsupported) {
		t.Fatalf("a video avatar: %v", err)
	}
}
