package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

// newAPISite is newSite with the client API and its media service beside the UI, wired as
// serve wires them: the UI runs the API's handlers and uploads through its media service.
func newAPISite(t *testing.T) *site {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	api := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus, API: api})
	if err != nil {
		t.Fatal(err)
	}
	disk, err := media.NewDisk(t.TempDir(), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { disk.Close() })
	api.UseMedia(&media.Service{Store: st, Storage: disk, SessionViewer: ui.SignedInActor})
	u, _ := url.Parse(base)
	cfg := &config.Config{Host: u.Hostname(), Scheme: "http", Port: 80}
	srv.Config.Handler = server.New(cfg, st, api, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{t: t, st: st, p: p, srv: srv, ui: ui, ctx: context.Background()}
}

// pngBytes is a small PNG picture.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.NRGBA{R: uint8(200 + x%50), G: uint8(y * 3), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// multipart posts a multipart form with files (field name → content); hdr adds headers.
func (b *browser) multipart(path string, fields url.Values, files map[string][]byte, hdr map[string]string) page {
	b.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for k, data := range files {
		fw, err := mw.CreateFormFile(k, k+".png")
		if err != nil {
			b.s.t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest("POST", b.s.srv.URL+path, &body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept", "text/html")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{resp, string(raw)}
}

var mediaIDRE = regexp.MustCompile(`name="media_ids\[\]" value="([^"]+)"`)

func TestComposeWithAttachments(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	s.user("alice")
	s.user("bob")
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	pic := pngBytes(t, 40, 30)

	if body := alice.get("/").body; !strings.Contains(body, `data-media-picker`) || !strings.Contains(body, `name="file0"`) {
		t.Fatal("the composer offers no attachments")
	}

	t.Run("uploaded with JavaScript, alt text saved with the post", func(t *testing.T) {
		csrf := alice.csrf()
		r := alice.multipart("/media/upload", nil, map[string][]byte{"file": pic}, map[string]string{"X-CSRF-Token": csrf, "HX-Request": "true"})
		wantStatus(t, r, http.StatusOK)
		m := mediaIDRE.FindStringSubmatch(r.body)
		if m == nil || !strings.Contains(r.body, `name="media_alt[`+m[1]+`]"`) {
			t.Fatalf("upload answer: %s", r.body)
		}
		r = alice.htmx("/statuses", url.Values{"status": {"a red square"}, "media_ids[]": {m[1]},
			"media_alt[" + m[1] + "]": {"A red square on white"}, "sensitive": {"true"}})
		wantStatus(t, r, http.StatusOK)
		o := s.statusWithText("a red square")
		doc, _ := ap.Parse(o.Data)
		att := doc.Objects("attachment")
		if len(att) != 1 || att[0].String("name") != "A red square on white" || !doc.Bool("sensitive") {
			t.Fatalf("stored note: %s", o.Data)
		}
		page := bob.get("/@alice").body
		if !strings.Contains(page, `alt="A red square on white"`) || !strings.Contains(page, "Sensitive media") ||
			!strings.Contains(page, `data-lightbox`) {
			t.Fatal("the profile does not show the attachment behind the sensitive cover, with its alt text and lightbox")
		}
		// The file is served to others, as the API's attachments are.
		u := att[0].Ref("url")
		resp, err := http.Get(u)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", u, err, resp)
		}
		resp.Body.Close()
	})

	t.Run("without JavaScript the files go with the post", func(t *testing.T) {
		r := alice.multipart("/statuses", url.Values{"csrf_token": {alice.csrf()}, "status": {"two pictures"},
			"alt0": {"first"}, "alt2": {"third"}}, map[string][]byte{"file0": pic, "file2": pngBytes(t, 20, 20)}, nil)
		wantStatus(t, r, http.StatusSeeOther)
		doc, _ := ap.Parse(s.statusWithText("two pictures").Data)
		att := doc.Objects("attachment")
		if len(att) != 2 || att[0].String("name") != "first" || att[1].String("name") != "third" {
			t.Fatalf("attachments: %v", att)
		}
	})

	t.Run("refusals keep the uploads", func(t *testing.T) {
		csrf := alice.csrf()
		r := alice.multipart("/media/upload", nil, map[string][]byte{"file": []byte("not a picture at all")}, map[string]string{"X-CSRF-Token": csrf})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "This file cannot be used") {
			t.Fatalf("refused upload: %s", r.body)
		}
		wantStatus(t, alice.multipart("/media/upload", nil, map[string][]byte{"file": pic}, nil), http.StatusForbidden)
		wantStatus(t, s.browser().multipart("/media/upload", nil, map[string][]byte{"file": pic}, nil), http.StatusForbidden)

		var ids []string
		for i := 0; i < 5; i++ {
			r := alice.multipart("/media/upload", nil, map[string][]byte{"file": pic}, map[string]string{"X-CSRF-Token": csrf})
			ids = append(ids, mediaIDRE.FindStringSubmatch(r.body)[1])
		}
		r = alice.htmx("/statuses", url.Values{"status": {"five"}, "media_ids[]": ids})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "at most 4 attachments") {
			t.Fatalf("five attachments: %s", r.body)
		}
		// A poll may carry a picture (as on Pleroma and Akkoma).
		r = alice.htmx("/statuses", url.Values{"status": {"poll and picture"}, "media_ids[]": ids[1:2],
			"poll[options][]": {"yes", "no"}})
		if r.StatusCode >= 300 {
			t.Fatalf("poll with media: %d %s", r.StatusCode, r.body)
		}
		// Someone else's upload cannot be attached.
		r = bob.htmx("/statuses", url.Values{"status": {"stolen"}, "media_ids[]": ids[:1]})
		wantStatus(t, r, http.StatusUnprocessableEntity)
	})
}

