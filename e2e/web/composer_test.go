//go:build e2e

package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

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

// startWithAPI is start with the client API and a media service on disk, wired as serve
// wires them: the composer uploads through the API's media service and runs its handlers.
func startWithAPI(t *testing.T) *instance {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	api := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits, Scheduler: laterJobs{}}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus, API: api})
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

// laterJobs takes scheduled statuses and never publishes them (the tests look at them
// waiting).
type laterJobs struct{}

func (laterJobs) EnqueueScheduled(context.Context, string, time.Time) error { return nil }

// picture writes a PNG (a sunset-ish gradient) to a temporary file and returns its path.
func picture(t *testing.T, name string, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{R: uint8(255 - y*120/h), G: uint8(90 + x*100/w), B: uint8(60 + y*150/h), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// signInAlice signs the browser in as the seeded alice.
func signInAlice(t *testing.T, ctx context.Context, in *instance) {
	t.Helper()
	must(t, "sign in", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-username")),
		chromedp.SendKeys(chromedp.CSS("#login-username"), "alice"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "password123"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
	))
}

// TestComposerAttachmentsAndPoll drives the composer in a real browser: two images uploaded
// as soon as they are chosen, with alt text, the lightbox with its keys, and a poll.
func TestComposerAttachmentsAndPoll(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	ctx := browser(t)
	signInAlice(t, ctx, in)
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("#composer details.no-js")).display === "none"`))
	must(t, "no-js inputs", err)
	if !hidden {
		t.Fatal("with JavaScript the form's own file inputs are still shown")
	}

	// An image: uploaded as soon as it is chosen, then described.
	must(t, "upload", chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#composer [data-media-picker]`), []string{picture(t, "sunset.png", 640, 360), picture(t, "dusk.png", 400, 400)}),
		chromedp.WaitVisible(chromedp.CSS(`#composer [data-media-item]:nth-child(2) textarea`)),
		chromedp.SendKeys(chromedp.CSS(`#composer [data-media-item]:nth-child(1) textarea`), "A gradient from orange to violet, like a sunset"),
		chromedp.SendKeys(chromedp.CSS(`#composer [data-media-item]:nth-child(2) textarea`), "A square of dusk colours"),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Two pictures from the composer #e2e"),
	))
	noProblems(t, ctx, "composer with uploads")
	shot(t, ctx, "composer-uploads-desktop-light")
	counter, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#composer [data-counter]")))
	must(t, "counter", err)
	if counter != "4965 left" {
		t.Fatalf("the counter says %q", counter)
	}
	article := `//div[@id="feed"]/article[contains(., "Two pictures from the composer")]`
	must(t, "post", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(article+`//img[@alt="A gradient from orange to violet, like a sunset"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#composer [data-media-item]`)),
	))

	// The lightbox: opens on click, shows the alt text, arrows move, Escape closes.
	must(t, "lightbox", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(article+`//a[@data-lightbox][1]`)),
		chromedp.WaitVisible(chromedp.CSS(`.lightbox [data-lb-img]`)),
	))
	time.Sleep(200 * time.Millisecond)
	alt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".lightbox [data-lb-alt]")))
	must(t, "lightbox alt", err)
	if alt != "A gradient from orange to violet, like a sunset" {
		t.Fatalf("lightbox caption %q", alt)
	}
	noProblems(t, ctx, "lightbox")
	shot(t, ctx, "lightbox-desktop")
	must(t, "next image", chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	alt, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".lightbox [data-lb-alt]")))
	must(t, "lightbox alt 2", err)
	if alt != "A square of dusk colours" {
		t.Fatalf("after ArrowRight the caption is %q", alt)
	}
	must(t, "close the lightbox", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotPresent(chromedp.CSS(".lightbox")),
	))

	// A poll from the composer.
	must(t, "poll", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#composer details[data-poll] summary`)),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Tabs or spaces?"),
	))
	must(t, "poll options", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.Search(`(//form[@id="composer"]//input[@name="poll[options][]"])[1]`), "Tabs"),
		chromedp.SendKeys(chromedp.Search(`(//form[@id="composer"]//input[@name="poll[options][]"])[2]`), "Spaces"),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="feed"]/article[contains(., "Tabs or spaces?")]//div[@aria-label="Poll results"]`)),
	))

}

