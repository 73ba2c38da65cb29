//go:build e2e

package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/egregoros/egregoros/internal/auth"
)

// showcase is a server with realistic content: people with avatars, headers and bios who
// follow each other, posts with pictures, a poll, a content warning, a thread, reactions,
// likes and boosts (all through the client API, as apps would make them), and alice, an
// admin, with notifications of each kind.
type showcase struct {
	in     *instance
	thread string // path of the thread page of bob's picture post
}

func newShowcase(t *testing.T) *showcase {
	t.Helper()
	in := startSite(t)
	in.seed(t) // alice and a remote dana with a poll and a content warning
	ctx := context.Background()
	alice, err := in.st.LocalUser(ctx, "alice")
	must(t, "alice", err)
	alice.Admin = true
	must(t, "make alice admin", in.st.UpdateUser(ctx, alice))
	tok := map[string]string{"alice": in.token(t, alice)}
	for _, nick := range []string{"bob", "carol"} {
		u, err := auth.CreateLocal(ctx, in.st, in.url, auth.NewUser{Nickname: nick, Password: "password123"})
		must(t, "create "+nick, err)
		tok[nick] = in.token(t, u)
	}
	profiles := []struct {
		nick, name, note string
		hue              float64
	}{
		{"alice", "Alice Liddell", "Curiouser and curiouser. Tea, chess and rabbit holes.", 200},
		{"bob", "Bob Ross", "Happy little trees. Painting every day. #painting", 120},
		{"carol", "Carol Danvers", "Pilot. Organises the Thursday meetup.", 330},
	}
	for _, p := range profiles {
		in.call(t, tok[p.nick], "PATCH", "/api/v1/accounts/update_credentials", form(t,
			map[string]string{"avatar": art(t, p.nick+"-avatar.png", 256, 256, p.hue, true), "header": art(t, p.nick+"-header.png", 1500, 500, p.hue+40, false)},
			map[string]string{"display_name": p.name, "note": p.note,
				"fields_attributes[0][name]": "Website", "fields_attributes[0][value]": "https://" + p.nick + ".example",
				"fields_attributes[1][name]": "Pronouns", "fields_attributes[1][value]": "they/them"}))
	}
	id := func(m map[string]any) string { return m["id"].(string) }
	for _, f := range [][2]string{{"alice", "bob"}, {"alice", "carol"}, {"bob", "alice"}, {"carol", "alice"}, {"carol", "bob"}} {
		target := in.call(t, tok[f[0]], "GET", "/api/v1/accounts/lookup?acct="+f[1], nil)
		in.call(t, tok[f[0]], "POST", "/api/v1/accounts/"+id(target)+"/follow", nil)
	}
	upload := func(nick, file, alt string, hue float64) string {
		return id(in.call(t, tok[nick], "POST", "/api/v1/media", form(t, map[string]string{"file": art(t, file, 1200, 800, hue, false)},
			map[string]string{"description": alt})))
	}
	post := func(nick string, body map[string]any) map[string]any {
		return in.call(t, tok[nick], "POST", "/api/v1/statuses", body)
	}
	hello := post("alice", map[string]any{"status": "Good morning, everyone! Tea is ready ☕ #tea"})
	in.call(t, tok["bob"], "POST", "/api/v1/statuses/"+id(hello)+"/favourite", nil)
	in.call(t, tok["carol"], "PUT", "/api/v1/pleroma/statuses/"+id(hello)+"/reactions/☕", nil)
	in.call(t, tok["bob"], "POST", "/api/v1/statuses/"+id(hello)+"/reblog", nil)
	post("carol", map[string]any{"status": "What should the Thursday meetup be about?", "poll": map[string]any{
		"options": []string{"Fediverse servers", "Home-made bread", "Board games"}, "expires_in": 86400 * 3}})
	post("carol", map[string]any{"status": "The twist in chapter 12: the narrator was the lighthouse keeper all along.",
		"spoiler_text": "Book club: spoilers for chapter 12"})
	painting := post("bob", map[string]any{"status": "Painted a happy little tree by the lake this morning 🌲 #painting",
		"media_ids": []string{upload("bob", "lake.png", "An oil painting of a pine tree by a calm lake at dawn", 150)}})
	reply := post("alice", map[string]any{"status": "@bob the light on the water is lovely!", "in_reply_to_id": id(painting)})
	post("bob", map[string]any{"status": "@alice thank you! It was a quiet, misty morning.", "in_reply_to_id": id(reply)})
	in.call(t, tok["carol"], "PUT", "/api/v1/pleroma/statuses/"+id(painting)+"/reactions/🔥", nil)
	in.call(t, tok["alice"], "PUT", "/api/v1/pleroma/statuses/"+id(painting)+"/reactions/😍", nil)
	in.call(t, tok["carol"], "POST", "/api/v1/statuses/"+id(painting)+"/favourite", nil)
	in.call(t, tok["carol"], "POST", "/api/v1/statuses/"+id(painting)+"/reblog", nil)
	post("alice", map[string]any{"status": "Two views from the hill walk today #hiking", "media_ids": []string{
		upload("alice", "hill.png", "Rolling green hills under a pale sky", 100),
		upload("alice", "valley.png", "A valley with a river catching the evening light", 30)}})
	thread := strings.TrimPrefix(painting["url"].(string), in.url)
	return &showcase{in: in, thread: thread}
}

