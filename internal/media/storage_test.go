package media_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/egregoros/egregoros/internal/media"
)

// newS3 starts an S3-compatible server in this process and returns a Storage on a bucket of it.
func newS3(t testing.TB) *media.S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("uploads"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server())
	t.Cleanup(srv.Close)
	s, err := media.NewS3(media.S3Options{Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: "uploads",
		AccessKey: "key", SecretKey: "secret", Region: "us-east-1", PathStyle: true, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStorages runs the same contract on the disk and the S3 storage.
func TestMediaStorages(t *testing.T) {
	disk, err := media.NewDisk(t.TempDir(), base+"/")
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	for name, s := range map[string]media.Storage{"disk": disk, "s3": newS3(t)} {
		t.Run(name, func(t *testing.T) { storageContract(t, s) })
	}
}

func storageContract(t *testing.T, s media.Storage) {
	ctx := context.Background()
	data := bytes.Repeat([]byte("0123456789"), 10000)
	key := "media/01ABC/f00d.mp4"
	if err := s.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "video/mp4"); err != nil {
		t.Fatal(err)
	}
	b, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if b.Size != int64(len(data)) || b.ModTime.IsZero() {
		t.Fatalf("size %d modtime %v", b.Size, b.ModTime)
	}
	if _, err := b.Seek(50005, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 10)
	if _, err := io.ReadFull(b, part); err != nil || string(part) != "5678901234" {
		t.Fatalf("after seek: %q %v", part, err)
	}
	b.Close()
	if got := s.URL(key); got != base+"/uploads/"+key {
		t.Fatalf("URL %s", got)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, media.ErrNotFound) {
		t.Fatalf("open after delete: %v", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("deleting a missing file: %v", err)
	}
	for _, bad := range []string{"../escape", "media/../../etc/passwd", "/abs", "media//x", "media/.hidden", ""} {
		if err := s.Put(ctx, bad, strings.NewReader("x"), 1, "text/plain"); err == nil {
			t.Errorf("key %q was accepted", bad)
		}
	}
	// A short body is an error (on S3 only after minio-go's retries, seconds: not run there).
	if _, isDisk := s.(*media.Disk); isDisk && s.Put(ctx, "media/short/x.bin", strings.NewReader("abc"), 10, "application/octet-stream") == nil {
		t.Error("a short body was accepted")
	}
}
