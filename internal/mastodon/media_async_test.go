package mastodon_test

import (
	"bytes"
	"context"
	"database/sql"
	"image"
	"image/png"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// mediaQueue records the processing jobs the media service enqueues (the jobs package's
// River queue is tested in internal/jobs); the test runs them by hand.
type mediaQueue struct {
	mu  sync.Mutex
	ids []string
}

func (q *mediaQueue) EnqueueMediaProcess(_ context.Context, tx *sql.Tx, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ids = append(q.ids, id)
	return nil
}

func (q *mediaQueue) take() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	ids := q.ids
	q.ids = nil
	return ids
}

// noisyPNG is a picture that does not compress: its PNG is about 4 bytes a pixel.
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.Uint32())
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMediaV2Async(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{AsyncSize: 64 << 10})
	q := &mediaQueue{}
	ms.Queue = q
	alice := a.user("alice")
	tok := a.token(alice, "read", "write")
	video := mediaSample(t, "../media/testdata/video.mp4")

	// v2: a video is stored and queued; 202 with a null url.
	r := a.upload("/api/v2/media", tok, "v.mp4", video, map[string]string{"description": "a clip"})
	if r.Code != http.StatusAccepted {
		t.Fatalf("v2 video: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "MediaAttachment", r.Body.Bytes())
	m := r.obj()
	id := m["id"].(string)
	if m["url"] != nil || m["type"] != "video" || m["description"] != "a clip" {
		t.Fatalf("202 body %v", m)
	}
	if ids := q.take(); len(ids) != 1 || ids[0] != id {
		t.Fatalf("queued %v", ids)
	}
	// 206 while processing, and it cannot be attached yet.
	r = a.do("GET", "/api/v1/media/"+id, tok, nil)
	if r.Code != http.StatusPartialContent || r.obj()["url"] != nil {
		t.Fatalf("while processing: %d %s", r.Code, r.Body.String())
	}
	r = a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "clip", "media_ids": []string{id}})
	wantError(t, r, 422)
	if msg := r.obj()["error"]; msg != "Cannot attach files that have not finished processing. Try again in a moment!" {
		t.Fatalf("attach while processing: %v", msg)
	}

	// The job finishes it: 200 with the processed file; running it again changes nothing.
	if err := ms.ProcessPending(a.ctx, id); err != nil {
		t.Fatal(err)
	}
	r = a.do("GET", "/api/v1/media/"+id, tok, nil)
	if r.Code != 200 {
		t.Fatalf("after processing: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "MediaAttachment", r.Body.Bytes())
	done := r.obj()
	u, _ := done["url"].(string)
	if !strings.HasSuffix(u, ".mp4") || done["meta"].(map[string]any)["original"] == nil {
		t.Fatalf("processed %v", done)
	}
	if got := a.do("GET", strings.TrimPrefix(u, base), tok, nil); got.Code != 200 || got.Header().Get("Content-Type") != "video/mp4" {
		t.Fatalf("GET processed file: %d %s", got.Code, got.Header().Get("Content-Type"))
	}
	if err := ms.ProcessPending(a.ctx, id); err != nil {
		t.Fatal(err)
	}
	if again := a.do("GET", "/api/v1/media/"+id, tok, nil).obj(); again["url"] != u {
		t.Fatalf("second run changed the url: %v", again["url"])
	}
	st := a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "clip", "media_ids": []string{id}})
	if st.Code != 200 || len(st.obj()["media_attachments"].([]any)) != 1 {
		t.Fatalf("attach after processing: %d %s", st.Code, st.Body.String())
	}

	// v1 stays synchronous; a small picture through v2 too; a large one goes to a job.
	if r := a.upload("/api/v1/media", tok, "v.mp4", video, nil); r.Code != 200 || r.obj()["url"] == nil {
		t.Fatalf("v1 video: %d %s", r.Code, r.Body.String())
	}
	if r := a.upload("/api/v2/media", tok, "s.png", mediaPNG(t, 16, 16), nil); r.Code != 200 || r.obj()["url"] == nil {
		t.Fatalf("v2 small picture: %d %s", r.Code, r.Body.String())
	}
	if len(q.take()) != 0 {
		t.Fatal("synchronous uploads were queued")
	}
	big := noisyPNG(t, 200, 200)
	if len(big) <= 64<<10 {
		t.Fatalf("test picture is only %d bytes", len(big))
	}
	r = a.upload("/api/v2/media", tok, "b.png", big, nil)
	if r.Code != http.StatusAccepted || r.obj()["type"] != "image" {
		t.Fatalf("v2 large picture: %d %s", r.Code, r.Body.String())
	}
	for _, id := range q.take() {
		if err := ms.ProcessPending(a.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if r := a.do("GET", "/api/v1/media/"+r.obj()["id"].(string), tok, nil); r.Code != 200 || r.obj()["preview_url"] == nil {
		t.Fatalf("large picture processed: %d %s", r.Code, r.Body.String())
	}

	// Refused at once: the wrong type or size. Refused by the job: a damaged video, which
	// then answers 422 and cannot be attached.
	wantError(t, a.upload("/api/v2/media", tok, "x.mp4", []byte("plain text, not a video at all"), nil), 422)
	damaged := video[:len(video)/3]
	r = a.upload("/api/v2/media", tok, "d.mp4", damaged, nil)
	if r.Code != http.StatusAccepted {
		t.Fatalf("damaged video: %d %s", r.Code, r.Body.String())
	}
	bad := r.obj()["id"].(string)
	for _, id := range q.take() {
		if err := ms.ProcessPending(a.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	wantError(t, a.do("GET", "/api/v1/media/"+bad, tok, nil), 422)
	wantError(t, a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "x", "media_ids": []string{bad}}), 422)
	// Another user's pending upload is not theirs to see.
	bob := a.user("bob")
	wantError(t, a.do("GET", "/api/v1/media/"+bad, a.token(bob, "read", "write"), nil), 404)
}

func TestMediaThumbnail(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{})
	q := &mediaQueue{}
	ms.Queue = q
	alice := a.user("alice")
	tok := a.token(alice, "read", "write")
	audio := mediaSample(t, "../media/testdata/audio.mp3")

	// POST v1 with a thumbnail: the preview is the thumbnail, scaled to fit 640 px.
	r := a.sendFiles("POST", "/api/v1/media", tok, map[string][]byte{"file": audio, "thumbnail": mediaPNG(t, 1280, 320)}, nil)
	if r.Code != 200 {
		t.Fatalf("v1 with thumbnail: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "MediaAttachment", r.Body.Bytes())
	m := r.obj()
	prev, _ := m["preview_url"].(string)
	if m["type"] != "audio" || !strings.Contains(prev, "-thumb.") || m["blurhash"] == nil {
		t.Fatalf("audio with thumbnail %v", m)
	}
	if cfg, _ := a.fetchImage(prev, tok); cfg.Width != 640 || cfg.Height != 160 {
		t.Fatalf("thumbnail %dx%d", cfg.Width, cfg.Height)
	}
	if small := m["meta"].(map[string]any)["small"].(map[string]any); small["width"] != 640.0 {
		t.Fatalf("meta.small %v", small)
	}

	// PUT replaces it (the old one is deleted); a bad thumbnail is 422.
	id := m["id"].(string)
	r = a.sendFiles("PUT", "/api/v1/media/"+id, tok, map[string][]byte{"thumbnail": mediaPNG(t, 50, 100)}, map[string]string{"description": "song"})
	if r.Code != 200 {
		t.Fatalf("PUT thumbnail: %d %s", r.Code, r.Body.String())
	}
	m2 := r.obj()
	if m2["preview_url"] == prev || m2["description"] != "song" {
		t.Fatalf("after PUT %v", m2)
	}
	if got := a.do("GET", strings.TrimPrefix(prev, base), tok, nil); got.Code != 404 {
		t.Fatalf("replaced thumbnail still served: %d", got.Code)
	}
	r = a.sendFiles("PUT", "/api/v1/media/"+id, tok, map[string][]byte{"thumbnail": []byte("not a picture")}, nil)
	wantError(t, r, 422)
	if msg := r.obj()["error"].(string); !strings.HasPrefix(msg, "Validation failed: Thumbnail ") {
		t.Fatalf("error %q", msg)
	}
	wantError(t, a.sendFiles("PUT", "/api/v1/media/"+id, tok, map[string][]byte{"thumbnail": pngBomb()}, nil), 422)
	wantError(t, a.sendFiles("POST", "/api/v1/media", tok, map[string][]byte{"file": audio, "thumbnail": pngBomb()}, nil), 422)
	// A picture has no thumbnail.
	pic := a.upload("/api/v1/media", tok, "p.png", mediaPNG(t, 20, 20), nil).obj()
	wantError(t, a.sendFiles("PUT", "/api/v1/media/"+pic["id"].(string), tok, map[string][]byte{"thumbnail": mediaPNG(t, 10, 10)}, nil), 422)

	// v2: the thumbnail is there at once and the job keeps it.
	r = a.sendFiles("POST", "/api/v2/media", tok, map[string][]byte{"file": mediaSample(t, "../media/testdata/video.mp4"), "thumbnail": mediaPNG(t, 300, 200)}, nil)
	if r.Code != http.StatusAccepted {
		t.Fatalf("v2 with thumbnail: %d %s", r.Code, r.Body.String())
	}
	v := r.obj()
	thumb, _ := v["preview_url"].(string)
	if v["url"] != nil || !strings.Contains(thumb, "-thumb.") {
		t.Fatalf("v2 with thumbnail %v", v)
	}
	for _, id := range q.take() {
		if err := ms.ProcessPending(a.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if done := a.do("GET", "/api/v1/media/"+v["id"].(string), tok, nil).obj(); done["url"] == nil || done["preview_url"] != thumb {
		t.Fatalf("processed video %v", done)
	}
}

// Two statuses racing for one upload: the claim is made inside each status's transaction, so
// exactly one of them is stored, with the upload, and the other is refused and not stored.
func TestMediaAttachRace(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.withMedia(media.Options{})
	alice := a.user("alice")
	tok := a.token(alice, "read", "write")
	for round := range 4 {
		id := a.upload("/api/v1/media", tok, "p.png", mediaPNG(t, 8, 8), nil).obj()["id"].(string)
		codes := make([]int, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				r := a.do("POST", "/api/v1/statuses", tok, map[string]any{"status": "racing", "media_ids": []string{id}})
				codes[i] = r.Code
			}()
		}
		close(start)
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 422 || codes[0] == 422 && codes[1] == 200) {
			t.Fatalf("round %d: %v", round, codes)
		}
	}
	// Four statuses stored, each with its own upload.
	r := a.do("GET", "/api/v1/accounts/"+alice.ID+"/statuses", tok, nil)
	var list []map[string]any
	r.json(&list)
	seen := map[string]bool{}
	for _, st := range list {
		media := st["media_attachments"].([]any)
		if len(media) != 1 {
			t.Fatalf("status with %d attachments", len(media))
		}
		seen[media[0].(map[string]any)["id"].(string)] = true
	}
	if len(list) != 4 || len(seen) != 4 {
		t.Fatalf("%d statuses, %d uploads", len(list), len(seen))
	}
}
