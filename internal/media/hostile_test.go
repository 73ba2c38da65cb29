package media_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// samples are real files of every accepted format.
func samples(t *testing.T) map[string][]byte {
	return map[string][]byte{
		"jpeg": jpegOf(t, gradient(300, 200), 90), "png": pngOf(t, gradient(300, 200)),
		"gif": animatedGIF(t, 64, 64, 4), "webp": testdata(t, "image.webp"),
		"mp4": testdata(t, "video.mp4"), "mp4 moov last": testdata(t, "video-moov-last.mp4"),
		"mov": testdata(t, "video.mov"), "webm": testdata(t, "video.webm"), "mp3": testdata(t, "audio.mp3"),
		"mp3 cbr": testdata(t, "audio-cbr.mp3"), "opus": testdata(t, "audio.opus.ogg"),
		"vorbis": testdata(t, "audio.vorbis.ogg"), "wav": testdata(t, "audio.wav"), "aac": testdata(t, "audio.aac"),
		"m4a": testdata(t, "audio.m4a"),
	}
}

// TestTruncatedFilesAreRefused cuts every sample short: each is refused as damaged (never a
// panic, never accepted with a bogus duration).
func TestMediaTruncatedFilesAreRefused(t *testing.T) {
	for name, b := range samples(t) {
		for _, cut := range []int{len(b) / 2, len(b) * 2 / 3} {
			_, err := process(b[:cut], media.Options{})
			if !errors.Is(err, media.ErrCorrupt) {
				t.Errorf("%s cut to %d of %d bytes: got %v, want ErrCorrupt", name, cut, len(b), err)
			}
		}
	}
	// Containers that state their length are refused even one byte short.
	for _, name := range []string{"mp4", "mp4 moov last", "mov", "webm", "mp3", "opus", "vorbis", "wav", "aac", "m4a"} {
		b := samples(t)[name]
		if _, err := process(b[:len(b)-1], media.Options{}); !errors.Is(err, media.ErrCorrupt) {
			t.Errorf("%s one byte short: got %v, want ErrCorrupt", name, err)
		}
	}
}

// TestEveryPrefixIsHandled feeds every prefix of small samples: the parsers must never panic
// or read out of bounds, whatever they decide.
func TestMediaEveryPrefixIsHandled(t *testing.T) {
	for name, b := range samples(t) {
		if len(b) > 20000 {
			b = b[:20000]
		}
		step := max(1, len(b)/400)
		for n := 0; n < len(b); n += step {
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("%s prefix %d: panic %v", name, n, v)
					}
				}()
				_, _ = process(b[:n], media.Options{})
			}()
		}
	}
}