// art writes a PNG: a sky, a sun and hills (or, for an avatar, a round sun on a tinted
// ground) in colours around hue, and returns its path.
func art(t *testing.T, name string, w, h int, hue float64, avatar bool) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	sunX, sunY, sunR := float64(w)*0.7, float64(h)*0.35, float64(h)*0.14
	if avatar {
		sunX, sunY, sunR = float64(w)/2, float64(h)*0.42, float64(h)*0.22
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fy := float64(y) / float64(h)
			c := hsl(hue, 0.55, 0.78-0.25*fy)
			if math.Hypot(float64(x)-sunX, float64(y)-sunY) < sunR {
				c = hsl(hue+40, 0.9, 0.7)
			}
			hill := 0.62 + 0.08*math.Sin(float64(x)/float64(w)*2*math.Pi+hue)
			if fy > hill {
				c = hsl(hue+160, 0.35, 0.32+0.1*math.Sin(float64(x)/37))
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	must(t, "encode "+name, png.Encode(&buf, img))
	path := filepath.Join(t.TempDir(), name)
	must(t, "write "+name, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

// hsl converts a colour from hue (degrees), saturation and lightness.
func hsl(h, s, l float64) color.NRGBA {
	h = math.Mod(math.Mod(h, 360)+360, 360) / 60
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h, 2)-1))
	var r, g, b float64
	switch int(h) {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	m := l - c/2
	return color.NRGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}

// view is one page of the showcase: where it is, what shows it has rendered, and whether it
// needs a signed-in browser.
type view struct {
	name, path, wait string
	signedIn         bool
	// then runs after the page has rendered (opening a menu, say); may be nil.
	then chromedp.Action[chromedp.Void]
}

func (s *showcase) views() []view {
	return []view{
		{name: "login", path: "/login", wait: "#login-username"},
		{name: "signup", path: "/signup", wait: "#signup-username"},
		{name: "home", path: "/", wait: `#feed article img[alt^="An oil painting"]`, signedIn: true},
		{name: "thread", path: s.thread, wait: ".status-focused", signedIn: true},
		{name: "profile", path: "/@bob", wait: "#profile-name", signedIn: true},
		{name: "notifications", path: "/notifications", wait: "#notifications article", signedIn: true},
		{name: "search", path: "/search?q=painting", wait: `a[href="/tags/painting"]`, signedIn: true},
		{name: "explore", path: "/explore", wait: "#trending-title", signedIn: true},
		{name: "settings", path: "/settings/profile", wait: "#settings-name", signedIn: true},
		{name: "admin", path: "/admin", wait: "main h2", signedIn: true},
		{name: "compose", path: "/", wait: "#feed article a[data-modal-opener]", signedIn: true, then: chromedp.Steps(
			chromedp.Click(chromedp.CSS(`#feed article a[data-modal-opener]`)),
			chromedp.WaitVisible(chromedp.CSS("dialog[data-modal][open] textarea[name=status]")))},
	}
}

// looks are the themes and widths each page is seen in.
var looks = []struct {
	theme string
	width int
}{{"light", 1280}, {"dark", 1280}, {"light", 390}, {"dark", 390}}

// lookName is "desktop-light", "phone-dark"...
func lookName(theme string, width int) string {
	if width < 600 {
		return "phone-" + theme
	}
	return "desktop-" + theme
}

// visit opens the views in every look, signed out first and then signed in as alice, and
// calls check on each rendered page.
func (s *showcase) visit(t *testing.T, ctx context.Context, check func(v view, theme string, width int)) {
	t.Helper()
	must(t, "open the site", chromedp.Do(ctx, chromedp.Navigate(s.in.url+"/login")))
	for _, signedIn := range []bool{false, true} {
		if signedIn {
			signInAlice(t, ctx, s.in)
		}
		for _, l := range looks {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.cookie = "egregoros_theme=`+l.theme+`; path=/", true`))
			must(t, "theme "+l.theme, err)
			must(t, "viewport", chromedp.Do(ctx, chromedp.EmulateViewport(int64(l.width), map[bool]int64{true: 844, false: 900}[l.width < 600])))
			for _, v := range s.views() {
				if v.signedIn != signedIn {
					continue
				}
				where := v.name + "-" + lookName(l.theme, l.width)
				page, cancel := context.WithTimeout(ctx, 30*time.Second)
				must(t, where, chromedp.Do(page, chromedp.Navigate(s.in.url+v.path), chromedp.WaitVisible(chromedp.CSS(v.wait)),
					chromedp.WaitVisible(chromedp.CSS(`html[data-theme="`+l.theme+`"]`))))
				cancel()
				if v.then != nil {
					must(t, where, chromedp.Do(ctx, v.then))
				}
				noProblems(t, ctx, where)
				check(v, l.theme, l.width)
			}
		}
	}
}

// TestScreenshots renders each main page of a server with realistic content in light and
// dark, at 390 and 1280 px. With EGREGOROS_SCREENSHOTS=<dir> (`make screenshots`) it writes
// a PNG of the viewport of each to that folder; without, it checks that they render.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("EGREGOROS_SCREENSHOTS")
	s := newShowcase(t)
	ctx := browserFor(t, 8*time.Minute)
	n := 0
	s.visit(t, ctx, func(v view, theme string, width int) {
		n++
		if dir == "" {
			return
		}
		// Pictures load lazily: wait (10 s at most) until those in view have, then let
		// transitions settle.
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(done => {
			const start = Date.now();
			(function check() {
				const waiting = [...document.images].filter(i => {
					const box = i.getBoundingClientRect();
					return box.bottom > 0 && box.top < innerHeight && !(i.complete && i.naturalWidth > 0);
				});
				if (waiting.length === 0 || Date.now() - start > 10000) return setTimeout(() => done(true), 300);
				setTimeout(check, 100);
			})();
		})`, chromedp.EvalAwaitPromise))
		must(t, "images", err)
		img, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		must(t, "screenshot", err)
		must(t, "screenshots folder", os.MkdirAll(dir, 0o755))
		file := filepath.Join(dir, fmt.Sprintf("%s-%s.png", v.name, lookName(theme, width)))
		must(t, "write "+file, os.WriteFile(file, img, 0o644))
	})
	if want := len(s.views()) * len(looks); n != want {
		t.Fatalf("%d pages seen, want %d", n, want)
	}
}
