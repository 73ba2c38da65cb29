//go:build e2e

package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// TestThemeToggle switches the theme with the sidebar button: the page's background changes
// at once, the choice survives a reload, and the server renders it (it holds with scripts
// off); back to "system" nothing is left.
func TestThemeToggle(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	ctx := browser(t)
	signInAlice(t, ctx, in)
	background := func() string {
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).backgroundColor`))
		must(t, "background", err)
		return bg
	}
	theme := func() string {
		th, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.theme || "system"`))
		must(t, "theme", err)
		return th
	}
	light := background()
	if theme() != "system" {
		t.Fatalf("a new browser starts with %q", theme())
	}
	toggle := chromedp.CSS("[data-theme-toggle]")
	must(t, "to light", chromedp.Do(ctx, chromedp.Click(toggle), chromedp.WaitVisible(chromedp.CSS(`html[data-theme="light"]`))))
	must(t, "to dark", chromedp.Do(ctx, chromedp.Click(toggle), chromedp.WaitVisible(chromedp.CSS(`html[data-theme="dark"]`))))
	dark := background()
	if dark == light {
		t.Fatalf("the background stayed %s", dark)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-theme-toggle]").getAttribute("aria-label")`))
	must(t, "label", err)
	if label != "Theme: dark" {
		t.Fatalf("the toggle says %q", label)
	}
	must(t, "reload", chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#composer"))))
	if theme() != "dark" || background() != dark {
		t.Fatalf("after a reload: %s %s", theme(), background())
	}
	noProblems(t, ctx, "dark after reload")
	// The appearance settings show the same choice.
	must(t, "appearance", chromedp.Do(ctx, chromedp.Navigate(in.url+"/settings/appearance"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=theme][value=dark]:checked`))))

	// With scripts off the server's data-theme alone makes it dark.
	_, err = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	must(t, "scripts off", err)
	must(t, "no js", chromedp.Do(ctx, chromedp.Navigate(in.url+"/"), chromedp.WaitVisible(chromedp.CSS("#composer"))))
	if theme() != "dark" || background() != dark {
		t.Fatalf("without JavaScript: %s %s", theme(), background())
	}
	shot(t, ctx, "theme-no-js-desktop-dark")
	_, err = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	must(t, "scripts on", err)

	must(t, "to system", chromedp.Do(ctx, chromedp.Navigate(in.url+"/"), chromedp.WaitVisible(chromedp.CSS("#composer")),
		chromedp.Click(toggle), chromedp.WaitNotPresent(chromedp.CSS(`html[data-theme]`)),
		chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#composer"))))
	if theme() != "system" || background() != light {
		t.Fatalf("back to system: %s %s", theme(), background())
	}
	cookie, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie`))
	must(t, "cookie", err)
	if strings.Contains(cookie, "egregoros_theme=") {
		t.Fatalf("the cookie is left: %q", cookie)
	}
}

// TestLooksOfComposerScheduledAndPrivacy takes the screenshots of the emoji picker, the
// scheduled posts and the privacy settings, light and dark, desktop and phone, and checks
// that nothing overflows the phone's width.
func TestLooksOfComposerScheduledAndPrivacy(t *testing.T) {
	in := startWithAPI(t)
	in.seed(t)
	bg := context.Background()
	alice := mustAlice(t, in)
	bob, err := auth.CreateLocal(bg, in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "bob", err)
	dana, err := in.st.UserByAPID(bg, "https://remote.example/users/dana")
	must(t, "dana", err)
	for _, rel := range []*store.Relationship{
		{Type: store.RelBlock, Actor: alice.APID, Object: bob.APID},
		{Type: store.RelMute, Actor: alice.APID, Object: dana.APID},
		{Type: store.RelDomainBlock, Actor: alice.APID, Object: "spam.example"},
	} {
		_, err := in.st.PutRelationship(bg, rel)
		must(t, "relationship", err)
	}
	ctx := browser(t)
	_, err = chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "UTC"})
	must(t, "timezone", err)
	signInAlice(t, ctx, in)
	must(t, "schedule", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#compose-text"), "Good morning, future me ☀️ #scheduled"),
		chromedp.Click(chromedp.CSS("#composer [data-schedule] summary")),
		chromedp.SetValue(chromedp.CSS("#compose-schedule"), timeIn(30)),
		chromedp.Click(chromedp.CSS(`#composer button[type=submit]`)),
		chromedp.WaitVisible(chromedp.Search(`//p[@role="status" and contains(., "Your post is scheduled for")]`)),
	))
	for _, theme := range []string{"light", "dark"} {
		for _, width := range []int64{1280, 390} {
			name := "desktop-" + theme
			height := int64(900)
			if width == 390 {
				name, height = "phone-"+theme, 844
			}
			must(t, "viewport", chromedp.Do(ctx, chromedp.EmulateViewport(width, height)))
			_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie = "egregoros_theme=`+theme+`; path=/"`))
			must(t, "theme", err)
			for _, p := range []struct{ path, wait, name string }{
				{"/", "#composer", "composer-emoji"},
				{"/scheduled", `input[name="scheduled_at"]`, "scheduled"},
				{"/settings/privacy", "#domain-blocks", "settings-privacy"},
			} {
				must(t, p.name, chromedp.Do(ctx, chromedp.Navigate(in.url+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))))
				if p.name == "composer-emoji" {
					must(t, "open", chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#composer [data-emoji-toggle]")),
						chromedp.WaitVisible(chromedp.CSS("#emoji-panel"))))
				}
				wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
				must(t, "width", err)
				if wide {
					t.Errorf("%s %s: the page is wider than the screen", p.name, name)
				}
				noProblems(t, ctx, p.name+" "+name)
				shot(t, ctx, p.name+"-"+name)
			}
		}
	}
}

// timeIn is a datetime-local value minutes ahead, in the browser's zone (UTC in the tests).
func timeIn(minutes int) string {
	return time.Now().UTC().Add(time.Duration(minutes) * time.Minute).Format("2006-01-02T15:04")
}
