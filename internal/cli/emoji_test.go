package cli_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/testutil"
)

// writeImage writes a w × h picture as PNG (or JPEG) into dir.
func writeImage(t *testing.T, dir, name string, w, h int, asJPEG bool) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 5)
	}
	img.Set(0, 0, color.NRGBA{})
	var buf bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&buf, img, nil)
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEmojiCommands(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": data,
		"EGREGOROS_HOST": "social.example"}
	dir := t.TempDir()
	pic := writeImage(t, dir, "blobcat.png", 300, 200, false)
	jpg := writeImage(t, dir, "photo.jpg", 20, 20, true)
	big := filepath.Join(dir, "big.png")
	if err := os.WriteFile(big, make([]byte, 300<<10), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"emoji"}, "usage"},
		{[]string{"emoji", "frob"}, "unknown emoji command"},
		{[]string{"emoji", "add", "blobcat"}, "usage"},
		{[]string{"emoji", "add", "a", pic}, "bad shortcode"},
		{[]string{"emoji", "add", "no-dashes", pic}, "bad shortcode"},
		{[]string{"emoji", "remove"}, "usage"},
		{[]string{"emoji", "list", "extra"}, "usage"},
	} {
		if r := run(t, env, "", c.args...); r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: %+v, want exit 2 and %q", c.args, r, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"emoji", "add", "photo", jpg}, "must be PNG, GIF or WebP"},
		{[]string{"emoji", "add", "big", big}, "at most 256 KB"},
		{[]string{"emoji", "add", "missing", filepath.Join(dir, "nope.png")}, "no such file"},
		{[]string{"emoji", "remove", "nope"}, "no custom emoji :nope:"},
	} {
		if r := run(t, env, "", c.args...); r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %+v, want exit 1 and %q", c.args, r, c.want)
		}
	}

	r := run(t, env, "", "emoji", "add", "blobcat", pic, "--category", "blobs")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "added :blobcat: http://social.example:4000/uploads/emoji/blobcat-") {
		t.Fatalf("add: %+v", r)
	}
	if r := run(t, env, "", "emoji", "add", "blobcat", pic); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("duplicate: %+v", r)
	}
	if r := run(t, env, "", "emoji", "add", "plain", pic); r.code != 0 {
		t.Fatalf("add plain: %+v", r)
	}
	r = run(t, env, "", "emoji", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], ":plain:\t-\thttp://") || !strings.HasPrefix(lines[1], ":blobcat:\tblobs\thttp://") {
		t.Fatalf("list: %+v", r)
	}
	// The picture is in the data directory, scaled to fit 128 × 128.
	files, _ := filepath.Glob(filepath.Join(data, "uploads", "emoji", "blobcat-*.png"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 128 || cfg.Height != 85 {
		t.Fatalf("stored picture %d×%d %v", cfg.Width, cfg.Height, err)
	}
	if r := run(t, env, "", "emoji", "remove", "blobcat"); r.code != 0 || r.stdout != "removed :blobcat:\n" {
		t.Fatalf("remove: %+v", r)
	}
	if files, _ := filepath.Glob(filepath.Join(data, "uploads", "emoji", "blobcat-*")); len(files) != 0 {
		t.Fatalf("files left %v", files)
	}
	if r := run(t, env, "", "emoji", "list"); strings.Contains(r.stdout, "blobcat") {
		t.Fatalf("still listed: %+v", r)
	}
}
