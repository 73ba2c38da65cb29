package mastodon_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// withMedia gives the API a media service storing under a temporary directory.
func (a *api) withMedia(o media.Options) *media.Service {
	a.t.Helper()
	disk, err := media.NewDisk(a.t.TempDir(), base)
	if err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() { disk.Close() })
	ms := &media.Service{Store: a.st, Storage: disk, Options: o}
	a.svc.UseMedia(ms)
	return ms
}

// upload POSTs a multipart form with file (named name) and the given fields.
func (a *api) upload(path, token, name string, file []byte, fields map[string]string) response {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(file)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec, a.t}
}

func mediaPNG(t *testing.T, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.NRGBA{0, 0, 0, 0})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wantAttachment checks the MediaAttachment entity: exactly the documented keys, with the
// documented types (id and type strings, the URLs strings or null, remote_url null here).
func wantAttachment(t *testing.T, m map[string]any, typ string) {
	t.Helper()
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "blurhash,description,id,meta,preview_url,remote_url,type,url" {
		t.Fatalf("keys %s", got)
	}
	if m["type"] != typ || m["remote_url"] != nil {
		t.Fatalf("type %v remote_url %v", m["type"], m["remote_url"])
	}
	if u, _ := m["url"].(string); !strings.HasPrefix(u, base+"/uploads/media/") {
		t.Fatalf("url %v", m["url"])
	}
	if _, ok := m["meta"].(map[string]any); !ok {
		t.Fatalf("meta %v", m["meta"])
	}
}

func TestMediaUpload(t *testing.T) {
	a := newAPI(t)
	a.withMedia(media.Options{})
	alice := a.user("alice")
	tok := a.token(alice, "write:media")

	// A PNG named .jpg is a PNG: names are never trusted.
	r := a.upload("/api/v1/media", tok, "cat.jpg", mediaPNG(t, 800, 400), map[string]string{"description": "a cat", "focus": "0.5,-0.25"})
	if r.Code != http.StatusOK {
		t.Fatalf("v1: %d %s", r.Code, r.Body)
	}
	m := r.obj()
	wantAttachment(t, m, "image")
	if !strings.HasSuffix(m["url"].(string), ".png") || m["description"] != "a cat" || m["blurhash"] == nil {
		t.Fatalf("%v", m)
	}
	meta := m["meta"].(map[string]any)
	if meta["original"].(map[string]any)["width"] != 800.0 || meta["small"].(map[string]any)["width"] != 640.0 ||
		meta["focus"].(map[string]any)["y"] != -0.25 {
		t.Fatalf("meta %v", meta)
	}

	// v2 processes synchronously too, so it answers 200 with the finished attachment.
	r = a.upload("/api/v2/media", tok, "clip.mp4", mediaSample(t, "../media/testdata/video.mp4"), nil)
	if r.Code != http.StatusOK {
		t.Fatalf("v2: %d %s", r.Code, r.Body)
	}
	v := r.obj()
	wantAttachment(t, v, "video")
	if v["preview_url"] != nil || v["meta"].(map[string]any)["duration"] != 2.0 {
		t.Fatalf("video %v", v)
	}
	r = a.upload("/api/v2/media", tok, "song.mp3", mediaSample(t, "../media/testdata/audio.mp3"), nil)
	if r.Code != http.StatusOK || r.obj()["type"] != "audio" {
		t.Fatalf("audio: %d %s", r.Code, r.Body)
	}
}

func TestMediaUploadRefusals(t *testing.T) {
	a := newAPI(t)
	a.withMedia(media.Options{MaxImageSize: 50 << 10, MaxVideoSize: 60 << 10, MaxAudioSize: 60 << 10})
	alice := a.user("alice")
	tok := a.token(alice, "write:media")
	readOnly := a.token(alice, "read")

	if r := a.upload("/api/v1/media", "", "a.png", mediaPNG(t, 8, 8), nil); r.Code != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", r.Code)
	}
	if r := a.upload("/api/v1/media", readOnly, "a.png", mediaPNG(t, 8, 8), nil); r.Code != http.StatusForbidden {
		t.Fatalf("read scope: %d", r.Code)
	}
	cases := map[string]struct {
		name   string
		file   []byte
		fields map[string]string
		status int
	}{
		"no file":            {status: 422},
		"html named .jpg":    {"x.jpg", []byte("<html><script>alert(1)</script></html>"), nil, 422},
		"truncated png":      {"a.png", mediaPNG(t, 64, 64)[:200], nil, 422},
		"bomb header":        {"a.png", mediaPNG(t, 8, 8)[:33], nil, 422},
		"over image limit":   {"big.png", bytes.Repeat([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 8<<10), nil, 422},
		"over body limit":    {"huge.mp4", make([]byte, 2<<20), nil, http.StatusRequestEntityTooLarge},
		"description 1501":   {"a.png", mediaPNG(t, 8, 8), map[string]string{"description": strings.Repeat("x", 1501)}, 422},
		"focus out of range": {"a.png", mediaPNG(t, 8, 8), map[string]string{"focus": "1.5,0"}, 422},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := a.upload("/api/v2/media", tok, c.name, c.file, c.fields)
			wantError(t, r, c.status)
		})
	}
}