// TestVoteReactAutocomplete votes on a poll and reacts with an emoji in place, and completes
// an @mention with the keyboard.
func TestVoteReactAutocomplete(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	ctx := browser(t)
	signInAlice(t, ctx, in)

	// A vote and a reaction on the federated timeline.
	poll := `//article[contains(., "Which theme do you use?")]`
	note := `//article[contains(., "Federation works")]`
	must(t, "vote", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=federated"),
		chromedp.WaitVisible(chromedp.Search(poll+`//button[text()="Vote"]`)),
		chromedp.Click(chromedp.Search(poll+`//label[contains(., "Dark")]`)),
		chromedp.Click(chromedp.Search(poll+`//button[text()="Vote"]`)),
		chromedp.WaitVisible(chromedp.Search(poll+`//p[contains(., "you voted")]`)),
	))
	must(t, "react", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(note+`//summary[@aria-label="Add a reaction"]`)),
		chromedp.WaitVisible(chromedp.Search(note+`//button[@aria-label="React with fire"]`)),
	))
	shot(t, ctx, "reaction-picker-desktop-light")
	must(t, "react with fire", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(note+`//button[@aria-label="React with fire"]`)),
		chromedp.WaitVisible(chromedp.Search(note+`//button[@aria-pressed="true" and contains(., "🔥")]`)),
	))
	noProblems(t, ctx, "vote and react")
	shot(t, ctx, "poll-reaction-desktop-light")

	// @mention autocomplete, with the keyboard.
	must(t, "autocomplete", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("#compose-text")),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Hello @da"),
		chromedp.WaitVisible(chromedp.CSS(`#compose-suggest [role=option]`)),
	))
	shot(t, ctx, "autocomplete-desktop-light")
	// ArrowDown through the key events; Enter as the keydown app.js handles (chromedp's Enter
	// also sends a "char" event, which a real keyboard does not after a cancelled keydown).
	must(t, "arrow down", chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#compose-text").dispatchEvent(
		new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true})), true`))
	must(t, "pick", err)
	text, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#compose-text")))
	must(t, "composer text", err)
	if text != "Hello @dana@remote.example " {
		t.Fatalf("after the suggestion the text is %q", text)
	}
	noProblems(t, ctx, "autocomplete")

	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("egregoros-theme", "dark"), true`))
	must(t, "dark theme", err)
	must(t, "phone, dark", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(in.url+"/?timeline=federated"),
		chromedp.WaitVisible(chromedp.Search(poll)),
	))
	shot(t, ctx, "poll-reaction-phone-dark")
}

