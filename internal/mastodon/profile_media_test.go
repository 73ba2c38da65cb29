package mastodon_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	_ "image/jpeg"
	_ "image/png"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
)

// sendFiles sends a multipart request with files (field → bytes) and fields.
func (a *api) sendFiles(method, path, token string, files map[string][]byte, fields map[string]string) response {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for k, data := range files {
		fw, _ := mw.CreateFormFile(k, k+".bin")
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req := httptest.NewRequest(method, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec, a.t}
}

// fetchImage GETs one of our upload URLs (as token's user, "" for anonymous) and decodes it.
func (a *api) fetchImage(u string, token ...string) (image.Config, string) {
	a.t.Helper()
	path, ok := strings.CutPrefix(u, base)
	if !ok {
		a.t.Fatalf("%q is not one of our URLs", u)
	}
	r := a.do("GET", path, strings.Join(token, ""), nil)
	if r.Code != 200 {
		a.t.Fatalf("GET %s: %d", path, r.Code)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(r.Body.Bytes()))
	if err != nil {
		a.t.Fatalf("GET %s: %v", path, err)
	}
	return cfg, format
}

func animatedGIF(t *testing.T, w, h, frames int) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}}
	g := &gif.GIF{}
	for i := range frames {
		img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for p := range img.Pix {
			img.Pix[p] = uint8((p + i) % 3)
		}
		g.Image, g.Delay = append(g.Image, img), append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProfileImages(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	ms := a.withMedia(media.Options{})
	fed := a.acctFederating()
	alice := a.user("alice")
	at := a.token(alice, "read", "write")

	r := a.sendFiles("PATCH", "/api/v1/accounts/update_credentials", at,
		map[string][]byte{"avatar": mediaPNG(t, 800, 600), "header": mediaPNG(t, 900, 900)}, map[string]string{"display_name": "Alice"})
	acctSchema(t, "CredentialAccount", r.Body.Bytes())
	acct := acctOK(t, r)
	avatar, header := acct["avatar"].(string), acct["header"].(string)
	if !strings.HasPrefix(avatar, base+"/uploads/avatars/"+alice.ID+"/") || !strings.HasPrefix(header, base+"/uploads/headers/"+alice.ID+"/") ||
		acct["avatar_static"] != avatar || acct["header_static"] != header || acct["display_name"] != "Alice" {
		t.Fatalf("account %v", acct)
	}
	if cfg, _ := a.fetchImage(avatar); cfg.Width != media.AvatarSize || cfg.Height != media.AvatarSize {
		t.Fatalf("avatar %dx%d", cfg.Width, cfg.Height)
	}
	if cfg, _ := a.fetchImage(header); cfg.Width != media.HeaderWidth || cfg.Height != media.HeaderHeight {
		t.Fatalf("header %dx%d", cfg.Width, cfg.Height)
	}
	// The Update federated carries the new images, and so does the actor document.
	ups := fed.ofType("Update")
	person := ups[len(ups)-1]["object"].(map[string]any)
	if person["icon"].(map[string]any)["url"] != avatar || person["image"].(map[string]any)["url"] != header {
		t.Fatalf("Update carries %v / %v", person["icon"], person["image"])
	}

	// An animated avatar stays animated, with a static first frame; the old one is removed.
	acct = acctOK(t, a.sendFiles("PATCH", "/api/v1/accounts/update_credentials", at,
		map[string][]byte{"avatar": animatedGIF(t, 120, 80, 3)}, nil))
	anim, static := acct["avatar"].(string), acct["avatar_static"].(string)
	if anim == avatar || !strings.HasSuffix(anim, ".gif") || static == anim || !strings.HasSuffix(static, "-static.png") || acct["header"] != header {
		t.Fatalf("animated avatar %v", acct)
	}
	if cfg, f := a.fetchImage(anim); f != "gif" || cfg.Width != media.AvatarSize {
		t.Fatalf("animated avatar is %s %dx%d", f, cfg.Width, cfg.Height)
	}
	if cfg, f := a.fetchImage(static); f != "png" || cfg.Width != media.AvatarSize {
		t.Fatalf("static avatar is %s %dx%d", f, cfg.Width, cfg.Height)
	}
	if r := a.do("GET", strings.TrimPrefix(avatar, base), "", nil); r.Code != 404 {
		t.Fatalf("replaced avatar still served: %d", r.Code)
	}
	// Another account sees the same images.
	bob := a.user("bob")
	if seen := acctOK(t, a.do("GET", "/api/v1/accounts/"+alice.ID, a.token(bob, "read"), nil)); seen["avatar_static"] != static {
		t.Fatalf("seen by bob %v", seen)
	}

	// A bad file is 422 with the reason, and nothing changes.
	for name, file := range map[string][]byte{
		"not a picture": []byte("hello, this is text"),
		"video":         []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"),
		"truncated":     mediaPNG(t, 64, 64)[:60],
		"bomb":          pngBomb(),
	} {
		t.Run(name, func(t *testing.T) {
			r := a.sendFiles("PATCH", "/api/v1/accounts/update_credentials", at, map[string][]byte{"header": file}, map[string]string{"display_name": "Changed"})
			wantError(t, r, 422)
			if msg := r.obj()["error"].(string); !strings.HasPrefix(msg, "Validation failed: Header ") {
				t.Errorf("error %q", msg)
			}
		})
	}
	if acct := acctOK(t, a.do("GET", "/api/v1/accounts/verify_credentials", at, nil)); acct["header"] != header || acct["display_name"] != "Alice" {
		t.Fatalf("refused upload changed the profile: %v", acct)
	}
	big := media.Options{MaxProfileSize: 100}
	ms.Options = big
	wantError(t, a.sendFiles("PATCH", "/api/v1/accounts/update_credentials", at, map[string][]byte{"avatar": mediaPNG(t, 100, 100)}, nil), 422)
	ms.Options = media.Options{}

	// DELETE /api/v1/profile/avatar and /header: defaults again, files gone, Update sent.
	before := len(fed.ofType("Update"))
	r = a.do("DELETE", "/api/v1/profile/avatar", at, nil)
	acctSchema(t, "CredentialAccount", r.Body.Bytes())
	acct = acctOK(t, r)
	if acct["avatar"] != base+"/static/avatar.png" || acct["avatar_static"] != acct["avatar"] || acct["header"] != header || acct["source"] == nil {
		t.Fatalf("after avatar delete %v", acct)
	}
	for _, u := range []string{anim, static} {
		if r := a.do("GET", strings.TrimPrefix(u, base), "", nil); r.Code != 404 {
			t.Fatalf("deleted avatar %s still served: %d", u, r.Code)
		}
	}
	acct = acctOK(t, a.do("DELETE", "/api/v1/profile/header", at, nil))
	if acct["header"] != base+"/static/header.png" {
		t.Fatalf("after header delete %v", acct)
	}
	ups = fed.ofType("Update")
	if len(ups) != before+2 || ups[len(ups)-1]["object"].(map[string]any)["image"] != nil {
		t.Fatalf("%d Updates after deletions, last %v", len(ups)-before, ups[len(ups)-1]["object"])
	}
	// Deleting again is fine and sends nothing.
	acctOK(t, a.do("DELETE", "/api/v1/profile/header", at, nil))
	if n := len(fed.ofType("Update")); n != before+2 {
		t.Fatalf("no-op delete federated (%d)", n-before)
	}
	wantError(t, a.do("DELETE", "/api/v1/profile/avatar", a.token(alice, "read"), nil), 403)
	wantError(t, a.do("DELETE", "/api/v1/profile/avatar", "", nil), 401)
}
