//go:build e2e

package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

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

// startOpen is start with registrations open.
func startOpen(t *testing.T) *instance {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("e", 48), Store: st, Pipeline: p, Bus: bus,
		RegistrationsOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	srv.Config.Handler = server.New(&config.Config{Host: u.Hostname(), Scheme: "http"}, st, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &instance{url: base, st: st, p: p}
}

// postTagged publishes a public Note with hashtags by a local user through the pipeline.
func (in *instance) postTagged(t *testing.T, u *store.User, text string, tags ...string) *store.Object {
	t.Helper()
	id := in.p.NewObjectID()
	var tagObjs []any
	for _, tag := range tags {
		tagObjs = append(tagObjs, map[string]any{"type": "Hashtag", "name": "#" + tag, "href": in.url + "/tags/" + tag})
	}
	note := map[string]any{"id": id, "type": "Note", "attributedTo": u.APID, "content": "<p>" + text + "</p>", "tag": tagObjs,
		"to": []any{ap.Public}, "cc": []any{u.FollowersURL}, "published": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
	create := ap.Object{"id": id + "/activity", "type": "Create", "actor": u.APID, "to": note["to"], "cc": note["cc"], "object": note}
	if _, err := in.p.Ingest(context.Background(), create, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
	o, err := in.st.ObjectByAPID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// direct publishes a direct message from one local user to another through the pipeline.
func (in *instance) direct(t *testing.T, from, to *store.User, text string) {
	t.Helper()
	id := in.p.NewObjectID()
	note := map[string]any{"id": id, "type": "Note", "attributedTo": from.APID, "content": "<p>" + text + "</p>",
		"to": []any{to.APID}, "tag": []any{map[string]any{"type": "Mention", "href": to.APID, "name": "@" + to.Nickname}},
		"published": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
	create := ap.Object{"id": id + "/activity", "type": "Create", "actor": from.APID, "to": note["to"], "object": note}
	if _, err := in.p.Ingest(context.Background(), create, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
}

// like has u like o through the pipeline.
func (in *instance) like(t *testing.T, u *store.User, o *store.Object) {
	t.Helper()
	if _, err := in.p.Ingest(context.Background(), ap.Object{"@context": "https://www.w3.org/ns/activitystreams",
		"id": in.p.NewObjectID(), "type": "Like", "actor": u.APID, "object": o.APID, "to": []any{o.Actor}},
		activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
}

// TestSignUpFollowSearchAndNotifications: a person signs up, finds a hashtag through search
// and sees a new post arrive on the hashtag page live, follows its author from the profile
// (in place), and the author sees the follow, then a like arriving live, on the
// notifications page.
func TestSignUpFollowSearchAndNotifications(t *testing.T) {
	in := startOpen(t)
	in.seed(t)
	alice, err := in.st.LocalUser(context.Background(), "alice")
	must(t, "alice", err)
	bob, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "create bob", err)
	carol, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "carol", Password: "password123", Locked: true})
	must(t, "create carol", err)
	in.direct(t, bob, alice, "Are you coming to the garden on Sunday?")
	in.direct(t, carol, alice, "Thanks for the cat pictures!")
	first := in.postTagged(t, alice, "Morning walk with the #cats", "cats")
	in.postTagged(t, bob, "Weekly #gardening thread", "gardening")
	ctx := browser(t)

	must(t, "sign-up page from the login page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/login"),
		chromedp.Click(chromedp.CSS(`a[href="/signup"]`)),
		chromedp.WaitVisible(chromedp.CSS("#signup-username")),
	))
	must(t, "a refused sign-up", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#signup-username"), "erin"),
		chromedp.SendKeys(chromedp.CSS("#signup-email"), "erin@example.com"),
		chromedp.SendKeys(chromedp.CSS("#signup-password"), "password123"),
		chromedp.SendKeys(chromedp.CSS("#signup-password-confirmation"), "password124"),
		chromedp.Click(chromedp.CSS(`input[name=agreement]`)),
		chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#signup-password-error")),
	))
	noProblems(t, ctx, "signup-error")
	shot(t, ctx, "signup-desktop-light")
	must(t, "sign up", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#signup-password"), "password123"),
		chromedp.SendKeys(chromedp.CSS("#signup-password-confirmation"), "password123"),
		chromedp.Click(chromedp.CSS(`input[name=agreement]`)),
		chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
	))
	if _, err := in.st.LocalUser(context.Background(), "erin"); err != nil {
		t.Fatalf("erin was not created: %v", err)
	}

	must(t, "search a hashtag", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/search"]`)),
		chromedp.WaitVisible(chromedp.CSS("#search-q")),
		chromedp.SendKeys(chromedp.CSS("#search-q"), "cats"),
		chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/tags/cats"]`)),
	))
	noProblems(t, ctx, "search")
	shot(t, ctx, "search-desktop-light")
	must(t, "open the hashtag page", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/tags/cats"]`)),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "Morning walk")]`)),
	))
	time.Sleep(300 * time.Millisecond) // let the live stream connect
	in.postTagged(t, bob, "Another cat picture for #cats", "cats")
	in.postTagged(t, bob, "Nothing about felines here #gardening", "gardening")
	must(t, "the new post arrives live", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.Search(`//div[@id="feed"]/article[contains(., "Another cat picture")]`)),
	))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#feed article").length`)); err != nil || n != 2 {
		t.Fatalf("hashtag feed has %d cards (%v)", n, err)
	}
	noProblems(t, ctx, "tag page")
	shot(t, ctx, "tag-desktop-light")

	must(t, "follow alice from her profile", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/@alice"),
		chromedp.Click(chromedp.CSS(`button[data-action="follow"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-action="unfollow"]`)),
	))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != in.url+"/@alice" {
		t.Fatalf("following navigated to %s", loc)
	}
	noProblems(t, ctx, "profile follow")
	shot(t, ctx, "profile-follow-desktop-light")

	must(t, "request to follow a locked account", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/@carol"),
		chromedp.Click(chromedp.CSS(`button[data-action="follow"]`)),
		chromedp.WaitVisible(chromedp.Search(`//button[@data-action="unfollow" and contains(., "Requested")]`)),
		chromedp.Click(chromedp.CSS(`summary[aria-label="More actions"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-action="mute"]`)),
	))
	noProblems(t, ctx, "profile request")
	shot(t, ctx, "profile-requested-desktop-light")

	must(t, "explore", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/explore"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/tags/cats"]`)),
	))
	noProblems(t, ctx, "explore")
	shot(t, ctx, "explore-desktop-light")

	must(t, "sign out, sign in as alice", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/login"]`)),
		chromedp.Navigate(in.url+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-username")),
		chromedp.SendKeys(chromedp.CSS("#login-username"), "alice"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "password123"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#composer")),
		chromedp.Click(chromedp.CSS(`nav a[href="/notifications"]`)),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "followed you")]`)),
	))
	time.Sleep(300 * time.Millisecond)
	in.like(t, bob, first)
	must(t, "a like arrives live", chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.Search(`//div[@id="notifications"]/article[contains(., "liked your post")]`)),
	))
	noProblems(t, ctx, "notifications")
	shot(t, ctx, "notifications-desktop-light")
	must(t, "mark all as read", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//button[contains(., "Mark all as read")]`)),
		chromedp.WaitNotPresent(chromedp.Search(`//button[contains(., "Mark all as read")]`)),
	))

	// Dark theme and a phone: the same pages.
	must(t, "dark theme", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("[data-theme-toggle]")),
		chromedp.Click(chromedp.CSS("[data-theme-toggle]")),
		chromedp.Navigate(in.url+"/notifications"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-theme="dark"]`)),
	))
	shot(t, ctx, "notifications-desktop-dark")
	must(t, "bookmark, then the bookmarks page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=local"),
		chromedp.Click(chromedp.Search(`//article[contains(., "Weekly")]//button[@aria-label="Bookmark"]`)),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "Weekly")]//button[@aria-label="Remove bookmark"]`)),
		chromedp.Navigate(in.url+"/bookmarks"),
		chromedp.WaitVisible(chromedp.Search(`//article[contains(., "Weekly")]`)),
	))
	noProblems(t, ctx, "bookmarks")
	shot(t, ctx, "bookmarks-desktop-dark")
	for _, p := range []struct{ path, wait, name string }{
		{"/@bob", "#profile-name", "profile-bob"},
		{"/explore", "#trending-title", "explore"},
		{"/direct", `section[aria-label="Conversation with carol"]`, "direct"},
		{"/search?q=bob", "#results-people", "search"},
	} {
		must(t, p.name+" dark", chromedp.Do(ctx, chromedp.Navigate(in.url+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))))
		noProblems(t, ctx, p.name+" dark")
		shot(t, ctx, p.name+"-desktop-dark")
	}
	must(t, "phone", chromedp.Do(ctx, chromedp.EmulateViewport(360, 780)))
	for _, p := range []struct{ path, wait, name string }{
		{"/notifications", "#notifications", "notifications"},
		{"/@bob", "#profile-name", "profile-bob"},
		{"/tags/cats", "#feed", "tag"},
		{"/search?q=cats", "#results-people", "search"},
	} {
		must(t, p.name+" phone", chromedp.Do(ctx, chromedp.Navigate(in.url+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))))
		noProblems(t, ctx, p.name+" phone")
		shot(t, ctx, p.name+"-phone-dark")
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	must(t, "overflow", err)
	if wide {
		t.Fatal("the page scrolls sideways at 360 px")
	}
}