// TestSettingsPages opens the settings and admin pages, switches the theme from the
// appearance page, and saves a profile.
func TestSettingsPages(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	alice, err := in.st.LocalUser(context.Background(), "alice")
	must(t, "alice", err)
	alice.Admin = true
	must(t, "make alice admin", in.st.UpdateUser(context.Background(), alice))
	ctx := browser(t)
	signInAlice(t, ctx, in)
	must(t, "profile settings", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/settings/profile"),
		chromedp.WaitVisible(chromedp.CSS("#settings-name")),
		chromedp.SendKeys(chromedp.CSS("#settings-name"), "Alice Liddell"),
		chromedp.SendKeys(chromedp.CSS("#settings-note"), "Curiouser and curiouser."),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="avatar"]`), []string{picture(t, "avatar.png", 200, 200)}),
		chromedp.Click(chromedp.Search(`//button[text()="Save profile"]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[@role="status" and text()="Saved."]`)),
	))
	noProblems(t, ctx, "profile settings")
	shot(t, ctx, "settings-profile-desktop-light")
	must(t, "appearance", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/settings/appearance"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=theme][value=dark]`)),
		chromedp.Click(chromedp.CSS(`input[name=theme][value=dark]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[data-theme="dark"]`)),
		chromedp.Click(chromedp.Search(`//button[text()="Save theme"]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[@role="status" and text()="Saved."]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[data-theme="dark"]`)),
	))
	shot(t, ctx, "settings-appearance-desktop-dark")
	must(t, "account", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/settings/account"),
		chromedp.WaitVisible(chromedp.Search(`//h2[text()="Where you are signed in"]`)),
	))
	shot(t, ctx, "settings-account-desktop-dark")
	must(t, "admin", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/admin"),
		chromedp.WaitVisible(chromedp.Search(`//h2[text()="This server"]`)),
	))
	noProblems(t, ctx, "admin")
	shot(t, ctx, "admin-desktop-dark")
	must(t, "phone", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(in.url+"/settings/profile"),
		chromedp.WaitVisible(chromedp.CSS("#settings-name")),
	))
	shot(t, ctx, "settings-profile-phone-dark")
}