// TestDecompressionBombIsRefusedBeforeDecoding: a PNG header claiming 50,000 × 50,000 pixels
// (10 GB of RGBA) is refused from its header, allocating almost nothing.
func TestMediaDecompressionBombIsRefusedBeforeDecoding(t *testing.T) {
	bomb := pngHeader(50000, 50000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := process(bomb, media.Options{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, media.ErrTooManyPixels) {
		t.Fatalf("got %v, want ErrTooManyPixels", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Fatalf("refusing the bomb allocated %d bytes", alloc)
	}
	// Avatars go through the same check.
	_, _, err = media.ProcessProfile(t.Context(), bytes.NewReader(bomb), int64(len(bomb)), 400, 400, media.Options{})
	if !errors.Is(err, media.ErrTooManyPixels) {
		t.Fatalf("avatar: got %v, want ErrTooManyPixels", err)
	}
}

// TestGIFBombIsRefused: many frames of a modest size add up; the sum is bounded before any
// frame is decoded.
func TestMediaGIFBombIsRefused(t *testing.T) {
	g := animatedGIF(t, 200, 200, 40) // 40 × 40,000 = 1.6 M pixels
	_, err := process(g, media.Options{MaxAnimationPixels: 1 << 20})
	if !errors.Is(err, media.ErrTooManyPixels) {
		t.Fatalf("got %v, want ErrTooManyPixels", err)
	}
}

// TestOversizedFilesAreRefused: each class has its own limit.
func TestMediaOversizedFilesAreRefused(t *testing.T) {
	opts := media.Options{MaxImageSize: 1000, MaxVideoSize: 5000, MaxAudioSize: 2000}
	for name, b := range map[string][]byte{"jpeg": jpegOf(t, gradient(300, 200), 90), "mp4": testdata(t, "video.mp4"),
		"wav": testdata(t, "audio.wav"), "m4a (video-sized limit would pass)": testdata(t, "audio.m4a")} {
		if _, err := process(b, opts); !errors.Is(err, media.ErrTooLarge) {
			t.Errorf("%s: got %v, want ErrTooLarge", name, err)
		}
	}
	// The same files pass with the defaults.
	if _, err := process(testdata(t, "audio.m4a"), media.Options{}); err != nil {
		t.Fatal(err)
	}
}

// TestPolyglotsLoseTheirPayload: whatever rides along in a picture (HTML after the image
// data, a ZIP, script in a comment) is gone after re-encoding; a GIF header glued to script is
// refused.
func TestMediaPolyglotsLoseTheirPayload(t *testing.T) {
	payload := []byte("<html><script>alert(document.cookie)</script></html>PK\x03\x04")
	for name, b := range map[string][]byte{
		"jpeg+html": append(jpegOf(t, gradient(64, 64), 90), payload...),
		"png+html":  append(pngOf(t, gradient(64, 64)), payload...),
		"gif+html":  append(animatedGIF(t, 16, 16, 2), payload...),
	} {
		res, err := process(b, media.Options{})
		if err != nil {
			if errors.Is(err, media.ErrCorrupt) {
				continue // refusing is as good
			}
			t.Fatalf("%s: %v", name, err)
		}
		out, _ := io.ReadAll(res.File.Body)
		if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte("PK\x03\x04")) {
			t.Errorf("%s: the payload survived", name)
		}
	}
	gifar := []byte("GIF89a/*\x00\x00*/=alert(1)//")
	if _, err := process(gifar, media.Options{}); !errors.Is(err, media.ErrCorrupt) {
		t.Errorf("GIF header + script: got %v, want ErrCorrupt", err)
	}
}

// TestLyingContainersAreRefused: boxes and elements whose sizes run past the file, videos
// over the pixel or frame-rate limits, a damaged Ogg CRC.
func TestMediaLyingContainersAreRefused(t *testing.T) {
	mp4 := syntheticMP4(64, 48, 30, 1, 100, "x")
	huge := append([]byte{}, mp4...)
	copy(huge[len(huge)-108:], []byte{0x7F, 0xFF, 0xFF, 0xFF}) // the mdat claims 2 GB
	opus := append([]byte{}, testdata(t, "audio.opus.ogg")...)
	opus[30] ^= 0xFF // inside the first page: its CRC no longer matches
	wav := append([]byte{}, testdata(t, "audio.wav")...)
	d := bytes.Index(wav, []byte("data"))
	copy(wav[d+4:d+8], []byte{0xFF, 0xFF, 0xFF, 0x7F}) // a data chunk of 2 GB
	cases := map[string]struct {
		b    []byte
		want error
	}{
		"mp4 box past the end": {huge, media.ErrCorrupt},
		"mp4 8K video":         {syntheticMP4(7680, 4320, 30, 1, 100, "x"), media.ErrTooManyPixels},
		"mp4 240 fps":          {syntheticMP4(640, 480, 240, 1, 100, "x"), media.ErrTooManyPixels},
		"mp4 without moov":     {append(mp4Box("ftyp", []byte("isom\x00\x00\x00\x00")), mp4Box("mdat", make([]byte, 64))...), media.ErrCorrupt},
		"ogg bad crc":          {opus, media.ErrCorrupt},
		"wav data past end":    {wav, media.ErrCorrupt},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := process(c.b, media.Options{}); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}
