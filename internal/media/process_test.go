package media_test

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"io"
	"math"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// TestProcessEveryAcceptedType runs real files of every accepted format through Process: the
// committed samples were made by ffmpeg (testdata/generate.sh), the JPEG, PNG and GIF by the
// standard library here.
func TestMediaProcessEveryAcceptedType(t *testing.T) {
	cases := []struct {
		name, mime, typ string
		file            []byte
		duration        float64 // 0: not checked
		w, h            int     // 0: not checked
		preview         bool
	}{
		{name: "jpeg", file: jpegOf(t, gradient(800, 600), 90), mime: "image/jpeg", typ: "image", w: 800, h: 600, preview: true},
		{name: "png", file: pngOf(t, gradient(64, 48)), mime: "image/png", typ: "image", w: 64, h: 48, preview: true},
		{name: "gif", file: animatedGIF(t, 32, 16, 1), mime: "image/gif", typ: "image", w: 32, h: 16, preview: true},
		{name: "animated gif", file: animatedGIF(t, 32, 16, 5), mime: "image/gif", typ: "image", w: 32, h: 16, preview: true},
		{name: "webp lossy", file: testdata(t, "image.webp"), mime: "image/webp", typ: "image", w: 64, h: 48, preview: true},
		{name: "webp lossless", file: testdata(t, "image.lossless.webp"), mime: "image/webp", typ: "image", w: 64, h: 48, preview: true},
		{name: "mp4", file: testdata(t, "video.mp4"), mime: "video/mp4", typ: "video", duration: 2, w: 64, h: 48},
		{name: "mp4 moov last", file: testdata(t, "video-moov-last.mp4"), mime: "video/mp4", typ: "video", duration: 2, w: 64, h: 48},
		{name: "mov", file: testdata(t, "video.mov"), mime: "video/quicktime", typ: "video", duration: 2, w: 64, h: 48},
		{name: "webm", file: testdata(t, "video.webm"), mime: "video/webm", typ: "video", duration: 2.008, w: 64, h: 48},
		{name: "mp3 with cover", file: testdata(t, "audio.mp3"), mime: "audio/mpeg", typ: "audio", duration: 2.04, preview: true},
		{name: "mp3 cbr", file: testdata(t, "audio-cbr.mp3"), mime: "audio/mpeg", typ: "audio", duration: 2.04},
		{name: "ogg opus", file: testdata(t, "audio.opus.ogg"), mime: "audio/ogg", typ: "audio", duration: 2},
		{name: "ogg vorbis", file: testdata(t, "audio.vorbis.ogg"), mime: "audio/ogg", typ: "audio", duration: 2},
		{name: "wav", file: testdata(t, "audio.wav"), mime: "audio/wav", typ: "audio", duration: 1},
		{name: "aac", file: testdata(t, "audio.aac"), mime: "audio/aac", typ: "audio", duration: 2.027},
		{name: "m4a with cover", file: testdata(t, "audio.m4a"), mime: "audio/mp4", typ: "audio", duration: 2, preview: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := process(c.file, media.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format.MIME != c.mime || res.Type != c.typ {
				t.Fatalf("got %s %s, want %s %s", res.Format.MIME, res.Type, c.mime, c.typ)
			}
			if (res.Preview != nil) != c.preview {
				t.Fatalf("preview %v, want %v (note %q)", res.Preview != nil, c.preview, res.Note)
			}
			if c.preview && (res.Blurhash == "" || res.Meta.Small == nil) {
				t.Fatalf("preview without blurhash or small meta: %+v", res.Meta)
			}
			if c.duration > 0 && math.Abs(res.Meta.Duration-c.duration) > 0.02 {
				t.Fatalf("duration %v, want %v", res.Meta.Duration, c.duration)
			}
			if c.w > 0 && (res.Meta.Original == nil || res.Meta.Original.Width != c.w || res.Meta.Original.Height != c.h) {
				t.Fatalf("original %+v, want %d×%d", res.Meta.Original, c.w, c.h)
			}
			body, err := io.ReadAll(res.File.Body)
			if err != nil || int64(len(body)) != res.File.Size {
				t.Fatalf("file body %d bytes (%v), size says %d", len(body), err, res.File.Size)
			}
			if c.typ == "video" && res.Note == "" {
				t.Error("a video without a preview frame should say so in Note")
			}
		})
	}
}