// TestComposerWithoutJavaScript posts a picture with its alt text with scripts off: the form
// carries the file itself, and the picture links to the file (no lightbox).
func TestComposerWithoutJavaScript(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	ctx := browser(t)
	signInAlice(t, ctx, in)
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	must(t, "scripts off", err)
	article := `//div[@id="feed"]/article[contains(., "Posted with scripts off")]`
	must(t, "post a picture", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("#composer details.no-js summary")),
		chromedp.Click(chromedp.CSS("#composer details.no-js summary")),
		chromedp.SetUploadFiles(chromedp.CSS(`#composer input[name="file0"]`), []string{picture(t, "plain.png", 300, 200)}),
		chromedp.SendKeys(chromedp.CSS(`#composer input[name="alt0"]`), "A plain gradient"),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Posted with scripts off"),
	))
	shot(t, ctx, "composer-no-js-desktop-light")
	must(t, "submit", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(article+`//a[@data-lightbox]/img[@alt="A plain gradient"]`)),
	))
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("#composer [data-media-picker]").closest("label")).display === "none"`))
	must(t, "media button", err)
	if !hidden {
		t.Fatal("the script-only upload button shows with scripts off")
	}
	shot(t, ctx, "feed-no-js-desktop-light")
}

// TestEmojiPickerAndSchedule inserts emoji from the composer's picker with the keyboard and
// the mouse, posts them, then schedules a post from a browser in Tokyo and finds it on
// /scheduled at the right time.
func TestEmojiPickerAndSchedule(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	ctx := browser(t)
	signInAlice(t, ctx, in)
	focused := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.dataset.insert || document.activeElement.id || document.activeElement.tagName`))
		must(t, "focus", err)
		return s
	}
	must(t, "open the picker", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Emoji from the picker "),
		chromedp.Click(chromedp.CSS("#composer [data-emoji-toggle]")),
		chromedp.WaitVisible(chromedp.CSS("#emoji-panel")),
	))
	if got := focused(); got != "👍" {
		t.Fatalf("the picker opened with the focus on %q", got)
	}
	expanded, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#composer [data-emoji-toggle]").getAttribute("aria-expanded")`))
	must(t, "expanded", err)
	if expanded != "true" {
		t.Fatalf("aria-expanded %q", expanded)
	}
	must(t, "arrows", chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowLeft)))
	if got := focused(); got != "🔥" { // right to the 2nd, down a row of 7 to the 9th, left to the 8th
		t.Fatalf("after the arrows the focus is on %q", got)
	}
	noProblems(t, ctx, "emoji picker")
	shot(t, ctx, "composer-emoji-desktop-light")
	must(t, "enter inserts", chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitNotVisible(chromedp.CSS("#emoji-panel"))))
	text, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#compose-text")))
	must(t, "text", err)
	if got := focused(); got != "compose-text" {
		t.Fatalf("after inserting the focus is on %q", got)
	}
	picked := strings.TrimPrefix(text, "Emoji from the picker ")
	if picked == text || picked == "" {
		t.Fatalf("the text is %q", text)
	}
	// Escape closes it and gives the focus back to its button; a click inserts at the caret.
	must(t, "escape", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#composer [data-emoji-toggle]")),
		chromedp.WaitVisible(chromedp.CSS("#emoji-panel")),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(chromedp.CSS("#emoji-panel")),
	))
	if got := focused(); got != "BUTTON" {
		t.Fatalf("after Escape the focus is on %q", got)
	}
	must(t, "click", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#composer [data-emoji-toggle]")),
		chromedp.Click(chromedp.CSS(`#emoji-panel [data-insert="👀"]`)),
		chromedp.WaitNotVisible(chromedp.CSS("#emoji-panel")),
	))
	text, err = chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#compose-text")))
	must(t, "text", err)
	want := "Emoji from the picker " + picked + "👀"
	if text != want {
		t.Fatalf("the text is %q, want %q", text, want)
	}
	counter, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#composer [data-counter]")))
	must(t, "counter", err)
	if counter == "Up to 5000 characters" {
		t.Fatal("inserting did not update the counter")
	}
	must(t, "post", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="feed"]/article[contains(., "`+want+`")]`)),
	))
	noProblems(t, ctx, "posted emoji")

	// Scheduling from Tokyo (UTC+9): the time typed is Tokyo time.
	_, err = chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"})
	must(t, "timezone", err)
	at := time.Now().UTC().Add(26 * time.Hour).Truncate(time.Minute)
	tokyo := at.Add(9 * time.Hour).Format("2006-01-02T15:04")
	must(t, "schedule", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "A post for tomorrow"),
		chromedp.Click(chromedp.CSS("#composer [data-schedule] summary")),
		chromedp.WaitVisible(chromedp.CSS("#compose-schedule")),
	))
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#compose-schedule-note")))
	must(t, "note", err)
	if !strings.Contains(note, "Asia/Tokyo") {
		t.Fatalf("the note says %q", note)
	}
	// Too soon first: the API's refusal shows next to the field.
	soon := time.Now().UTC().Add(9*time.Hour + 2*time.Minute).Format("2006-01-02T15:04")
	must(t, "too soon", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#compose-schedule"), soon),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#compose-schedule-error")),
	))
	shot(t, ctx, "composer-schedule-refused-desktop-light")
	must(t, "in a day", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#compose-schedule"), tokyo),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//form[@id="composer"]//p[@role="status" and contains(., "Your post is scheduled for")]`)),
	))
	list, err := in.st.ScheduledStatuses(context.Background(), mustAlice(t, in).ID, store.Page{Limit: 10}, false)
	must(t, "scheduled", err)
	if len(list) != 1 || !list[0].ScheduledAt.Equal(at) {
		t.Fatalf("scheduled: %+v, want at %v", list, at)
	}
	must(t, "the list", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/scheduled"),
		chromedp.WaitVisible(chromedp.Search(`//li[contains(., "A post for tomorrow")]`)),
	))
	value, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`input[name="scheduled_at"]`)))
	must(t, "value", err)
	if value != tokyo {
		t.Fatalf("the reschedule field shows %q, want Tokyo time %q", value, tokyo)
	}
	noProblems(t, ctx, "scheduled page")
	shot(t, ctx, "scheduled-desktop-light")
	must(t, "cancel", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//button[text()="Cancel post"]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[text()="Nothing scheduled."]`)),
	))
}

func mustAlice(t *testing.T, in *instance) *store.User {
	t.Helper()
	u, err := in.st.LocalUser(context.Background(), "alice")
	must(t, "alice", err)
	return u
}