func TestMediaShowAndUpdate(t *testing.T) {
	a := newAPI(t)
	a.withMedia(media.Options{})
	alice, bob := a.user("alice"), a.user("bob")
	tok, bobTok := a.token(alice, "write"), a.token(bob, "write:media")
	id := a.upload("/api/v2/media", tok, "a.png", mediaPNG(t, 20, 10), nil).obj()["id"].(string)

	if r := a.do("GET", "/api/v1/media/"+id, tok, nil); r.Code != http.StatusOK || r.obj()["id"] != id {
		t.Fatalf("owner GET: %d %s", r.Code, r.Body)
	}
	wantError(t, a.do("GET", "/api/v1/media/"+id, bobTok, nil), http.StatusNotFound)
	wantError(t, a.do("GET", "/api/v1/media/nope", tok, nil), http.StatusNotFound)
	wantError(t, a.do("PUT", "/api/v1/media/"+id, bobTok, url.Values{"description": {"mine now"}}), http.StatusNotFound)

	r := a.do("PUT", "/api/v1/media/"+id, tok, map[string]any{"description": "a red square", "focus": "-1,1"})
	if r.Code != http.StatusOK {
		t.Fatalf("PUT: %d %s", r.Code, r.Body)
	}
	m := r.obj()
	if m["description"] != "a red square" || m["meta"].(map[string]any)["focus"].(map[string]any)["x"] != -1.0 {
		t.Fatalf("%v", m)
	}
	wantError(t, a.do("PUT", "/api/v1/media/"+id, tok, url.Values{"description": {strings.Repeat("é", 1501)}}), 422)
	wantError(t, a.do("PUT", "/api/v1/media/"+id, tok, url.Values{"focus": {"0,2"}}), 422)
}

// TestUploadsThroughTheRouter: /uploads/ is mounted on the API's mux and reads the bearer
// token: an unattached upload is its owner's alone.
func TestMediaUploadsThroughTheRouter(t *testing.T) {
	a := newAPI(t)
	ms := a.withMedia(media.Options{})
	alice, bob := a.user("alice"), a.user("bob")
	tok := a.token(alice, "read", "write")
	m := a.upload("/api/v2/media", tok, "a.png", mediaPNG(t, 20, 10), nil).obj()
	path := strings.TrimPrefix(m["url"].(string), base)
	get := func(token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec
	}
	if r := get(tok); r.Code != http.StatusOK || r.Header().Get("Content-Type") != "image/png" ||
		r.Header().Get("Content-Security-Policy") != media.ContentSecurityPolicy {
		t.Fatalf("owner: %d %v", r.Code, r.Header())
	}
	for who, token := range map[string]string{"anonymous": "", "bob": a.token(bob, "read"), "bad token": "nope"} {
		if r := get(token); r.Code != http.StatusNotFound {
			t.Errorf("%s: %d", who, r.Code)
		}
	}
	// Once attached to a public status, everyone may fetch it.
	note := &store.Object{APID: base + "/objects/x", Type: "Note", Actor: alice.APID, Data: []byte(`{}`), Local: true, Visibility: "public"}
	if _, err := a.st.InsertObject(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	if err := ms.Store.AttachMedia(context.Background(), alice.ID, note.APID, []string{m["id"].(string)}); err != nil {
		t.Fatal(err)
	}
	if r := get(""); r.Code != http.StatusOK || !strings.HasPrefix(r.Header().Get("Cache-Control"), "public") {
		t.Fatalf("public: %d %v", r.Code, r.Header())
	}
}

// TestMediaRoutesWithoutService: without a media service the routes refuse cleanly.
func TestMediaRoutesWithoutService(t *testing.T) {
	a := newAPI(t)
	tok := a.token(a.user("alice"), "write:media")
	wantError(t, a.upload("/api/v1/media", tok, "a.png", mediaPNG(t, 8, 8), nil), http.StatusServiceUnavailable)
	if r := a.do("GET", "/uploads/media/x/y.png", "", nil); r.Code != http.StatusNotFound {
		t.Fatalf("/uploads: %d", r.Code)
	}
}

// pngBomb is a PNG signature and an IHDR claiming 50,000 × 50,000 RGBA pixels (10 GB).
func pngBomb() []byte {
	ihdr := []byte("IHDR\x00\x00\xc3\x50\x00\x00\xc3\x50\x08\x06\x00\x00\x00")
	out := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func mediaSample(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