func TestComposePoll(t *testing.T) {
	t.Parallel()
	s := newSite(t) // no media service: polls need none
	s.user("alice")
	alice := s.browser()
	alice.login("alice")

	r := alice.post("/statuses", url.Values{"status": {"Tea or coffee?"}, "poll[options][]": {"Tea", "Coffee", "", " "},
		"poll[expires_in]": {"3600"}, "poll[multiple]": {"true"}})
	wantStatus(t, r, http.StatusSeeOther)
	var id string
	if err := s.st.SQL().QueryRow(`SELECT id FROM objects WHERE type = 'Question'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	o, _ := s.st.ObjectByID(s.ctx, id)
	doc, _ := ap.Parse(o.Data)
	if opts := doc.Objects("anyOf"); len(opts) != 2 || opts[0].String("name") != "Tea" {
		t.Fatalf("poll: %s", o.Data)
	}
	end, ok := doc.Time("endTime")
	if !ok || end.Sub(o.Published).Minutes() < 59 || end.Sub(o.Published).Minutes() > 61 {
		t.Fatalf("endTime %v, published %v", end, o.Published)
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"status": {"q"}, "poll[options][]": {"only one"}}, "A poll needs 2 to 4 options."},
		{url.Values{"status": {"q"}, "poll[options][]": {"same", "same"}}, "Poll options must be distinct"},
		{url.Values{"status": {"q"}, "poll[options][]": {"a", "b"}, "poll[expires_in]": {"5"}}, "Poll expires_in is out of range."},
		{url.Values{"status": {"q"}, "poll[options][]": {strings.Repeat("x", 51), "b"}}, "at most 50 characters"},
	} {
		r := alice.htmx("/statuses", c.form)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, c.want) || !strings.Contains(r.body, `<details class="mt-3 rounded-xl border border-slate-200 p-3 text-sm dark:border-slate-700" data-poll open>`) {
			t.Fatalf("%v: %s", c.form, r.body)
		}
	}
}