// TestImageOrientationAndMetadata: EXIF orientation 6 (rotate 90° clockwise) is applied to
// the pixels, and the EXIF block (with its description marker) is gone from both files.
func TestMediaImageOrientationAndMetadata(t *testing.T) {
	src := withEXIF(jpegOf(t, gradient(400, 200), 95), 6, "SECRET-EXIF-GPS")
	res, err := process(src, media.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Meta.Original; o.Width != 200 || o.Height != 400 || o.Aspect != 0.5 {
		t.Fatalf("original %+v, want 200×400 after rotation", o)
	}
	body, _ := io.ReadAll(res.File.Body)
	prev, _ := io.ReadAll(res.Preview.Body)
	for name, b := range map[string][]byte{"file": body, "preview": prev} {
		if bytes.Contains(b, []byte("SECRET-EXIF")) || bytes.Contains(b, []byte("Exif\x00")) {
			t.Errorf("%s still carries EXIF", name)
		}
	}
	img, _, err := image.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	// The red top-left quarter of the source is now the top-right quarter.
	if r, g, _, _ := img.At(150, 50).RGBA(); r>>8 < 200 || g>>8 > 60 {
		t.Errorf("pixel (150,50) = %d,%d: the rotation was not applied", r>>8, g>>8)
	}
}

// TestPreviewIsBounded: the preview's long side is at most 640 px, and never enlarged.
func TestMediaPreviewIsBounded(t *testing.T) {
	res, err := process(jpegOf(t, gradient(2000, 500), 80), media.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Meta.Small; s.Width != 640 || s.Height != 160 {
		t.Fatalf("small %+v, want 640×160", s)
	}
	res, err = process(pngOf(t, gradient(100, 50)), media.Options{PreviewSize: 640})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Meta.Small; s.Width != 100 || s.Height != 50 {
		t.Fatalf("small %+v, want 100×50", s)
	}
}

// TestAnimatedGIFStaysAnimated: frames and timing survive, the comment block does not.
func TestMediaAnimatedGIFStaysAnimated(t *testing.T) {
	src := animatedGIF(t, 32, 16, 5)
	if !bytes.Contains(src, []byte("SECRET-GIF")) {
		t.Fatal("the sample lacks its comment")
	}
	res, err := process(src, media.Options{})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.File.Body)
	if bytes.Contains(body, []byte("SECRET-GIF")) {
		t.Error("the GIF comment survived")
	}
	g, err := gif.DecodeAll(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 5 || g.Delay[4] != 10 {
		t.Fatalf("%d frames, delays %v", len(g.Image), g.Delay)
	}
	if res.Meta.Original.Duration != 0.5 {
		t.Errorf("duration %v, want 0.5", res.Meta.Original.Duration)
	}
}

// TestVideoMetadataBoxesBlanked: udta (location, device) is renamed to free in the stored
// video, byte for byte otherwise identical.
func TestMediaVideoMetadataBoxesBlanked(t *testing.T) {
	src := syntheticMP4(320, 240, 30, 3, 1000, "+48.8584+002.2945/")
	res, err := process(src, media.Options{})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.File.Body)
	if len(body) != len(src) || bytes.Contains(body, []byte("udta")) {
		t.Fatalf("udta not blanked (len %d vs %d)", len(body), len(src))
	}
	if n := diffBytes(src, body); n != 4 {
		t.Fatalf("%d bytes differ, want 4", n)
	}
	m := res.Meta
	if m.Width != 320 || m.Height != 240 || m.FPS != 30 || m.Original.FrameRate != "30/1" || m.Duration != 3 || m.Length != "0:00:03.00" {
		t.Fatalf("meta %+v %+v", m, m.Original)
	}
}

func diffBytes(a, b []byte) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// TestUnsupportedFormats: HEIC/AVIF (no pure-Go decoder), HTML, text, Matroska, Theora.
func TestMediaUnsupportedFormats(t *testing.T) {
	webm := testdata(t, "video.webm")
	mkv := bytes.Replace(webm, []byte("\x42\x82\x84webm"), []byte("\x42\x82\x84mkvx"), 1)
	cases := map[string][]byte{
		"heic":     append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...),
		"avif":     append([]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), make([]byte, 64)...),
		"html":     []byte("<!doctype html><html><script>alert(1)</script></html>"),
		"svg":      []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
		"text":     []byte("just some words, certainly not a picture"),
		"matroska": mkv,
		"empty":    {},
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := process(b, media.Options{})
			if !errors.Is(err, media.ErrUnsupported) {
				t.Fatalf("got %v, want ErrUnsupported", err)
			}
		})
	}
}
