package mastodon_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// remoteFiles is a remote server's media: a good picture and hostile files.
func remoteFiles(t *testing.T) *httptest.Server {
	t.Helper()
	good, big := mediaPNG(t, 100, 80), noisyPNG(t, 200, 200)
	var gz bytes.Buffer // a gzip bomb: 64 MB of zeros in a few kB, sent as a picture
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(make([]byte, 64<<20))
	_ = zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(good)
		case "/big.png": // over the image size limit of the test
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(big)
		case "/page.png": // a web page pretending to be a picture
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write([]byte("<html><script>alert(1)</script></html>"))
		case "/bomb.png": // 50,000 × 50,000 pixels claimed
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(pngBomb())
		case "/gzip.png":
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write(gz.Bytes())
		case "/endless.png": // never-ending body
			w.Header().Set("Content-Type", "image/png")
			chunk := make([]byte, 64<<10)
			for range 1 << 12 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// cacheRemoteNote delivers a remote note with attachments at these URLs, addressed as given.
func (a *api) cacheRemoteNote(author *store.User, n string, urls []string, to, cc []any) *store.Object {
	a.t.Helper()
	id := author.APID + "/notes/" + n
	var att []any
	for i, u := range urls {
		att = append(att, map[string]any{"type": "Document", "mediaType": "image/png", "url": u, "name": "file " + string(rune('a'+i))})
	}
	note := map[string]any{"id": id, "type": "Note", "attributedTo": author.APID, "content": "media", "to": to, "cc": cc,
		"attachment": att, "published": time.Now().UTC().Format(time.RFC3339)}
	create := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": id + "/activity", "type": "Create",
		"actor": author.APID, "to": to, "cc": cc, "object": note}
	if _, err := a.svc.Pipeline.Ingest(a.ctx, create, activity.Origin{Source: activity.Inbox}); err != nil {
		a.t.Fatal(err)
	}
	o, err := a.st.ObjectByAPID(a.ctx, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return o
}

func TestMediaCacheOfRemotePosts(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{MaxImageSize: 64 << 10, MaxVideoSize: 1 << 20, MaxAudioSize: 1 << 20})
	remote := remoteFiles(t)
	ms.Remote = safehttp.New(safehttp.Options{AllowPrivate: true}) // the httptest server is on 127.0.0.1
	ms.CacheFor = 7 * 24 * time.Hour
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read"), a.token(bob, "read")
	carol := a.acctRemote("carol", "remote.test")

	names := []string{"ok.png", "big.png", "page.png", "bomb.png", "gzip.png", "endless.png", "missing.png"}
	var urls []string
	for _, n := range names {
		urls = append(urls, remote.URL+"/"+n)
	}
	pub := a.cacheRemoteNote(carol, "1", urls, []any{ap.Public}, []any{carol.FollowersURL})
	if err := ms.CacheRemote(a.ctx, pub.APID+"/activity"); err != nil { // as the job does, by the activity id
		t.Fatal(err)
	}
	if err := ms.CacheRemote(a.ctx, pub.APID); err != nil { // again: nothing new
		t.Fatal(err)
	}
	rows, err := a.st.MediaByStatuses(a.ctx, []string{pub.APID})
	if err != nil || len(rows[pub.APID]) != 1 || rows[pub.APID][0].RemoteURL != urls[0] {
		t.Fatalf("cached rows %v %v", rows[pub.APID], err)
	}

	// The client API shows the copy of the good file; the refused ones keep their remote URL.
	r := a.do("GET", "/api/v1/statuses/"+pub.ID, at, nil)
	acctSchema(t, "Status", r.Body.Bytes())
	list := r.obj()["media_attachments"].([]any)
	if len(list) != len(names) {
		t.Fatalf("%d attachments", len(list))
	}
	first := list[0].(map[string]any)
	u, _ := first["url"].(string)
	prev, _ := first["preview_url"].(string)
	if !strings.HasPrefix(u, base+"/uploads/media/") || !strings.HasPrefix(prev, base+"/uploads/media/") ||
		first["remote_url"] != urls[0] || first["description"] != "file a" || first["blurhash"] == nil ||
		first["meta"].(map[string]any)["original"] == nil {
		t.Fatalf("cached attachment %v", first)
	}
	for i, m := range list[1:] {
		m := m.(map[string]any)
		if m["url"] != urls[i+1] || m["remote_url"] != urls[i+1] {
			t.Fatalf("refused %s rendered %v", names[i+1], m)
		}
	}
	if cfg, _ := a.fetchImage(u); cfg.Width != 100 || cfg.Height != 80 {
		t.Fatalf("cached copy %dx%d", cfg.Width, cfg.Height)
	}

	// A followers-only post addressed to alice: its copy is served to alice only.
	priv := a.cacheRemoteNote(carol, "2", urls[:1], []any{carol.FollowersURL}, []any{alice.APID})
	if err := ms.CacheRemote(a.ctx, priv.APID); err != nil {
		t.Fatal(err)
	}
	r = a.do("GET", "/api/v1/statuses/"+priv.ID, at, nil)
	pu := r.obj()["media_attachments"].([]any)[0].(map[string]any)["url"].(string)
	if !strings.HasPrefix(pu, base+"/uploads/media/") || pu == u {
		t.Fatalf("private copy %q", pu)
	}
	path := strings.TrimPrefix(pu, base)
	if got := a.do("GET", path, at, nil); got.Code != 200 || got.Header().Get("Cache-Control") != "private, no-store" {
		t.Fatalf("alice: %d %s", got.Code, got.Header().Get("Cache-Control"))
	}
	for who, tok := range map[string]string{"anonymous": "", "bob": bt} {
		if got := a.do("GET", path, tok, nil); got.Code != 404 {
			t.Fatalf("%s reads the private copy: %d", who, got.Code)
		}
	}

	// Pruned by age: the copies go, the posts show the remote files again.
	ms.CacheFor = time.Nanosecond
	if n, err := ms.PruneCache(a.ctx); err != nil || n != 2 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	ms.CacheFor = 7 * 24 * time.Hour
	if got := a.do("GET", strings.TrimPrefix(u, base), "", nil); got.Code != 404 {
		t.Fatalf("pruned copy served: %d", got.Code)
	}
	r = a.do("GET", "/api/v1/statuses/"+pub.ID, at, nil)
	if m := r.obj()["media_attachments"].([]any)[0].(map[string]any); m["url"] != urls[0] {
		t.Fatalf("after pruning %v", m)
	}

	// The fetch goes through safehttp: without the private-address opt-in, a file on a
	// loopback address is never fetched.
	ms.Remote = safehttp.New(safehttp.Options{})
	local := a.cacheRemoteNote(carol, "4", urls[:1], []any{ap.Public}, nil)
	if err := ms.CacheRemote(a.ctx, local.APID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := a.st.MediaByStatuses(a.ctx, []string{local.APID}); len(rows[local.APID]) != 0 {
		t.Fatal("fetched a file from a loopback address")
	}

	// Off: nothing is fetched.
	ms.Remote = nil
	third := a.cacheRemoteNote(carol, "3", urls[:1], []any{ap.Public}, nil)
	if err := ms.CacheRemote(a.ctx, third.APID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := a.st.MediaByStatuses(a.ctx, []string{third.APID}); len(rows[third.APID]) != 0 {
		t.Fatal("cached with the cache off")
	}
}
