package media_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// testViewer names the viewer by a header, standing in for the bearer token and session
// cookie that the server's Viewers read.
func testViewer(r *http.Request) string { return r.Header.Get("X-Test-Viewer") }

func get(h http.Handler, host, path, viewer string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "http://"+host+path, nil)
	if viewer != "" {
		r.Header.Set("X-Test-Viewer", viewer)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// post stores a status by author with a visibility and addressing, and attaches m to it.
func post(t *testing.T, s *media.Service, author *store.User, id, visibility string, to []string, m *store.Media) {
	t.Helper()
	ctx := context.Background()
	o := &store.Object{APID: base + "/objects/" + id, Type: "Note", Actor: author.APID, Data: []byte(`{}`), Local: true,
		Visibility: visibility, Recipients: to}
	if _, err := s.Store.InsertObject(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.AttachMedia(ctx, author.ID, o.APID, []string{m.ID}); err != nil {
		t.Fatal(err)
	}
}

// TestUploadsVisibility: who may fetch the file and preview of an attachment, for each
// visibility of its status, for an unattached upload and after the status is deleted.
func TestMediaUploadsVisibility(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	alice, bob, carol, dave := newUser(t, s.Store, "alice"), newUser(t, s.Store, "bob"), newUser(t, s.Store, "carol"), newUser(t, s.Store, "dave")
	if _, err := s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelFollow, Actor: bob.APID, Object: alice.APID}); err != nil {
		t.Fatal(err)
	}
	img := jpegOf(t, gradient(64, 64), 80)
	files := map[string]*store.Media{}
	for _, vis := range []string{"public", "unlisted", "private", "direct", "unattached", "deleted"} {
		files[vis] = upload(t, s, alice, img)
	}
	post(t, s, alice, "pub", "public", []string{"https://www.w3.org/ns/activitystreams#Public"}, files["public"])
	post(t, s, alice, "unl", "unlisted", []string{alice.FollowersURL}, files["unlisted"])
	post(t, s, alice, "priv", "private", []string{alice.FollowersURL}, files["private"])
	post(t, s, alice, "dm", "direct", []string{dave.APID}, files["direct"])
	post(t, s, alice, "gone", "public", nil, files["deleted"])
	if _, err := s.Store.DeleteObject(ctx, base+"/objects/gone"); err != nil {
		t.Fatal(err)
	}
	viewers := map[string]string{"anonymous": "", "author": alice.APID, "follower": bob.APID, "stranger": carol.APID, "addressee": dave.APID}
	want := map[string][]string{ // who gets a 200
		"public":     {"anonymous", "author", "follower", "stranger", "addressee"},
		"unlisted":   {"anonymous", "author", "follower", "stranger", "addressee"},
		"private":    {"author", "follower"},
		"direct":     {"author", "addressee"},
		"unattached": {"author"},
		"deleted":    {},
	}
	h := s.Handler(testViewer)
	for vis, m := range files {
		for _, key := range []string{m.FileKey, m.PreviewKey} {
			for who, actor := range viewers {
				allowed := false
				for _, w := range want[vis] {
					allowed = allowed || w == who
				}
				w := get(h, "localhost:4000", "/uploads/"+key, actor)
				if (w.Code == http.StatusOK) != allowed || (!allowed && w.Code != http.StatusNotFound) {
					t.Errorf("%s %s for %s: status %d, allowed %v", vis, key, who, w.Code, allowed)
				}
				if w.Code != http.StatusOK {
					continue
				}
				cc := w.Header().Get("Cache-Control")
				if public := vis == "public" || vis == "unlisted"; public != strings.HasPrefix(cc, "public") {
					t.Errorf("%s: Cache-Control %q", vis, cc)
				}
			}
		}
	}
	// A key that is not the attachment's, under its id, is not served.
	if w := get(h, "localhost:4000", "/uploads/media/"+files["public"].ID+"/other.jpg", ""); w.Code != http.StatusNotFound {
		t.Errorf("a made-up key: %d", w.Code)
	}
}

// TestUploadsHeaders: type, nosniff, CSP, ETag revalidation and byte ranges.
func TestMediaUploadsHeaders(t *testing.T) {
	s := newService(t)
	alice := newUser(t, s.Store, "alice")
	m := upload(t, s, alice, testdata(t, "video.mp4"))
	post(t, s, alice, "v", "public", nil, m)
	h := s.Handler(testViewer)
	w := get(h, "localhost:4000", "/uploads/"+m.FileKey, "")
	hd := w.Header()
	if w.Code != 200 || hd.Get("Content-Type") != "video/mp4" || hd.Get("X-Content-Type-Options") != "nosniff" ||
		hd.Get("Content-Security-Policy") != media.ContentSecurityPolicy || hd.Get("ETag") == "" || w.Body.Len() != int(m.Size) {
		t.Fatalf("%d %v", w.Code, hd)
	}
	if w := get(h, "localhost:4000", "/uploads/"+m.FileKey, "", "If-None-Match", hd.Get("ETag")); w.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d", w.Code)
	}
	w = get(h, "localhost:4000", "/uploads/"+m.FileKey, "", "Range", "bytes=100-199")
	if w.Code != http.StatusPartialContent || w.Body.Len() != 100 || w.Header().Get("Content-Range") != "bytes 100-199/19043" {
		t.Fatalf("range: %d %v", w.Code, w.Header())
	}
	r := httptest.NewRequest(http.MethodPost, "/uploads/"+m.FileKey, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST: %d", rec.Code)
	}
	for _, bad := range []string{"/uploads/../secret_key_base", "/uploads/media/%2e%2e/x", "/uploads/", "/uploads/other/x.jpg"} {
		if w := get(h, "localhost:4000", bad, ""); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, w.Code)
		}
	}
}

// TestSeparateUploadsHost: uploads are served on the uploads host only, and the uploads host
// serves nothing else.
func TestMediaSeparateUploadsHost(t *testing.T) {
	s := newService(t)
	s.UploadsHost = "media.example.com"
	alice := newUser(t, s.Store, "alice")
	m := upload(t, s, alice, pngOf(t, gradient(16, 16)))
	post(t, s, alice, "p", "public", nil, m)
	h := s.Handler(testViewer)
	if w := get(h, "localhost:4000", "/uploads/"+m.FileKey, ""); w.Code != http.StatusNotFound {
		t.Fatalf("served on the main host: %d", w.Code)
	}
	for _, host := range []string{"media.example.com", "MEDIA.example.com:443"} {
		if w := get(h, host, "/uploads/"+m.FileKey, ""); w.Code != http.StatusOK {
			t.Fatalf("not served on %s: %d", host, w.Code)
		}
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	root := s.Isolate(app)
	if w := get(root, "media.example.com", "/api/v1/accounts/verify_credentials", ""); w.Code != http.StatusNotFound {
		t.Fatalf("the uploads host served the app: %d", w.Code)
	}
	if w := get(root, "localhost:4000", "/api/v1/instance", ""); w.Code != http.StatusTeapot {
		t.Fatalf("the main host lost the app: %d", w.Code)
	}
}
