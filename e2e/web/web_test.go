//go:build e2e

package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

// shots is where screenshots go.
var shots = filepath.Join(os.TempDir(), "egregoros-e2e")

// instance is a server with the web UI on loopback.
type instance struct {
	url string
	st  *store.Store
	p   *activity.Pipeline
}

func start(t *testing.T) *instance {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	srv.Config.Handler = server.New(&config.Config{Host: u.Hostname(), Scheme: "http"}, st, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &instance{url: base, st: st, p: p}
}

// browser starts headless chromium; a failing test leaves a screenshot of the page.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 2*time.Minute)
}

// browserFor is browser for a test that may take up to d.
func browserFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() {
		if t.Failed() {
			shot(t, ctx, "failure-"+strings.ReplaceAll(t.Name(), "/", "-"))
		}
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	// Record what a person would not see but must not happen: CSP violations (an inline
	// script or style slipped in) and uncaught script errors.
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		window.__problems = [];
		document.addEventListener("securitypolicyviolation", function (e) {
			window.__problems.push("CSP " + e.violatedDirective + " " + e.blockedURI);
		});
		window.addEventListener("error", function (e) { window.__problems.push("error " + e.message); });`})
	must(t, "install the problem recorder", err)
	return ctx
}

// noProblems fails the test if the current page saw a CSP violation or a script error.
func noProblems(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string]("window.__problems || []"))
	must(t, "read problems", err)
	if len(problems) > 0 {
		t.Fatalf("%s: %v", where, problems)
	}
}

// shot saves a full-page PNG screenshot under /tmp/egregoros-e2e.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(shots, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

func must(t *testing.T, step string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// seed gives the timelines something to show: a local post and a remote poll and
// content-warned post.
func (in *instance) seed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := auth.CreateLocal(ctx, in.st, in.url, auth.NewUser{Nickname: "alice", Password: "password123"}); err != nil {
		t.Fatal(err)
	}
	dana := &store.User{APID: "https://remote.example/users/dana", Nickname: "dana", Domain: "remote.example",
		ActorType: "Person", Inbox: "https://remote.example/users/dana/inbox", SharedInbox: "https://remote.example/inbox",
		Outbox: "https://remote.example/users/dana/outbox", FollowersURL: "https://remote.example/users/dana/followers",
		FollowingURL: "https://remote.example/users/dana/following", FeaturedURL: "https://remote.example/users/dana/featured",
		URL: "https://remote.example/@dana", PublicKey: "pk", Name: "Dana Scully"}
	if err := in.st.UpsertRemoteUser(ctx, dana); err != nil {
		t.Fatal(err)
	}
	public := []any{ap.Public}
	for _, o := range []ap.Object{
		{"id": "https://remote.example/notes/1", "type": "Question", "attributedTo": dana.APID, "to": public,
			"content": "<p>Which theme do you use?</p>", "published": "2026-11-26T10:00:00Z", "endTime": "2026-12-30T10:00:00Z",
			"oneOf": []any{
				map[string]any{"type": "Note", "name": "Light", "replies": map[string]any{"type": "Collection", "totalItems": 7}},
				map[string]any{"type": "Note", "name": "Dark", "replies": map[string]any{"type": "Collection", "totalItems": 12}},
				map[string]any{"type": "Note", "name": "Follow the system", "replies": map[string]any{"type": "Collection", "totalItems": 5}},
			}},
		{"id": "https://remote.example/notes/2", "type": "Note", "attributedTo": dana.APID, "to": public,
			"summary": "Spoilers for the season finale", "sensitive": true, "published": "2026-11-26T11:00:00Z",
			"content": "<p>The butler did it.</p>"},
		{"id": "https://remote.example/notes/3", "type": "Note", "attributedTo": dana.APID, "to": public,
			"published": "2026-11-26T12:00:00Z",
			"content":   `<p>Federation works: hello from another server! <a href="https://remote.example/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a></p>`},
	} {
		if _, err := in.p.Ingest(ctx, o, activity.Origin{Source: activity.Fetched}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSignInPostSeeItLiveAndLike is the main flow: sign in, post, see the post arrive on
// the home timeline without a reload, like it in place.
func TestSignInPostSeeItLiveAndLike(t *testing.T) {
	in := start(t)
	in.seed(t)
	ctx := browser(t)

	must(t, "open the sign-in page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-username")),
	))
	noProblems(t, ctx, "login-desktop-light")
	shot(t, ctx, "login-desktop-light")
	must(t, "sign in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#login-username"), "alice"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "password123"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, "location", err)
	if loc != in.url+"/" {
		t.Fatalf("after sign-in the browser is at %s", loc)
	}

	const text = "Hello from a real browser! #e2e"
	article := `//div[@id="feed"]/article[contains(., "Hello from a real browser")]`
	must(t, "post", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#compose-text"), text),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(article)),
	))
	left, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#compose-text")))
	must(t, "composer value", err)
	if left != "" {
		t.Fatalf("the composer kept %q after posting", left)
	}

	must(t, "like", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(article+`//button[@aria-label="Like, 0"]`)),
		chromedp.WaitVisible(chromedp.Search(article+`//button[@aria-label="Unlike, 1"]`)),
	))
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.Search(article+`//button[@aria-label="Unlike, 1"]/span`)))
	must(t, "like count", err)
	if strings.TrimSpace(count) != "1" {
		t.Fatalf("like count %q", count)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != in.url+"/" {
		t.Fatalf("the like navigated to %s", loc)
	}
	n, err := in.st.CountRelationships(context.Background(), store.RelLike, firstNote(t, in, text))
	must(t, "count likes", err)
	if n != 1 {
		t.Fatalf("%d likes stored", n)
	}
	noProblems(t, ctx, "home-desktop-light")
	shot(t, ctx, "home-desktop-light")

	must(t, "federated timeline", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=federated"),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "Which theme do you use?")]`)),
	))
	noProblems(t, ctx, "federated-desktop-light")
	shot(t, ctx, "federated-desktop-light")

	must(t, "thread page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=home"),
		chromedp.WaitVisible(chromedp.Search(article)),
		chromedp.Click(chromedp.Search(article+`//time/parent::a`)),
		chromedp.WaitVisible(chromedp.CSS(".status-focused")),
	))
	noProblems(t, ctx, "thread-desktop-light")
	shot(t, ctx, "thread-desktop-light")

	must(t, "profile page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/@dana@remote.example"),
		chromedp.WaitVisible(chromedp.CSS("#profile-name")),
	))
	noProblems(t, ctx, "profile-desktop-light")
	shot(t, ctx, "profile-desktop-light")

	// The theme toggle goes system → light → dark, and the choice survives a reload.
	must(t, "dark theme", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("[data-theme-toggle]")),
		chromedp.Click(chromedp.CSS("[data-theme-toggle]")),
		chromedp.Navigate(in.url+"/?timeline=federated"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-theme="dark"]`)),
	))
	noProblems(t, ctx, "federated-desktop-dark")
	shot(t, ctx, "federated-desktop-dark")

	must(t, "phone width", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(in.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
	))
	noProblems(t, ctx, "home-phone-dark")
	shot(t, ctx, "home-phone-dark")
}

// firstNote returns the ap_id of the status whose source text is text.
func firstNote(t *testing.T, in *instance, text string) string {
	t.Helper()
	rows, err := in.st.Timeline(context.Background(), store.Timeline{Public: true, Page: store.Page{Limit: 40}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rows {
		if strings.Contains(string(o.Data), "Hello from a real browser") {
			return o.APID
		}
	}
	t.Fatalf("no stored status with %q", text)
	return ""
}

// TestNewPostsBar scrolls down a live timeline, lets a post arrive, and follows the bar back
// to the top.
func TestNewPostsBar(t *testing.T) {
	in := start(t)
	in.seed(t)
	bob, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "create bob", err)
	for i := range 15 {
		in.post(t, bob, "Filler post number "+string(rune('A'+i)))
	}
	ctx := browser(t)
	must(t, "open the local timeline", chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 700),
		chromedp.Navigate(in.url+"/?timeline=local"),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "Filler post number O")]`)),
	))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool]("window.scrollTo(0, document.body.scrollHeight), true"))
	must(t, "scroll down", err)
	time.Sleep(300 * time.Millisecond) // let the live stream connect
	in.post(t, bob, "A fresh post while you were reading")
	must(t, "the bar appears", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("[data-new-posts]"))))
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[data-new-posts]")))
	must(t, "bar text", err)
	if label != "1 new post" {
		t.Fatalf("bar says %q", label)
	}
	noProblems(t, ctx, "new posts bar")
	shot(t, ctx, "local-new-posts-bar")
	must(t, "back to the top", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("[data-new-posts]")),
		chromedp.WaitNotVisible(chromedp.CSS("[data-new-posts]")),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "A fresh post while you were reading")]`)),
	))
}

// post publishes a public Note by a local user through the pipeline, as the composer does.
func (in *instance) post(t *testing.T, u *store.User, text string) {
	t.Helper()
	id := in.p.NewObjectID()
	note := map[string]any{"id": id, "type": "Note", "attributedTo": u.APID, "content": "<p>" + text + "</p>",
		"to": []any{ap.Public}, "cc": []any{u.FollowersURL}, "published": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
	create := ap.Object{"id": id + "/activity", "type": "Create", "actor": u.APID, "to": note["to"], "cc": note["cc"], "object": note}
	if _, err := in.p.Ingest(context.Background(), create, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
}
