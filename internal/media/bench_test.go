package media_test

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/media"
)

// peakHeap samples the live heap every millisecond until stop is called, and returns the
// highest value seen above the heap at the start, in bytes.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base, peak := read(), uint64(0)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		if peak < base {
			return 0
		}
		return peak - base
	}
}

// photo is a w×h JPEG with camera-like noise, so that it compresses like a photograph.
func photo(b *testing.B, w, h int) []byte {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	r := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Y[y*img.YStride+x] = uint8((x*255/w+y*255/h)/2 + r.IntN(24))
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = uint8(96+r.IntN(64)), uint8(96+r.IntN(64))
	}
	return jpegOf(b, img, 90)
}

// benchUpload measures upload-to-ready (Service.Upload: sniff, limits, processing, storing
// the files, the database row) and the peak heap of one upload.
func benchUpload(b *testing.B, file []byte) {
	s := newService(b)
	s.Options = media.Options{MaxImageSize: 64 << 20}
	alice := newUser(b, s.Store, "alice")
	ctx := context.Background()
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		stop := peakHeap()
		if _, err := s.Upload(ctx, alice, bytes.NewReader(file), int64(len(file)), media.Attributes{}); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, stop())
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(len(file))/(1<<20), "file-MB")
}

// BenchmarkMediaUploadJPEG12MP: a 4000 × 3000 photograph.
func BenchmarkMediaUploadJPEG12MP(b *testing.B) {
	benchUpload(b, photo(b, 4000, 3000))
}

// BenchmarkMediaUploadVideo20MB: a 20 MB MP4 (container headers and 20 MB of sample data).
func BenchmarkMediaUploadVideo20MB(b *testing.B) {
	benchUpload(b, syntheticMP4(1920, 1080, 30, 60, 20<<20, "x"))
}

// BenchmarkMediaUploadJPEG12MPRotated: the same photograph with EXIF orientation 6, which
// costs a full RGBA copy for the rotation.
func BenchmarkMediaUploadJPEG12MPRotated(b *testing.B) {
	benchUpload(b, withEXIF(photo(b, 4000, 3000), 6, "camera"))
}

// nopQueue accepts processing jobs without running them.
type nopQueue struct{}

func (nopQueue) EnqueueMediaProcess(context.Context, *sql.Tx, string) error { return nil }

// benchUploadAsync measures what POST /api/v2/media waits for when the file goes to a job
// (Service.UploadAsync: sniff, limits, storing the file as received, row and job), then the
// job (ProcessPending: reading it back, processing, storing, finishing the row).
func benchUploadAsync(b *testing.B, file []byte) {
	s := newService(b)
	s.Options = media.Options{MaxImageSize: 64 << 20}
	s.Queue = nopQueue{}
	alice := newUser(b, s.Store, "alice")
	ctx := context.Background()
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	var answer, job time.Duration
	for b.Loop() {
		t0 := time.Now()
		m, err := s.UploadAsync(ctx, alice, bytes.NewReader(file), int64(len(file)), media.Attributes{})
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if m.ProcessedAt != nil {
			b.Fatal("processed in the request")
		}
		if err := s.ProcessPending(ctx, m.ID); err != nil {
			b.Fatal(err)
		}
		answer, job = answer+t1.Sub(t0), job+time.Since(t1)
	}
	b.ReportMetric(float64(answer.Milliseconds())/float64(b.N), "answer-ms")
	b.ReportMetric(float64(job.Milliseconds())/float64(b.N), "job-ms")
}

// BenchmarkMediaUploadAsyncJPEG12MP: the photograph through POST /api/v2/media (over AsyncSize).
func BenchmarkMediaUploadAsyncJPEG12MP(b *testing.B) {
	benchUploadAsync(b, photo(b, 4000, 3000))
}

// BenchmarkMediaUploadAsyncVideo20MB: the 20 MB MP4 through POST /api/v2/media.
func BenchmarkMediaUploadAsyncVideo20MB(b *testing.B) {
	benchUploadAsync(b, syntheticMP4(1920, 1080, 30, 60, 20<<20, "x"))
}
