package media_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// FuzzMediaProcess feeds arbitrary bytes, seeded with a sample of every format, to Process:
// it may refuse anything but must never panic, hang or accept a file without a stored body
// of the stated size.
func FuzzMediaProcess(f *testing.F) {
	for _, name := range []string{"video.mp4", "video-moov-last.mp4", "video.mov", "video.webm", "audio.mp3",
		"audio-cbr.mp3", "audio.opus.ogg", "audio.vorbis.ogg", "audio.wav", "audio.aac", "audio.m4a", "image.webp", "cover.png"} {
		f.Add(testdata(f, name))
	}
	f.Add(syntheticMP4(32, 32, 10, 1, 16, "x"))
	f.Add(pngHeader(50000, 50000))
	opts := media.Options{MaxImagePixels: 1 << 20, MaxAnimationPixels: 1 << 22}
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := process(b, opts)
		if err != nil {
			return
		}
		n, err := io.Copy(io.Discard, res.File.Body)
		if err != nil || n != res.File.Size {
			t.Fatalf("body %d bytes (%v), size %d", n, err, res.File.Size)
		}
		if res.Preview != nil {
			if _, err := io.Copy(io.Discard, res.Preview.Body); err != nil {
				t.Fatal(err)
			}
		}
		_, _ = media.Sniff(bytes.Clone(b[:min(len(b), 64)]))
	})
}
