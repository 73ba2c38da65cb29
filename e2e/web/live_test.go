//go:build e2e

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

// startSite is the whole site as serve wires it: the web UI, the client API with media on
// disk, and registrations open.
func startSite(t *testing.T) *instance {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	api := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits, RegistrationsOpen: true}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus, API: api,
		RegistrationsOpen: true})
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
	srv.Config.Handler = server.New(&config.Config{Host: u.Hostname(), Scheme: "http"}, st, api, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &instance{url: base, st: st, p: p}
}

// token issues a client API token for u (as an app the user authorized would get).
func (in *instance) token(t *testing.T, u *store.User) string {
	t.Helper()
	ctx := context.Background()
	app := &store.App{Name: "e2e", RedirectURIs: mastodon.OOB, Scopes: "read write follow push", ClientID: "e2e-" + u.Nickname,
		SecretDigest: store.Digest("secret")}
	if err := in.st.CreateApp(ctx, app); err != nil {
		t.Fatal(err)
	}
	tok := "e2e-token-" + u.Nickname
	if err := in.st.CreateToken(ctx, &store.Token{Digest: store.Digest(tok), AppID: app.ID, UserID: u.ID,
		Scopes: "read write follow push"}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// call sends a client API request with a JSON body (or a multipart one when body is a
// *multipart form built by form) and decodes the JSON answer; anything but 200 fails the test.
func (in *instance) call(t *testing.T, token, method, path string, body any) map[string]any {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case *apiForm:
		rd, ctype = &b.buf, b.w.FormDataContentType()
	default:
		j, _ := json.Marshal(b)
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, _ := http.NewRequest(method, in.url+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// apiForm is a multipart body for call: files and fields.
type apiForm struct {
	buf bytes.Buffer
	w   *multipart.Writer
}

func form(t *testing.T, files map[string]string, fields map[string]string) *apiForm {
	t.Helper()
	f := &apiForm{}
	f.w = multipart.NewWriter(&f.buf)
	for field, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fw, _ := f.w.CreateFormFile(field, filepath.Base(path))
		fw.Write(data)
	}
	for k, v := range fields {
		f.w.WriteField(k, v)
	}
	f.w.Close()
	return f
}

// TestLivePictureReactionAndHashtagSearch: A signs up in one browser; B, signed in in
// another browser and following A, sees A's post with a picture and its alt text arrive on
// the home timeline without a reload, and reacts to it from the picker; A's notifications
// page shows the reaction; A finds the post's hashtag from the search page.
func TestLivePictureReactionAndHashtagSearch(t *testing.T) {
	in := startSite(t)
	in.seed(t)
	ctx := context.Background()
	bob, err := in.st.LocalUser(ctx, "alice") // the seeded user plays B
	must(t, "alice", err)
	bobToken := in.token(t, bob)
	a := browser(t)
	b := browser(t)

	must(t, "A signs up", chromedp.Do(a,
		chromedp.Navigate(in.url+"/signup"),
		chromedp.WaitVisible(chromedp.CSS("#signup-username")),
		chromedp.SendKeys(chromedp.CSS("#signup-username"), "erin"),
		chromedp.SendKeys(chromedp.CSS("#signup-email"), "erin@example.com"),
		chromedp.SendKeys(chromedp.CSS("#signup-password"), "password123"),
		chromedp.SendKeys(chromedp.CSS("#signup-password-confirmation"), "password123"),
		chromedp.Click(chromedp.CSS(`input[name=agreement]`)),
		chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
	))
	erin := in.call(t, bobToken, "GET", "/api/v1/accounts/lookup?acct=erin", nil)
	if rel := in.call(t, bobToken, "POST", "/api/v1/accounts/"+erin["id"].(string)+"/follow", nil); rel["following"] != true {
		t.Fatalf("B does not follow A: %v", rel)
	}

	signInAlice(t, b, in)
	_, err = chromedp.Run(b, chromedp.Evaluate[bool](`window.__samePage = true`))
	must(t, "mark B's page", err)
	time.Sleep(500 * time.Millisecond) // let B's live stream connect

	const alt = "A gradient from orange to violet, like a sunset over the sea"
	must(t, "A posts a picture with alt text", chromedp.Do(a,
		chromedp.SetUploadFiles(chromedp.CSS(`#composer [data-media-picker]`), []string{picture(t, "sunset.png", 640, 360)}),
		chromedp.WaitVisible(chromedp.CSS(`#composer [data-media-item] textarea`)),
		chromedp.SendKeys(chromedp.CSS(`#composer [data-media-item] textarea`), alt),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Evening on the beach #sunsets"),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="feed"]/article[contains(., "Evening on the beach")]//img[@alt="`+alt+`"]`)),
	))
	noProblems(t, a, "A's home after posting")

	card := `//div[@id="feed"]/article[contains(., "Evening on the beach")]`
	must(t, "B sees it arrive live, with the picture and its alt text", chromedp.Do(b,
		chromedp.WaitVisible(chromedp.Search(card+`//img[@alt="`+alt+`"]`)),
	))
	same, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.__samePage === true`))
	must(t, "B's page", err)
	if !same {
		t.Fatal("B's page was reloaded")
	}
	loaded, err := chromedp.Run(b, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('#feed article img[alt="`+alt+`"]'); return i.complete && i.naturalWidth > 0; })()`))
	must(t, "picture loaded", err)
	if !loaded {
		t.Fatal("B's browser could not load the picture")
	}
	noProblems(t, b, "B's live home")
	shot(t, b, "live-picture-desktop-light")

	must(t, "B reacts from the picker", chromedp.Do(b,
		chromedp.Click(chromedp.Search(card+`//summary[@aria-label="Add a reaction"]`)),
		chromedp.WaitVisible(chromedp.Search(card+`//button[@aria-label="React with fire"]`)),
		chromedp.Click(chromedp.Search(card+`//button[@aria-label="React with fire"]`)),
		chromedp.WaitVisible(chromedp.Search(card+`//button[@aria-pressed="true" and contains(., "🔥")]`)),
	))
	noProblems(t, b, "B's reaction")

	must(t, "A's notifications show the reaction", chromedp.Do(a,
		chromedp.Click(chromedp.CSS(`nav a[href="/notifications"]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="notifications"]/article[contains(., "reacted 🔥 to your post") and contains(., "alice")]`)),
	))
	noProblems(t, a, "A's notifications")
	shot(t, a, "live-reaction-notification-desktop-light")

	must(t, "A searches the hashtag", chromedp.Do(a,
		chromedp.Click(chromedp.CSS(`nav a[href="/search"]`)),
		chromedp.WaitVisible(chromedp.CSS("#search-q")),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "#sunsets"),
		chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/tags/sunsets"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/tags/sunsets"]`)),
		chromedp.WaitVisible(chromedp.Search(card+`//img[@alt="`+alt+`"]`)),
	))
	noProblems(t, a, "hashtag page")
}
