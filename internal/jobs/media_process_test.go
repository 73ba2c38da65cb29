package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// crashOnce is the media service, except that its first processing run dies halfway: its
// storage panics right after writing the processed file, before the row is updated.
type crashOnce struct {
	ms    *media.Service
	runs  atomic.Int32
	ready chan struct{}
}

func (c *crashOnce) CachesRemote() bool { return false }
func (c *crashOnce) CacheRemote(ctx context.Context, id string) error {
	return c.ms.CacheRemote(ctx, id)
}

type panicAfterPut struct{ media.Storage }

func (p panicAfterPut) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	if err := p.Storage.Put(ctx, key, r, size, ct); err != nil {
		return err
	}
	panic("simulated crash after writing " + key)
}

func (c *crashOnce) ProcessPending(ctx context.Context, id string) error {
	if c.runs.Add(1) == 1 {
		dying := *c.ms
		dying.Storage = panicAfterPut{c.ms.Storage}
		return dying.ProcessPending(ctx, id)
	}
	err := c.ms.ProcessPending(ctx, id)
	if err == nil {
		close(c.ready)
	}
	return err
}

func TestMediaProcessingJobSurvivesACrash(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	_, j := setup(t, st, &sentLog{ch: make(chan string, 8)}, 1)
	disk, err := media.NewDisk(t.TempDir(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	ms := &media.Service{Store: st, Storage: disk, Queue: j}
	c := &crashOnce{ms: ms, ready: make(chan struct{})}
	j.UseMedia(c)
	owner := &store.User{APID: base + "/users/alice", Nickname: "alice", Local: true}
	if err := st.CreateUser(ctx, owner); err != nil {
		t.Fatal(err)
	}
	video, err := os.ReadFile("../media/testdata/video.mp4")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ms.UploadAsync(ctx, owner, bytesReaderAt(video), int64(len(video)), media.Attributes{})
	if err != nil {
		t.Fatal(err)
	}
	if m.ProcessedAt != nil {
		t.Fatal("a video was processed in the request")
	}
	var queued int
	if err := st.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'media_process'`).Scan(&queued); err != nil || queued != 1 {
		t.Fatalf("%d processing jobs (%v)", queued, err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	select {
	case <-c.ready:
	case <-time.After(60 * time.Second):
		t.Fatalf("not processed after %d runs", c.runs.Load())
	}
	got, err := st.MediaByID(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ProcessedAt == nil || got.Kind != media.TypeVideo || got.FileKey == m.FileKey || c.runs.Load() != 2 {
		t.Fatalf("after the retry: %+v (%d runs)", got, c.runs.Load())
	}
	if _, err := disk.Open(ctx, m.FileKey); err == nil {
		t.Fatal("the file as uploaded was kept after processing")
	}
	if _, err := disk.Open(ctx, got.FileKey); err != nil {
		t.Fatalf("processed file: %v", err)
	}
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// cacheLog is a media service with the cache on that records what it is asked to cache.
type cacheLog struct{ ids chan string }

func (c *cacheLog) ProcessPending(context.Context, string) error { return nil }
func (c *cacheLog) CachesRemote() bool                           { return true }
func (c *cacheLog) CacheRemote(_ context.Context, apID string) error {
	c.ids <- apID
	return nil
}

func TestIngestedRemotePostsAreCached(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	_, j := setup(t, st, &sentLog{ch: make(chan string, 8)}, 1)
	c := &cacheLog{ids: make(chan string, 8)}
	j.UseMedia(c)
	author := "https://remote.test/users/carol"
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: author, Nickname: "carol", Domain: "remote.test",
		Inbox: author + "/inbox"}); err != nil {
		t.Fatal(err)
	}
	post := func(n string, attachment []any) []byte {
		id := "https://remote.test/notes/" + n
		note := map[string]any{"id": id, "type": "Note", "attributedTo": author, "content": "x",
			"to": []any{"https://www.w3.org/ns/activitystreams#Public"}, "attachment": attachment}
		raw, _ := json.Marshal(map[string]any{"id": id + "/activity", "type": "Create", "actor": author,
			"to": note["to"], "object": note})
		return raw
	}
	if err := j.EnqueueIngest(ctx, post("plain", nil), ""); err != nil {
		t.Fatal(err)
	}
	if err := j.EnqueueIngest(ctx, post("pic", []any{map[string]any{"type": "Document", "url": "https://remote.test/a.png"}}), ""); err != nil {
		t.Fatal(err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	select {
	case id := <-c.ids:
		if id != "https://remote.test/notes/pic" {
			t.Fatalf("cached %s", id)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no caching job ran")
	}
	select {
	case id := <-c.ids:
		t.Fatalf("a post without media was cached too: %s", id)
	case <-time.After(time.Second):
	}
}
