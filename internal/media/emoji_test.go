package media_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

func TestEmojiImages(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	add := func(b []byte) (*media.EmojiImage, error) {
		return s.Emoji(ctx, "blobcat", bytes.NewReader(b), int64(len(b)))
	}
	// A larger picture is scaled to fit 128 × 128 and stored as PNG, its own static version.
	e, err := add(pngOf(t, gradient(300, 150)))
	if err != nil {
		t.Fatal(err)
	}
	if e.MIME != "image/png" || e.StaticURL != e.URL || e.FileKey != keyOf(e.URL) {
		t.Fatalf("png: %+v", e)
	}
	checkSize(t, s, e.URL, 128, 64)
	// A small one keeps its size.
	if e, err = add(pngOf(t, gradient(32, 24))); err != nil {
		t.Fatal(err)
	}
	checkSize(t, s, e.URL, 32, 24)
	// WebP is accepted (re-encoded as PNG).
	if e, err = add(testdata(t, "image.webp")); err != nil || e.MIME != "image/png" {
		t.Fatalf("webp: %+v %v", e, err)
	}
	// An animated GIF stays animated, every frame scaled, with a static first frame.
	if e, err = add(animatedGIF(t, 200, 100, 3)); err != nil {
		t.Fatal(err)
	}
	if e.MIME != "image/gif" || e.StaticURL == e.URL {
		t.Fatalf("gif: %+v", e)
	}
	if g := openGIF(t, s, e.URL); len(g.Image) != 3 || g.Config.Width != 128 || g.Config.Height != 64 {
		t.Fatalf("gif: %d frames of %d×%d", len(g.Image), g.Config.Width, g.Config.Height)
	}
	checkSize(t, s, e.StaticURL, 128, 64)
	// Served to anyone, for a year.
	w := get(s.Handler(testViewer), "localhost:4000", "/uploads/"+e.StaticKey, "")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/png" || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("serve: %d %v", w.Code, w.Header())
	}
	if err := s.DeleteEmoji(ctx, e.FileKey, e.StaticKey); err != nil {
		t.Fatal(err)
	}
	if w := get(s.Handler(testViewer), "localhost:4000", "/uploads/"+e.FileKey, ""); w.Code != http.StatusNotFound {
		t.Fatalf("deleted file served: %d", w.Code)
	}

	if _, err := add(jpegOf(t, gradient(20, 20), 90)); !errors.Is(err, media.ErrUnsupported) {
		t.Fatalf("jpeg: %v, want ErrUnsupported", err)
	}
	if _, err := add([]byte("not a picture at all")); !errors.Is(err, media.ErrUnsupported) {
		t.Fatalf("text: %v, want ErrUnsupported", err)
	}
	if _, err := add(make([]byte, media.MaxEmojiSize+1)); !errors.Is(err, media.ErrTooLarge) {
		t.Fatalf("too large: %v, want ErrTooLarge", err)
	}
}
