//go:build e2e

package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// activeIs reports whether the focused element matches the CSS selector.
func activeIs(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var a=document.activeElement;return !!a&&a.matches(`+
		jsString(selector)+`)})()`))
	must(t, "read the focus", err)
	return ok
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// dark makes the browser prefer a dark (or light) colour scheme.
func dark(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	v := "light"
	if on {
		v = "dark"
	}
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia,
		emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}})
	must(t, "colour scheme "+v, err)
}

// TestReplyInDialog replies from a timeline through the dialog (focus inside, the reply
// posted, the dialog gone, the focus back on the button) and closes one with Escape, with
// screenshots of the dialog in light, dark and at phone width.
func TestReplyInDialog(t *testing.T) {
	in := start(t)
	in.seed(t)
	bob, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "create bob", err)
	in.post(t, bob, "Bob asks: what is for dinner tonight?")
	ctx := browser(t)
	signInAlice(t, ctx, in)

	bobs := `//article[contains(., "Bob asks")]`
	replyButton := bobs + `//a[@aria-haspopup="dialog" and starts-with(@aria-label, "Reply")]`
	dialog := chromedp.CSS("dialog[data-modal][open]")
	must(t, "open the reply dialog", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=local"),
		chromedp.WaitVisible(chromedp.Search(bobs)),
		chromedp.Click(chromedp.Search(replyButton)),
		chromedp.WaitVisible(dialog),
	))
	if !activeIs(t, ctx, "dialog[open] textarea[name=status]") {
		t.Fatal("the focus did not move into the dialog's text")
	}
	text, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("dialog[open] textarea[name=status]")))
	must(t, "prefilled text", err)
	if text != "@bob " {
		t.Fatalf("the reply starts with %q", text)
	}
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var d=document.querySelector("dialog[open]");return document.getElementById(d.getAttribute("aria-labelledby")).textContent})()`))
	must(t, "dialog name", err)
	if name != "Reply to bob" {
		t.Fatalf("the dialog is named %q", name)
	}
	// The ids the page's own composer also has were made unique in the dialog.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[id="composer"], [id="compose-text"]').length`))
	must(t, "count ids", err)
	if n != 2 {
		t.Fatalf("%d elements share the composer's ids", n)
	}
	must(t, "type", chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("dialog[open] textarea[name=status]"), "pasta, as always")))
	noProblems(t, ctx, "reply dialog")
	shot(t, ctx, "modal-reply-desktop-light")
	dark(t, ctx, true)
	shot(t, ctx, "modal-reply-desktop-dark")
	dark(t, ctx, false)

	must(t, "post the reply", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("dialog[open] button[type=submit].btn-primary")),
		chromedp.WaitNotPresent(chromedp.CSS("dialog[data-modal]")),
		chromedp.WaitVisible(chromedp.Search(`//*[@role="status" and contains(., "Your reply was posted.")]`)),
	))
	if !activeIs(t, ctx, `a[data-modal-opener][aria-label^="Reply"]`) {
		t.Fatal("the focus did not come back to the reply button")
	}
	reply := storedNote(t, in, "pasta, as always")
	if !strings.Contains(string(reply.Data), `"inReplyTo"`) {
		t.Fatalf("the reply is not a reply: %s", reply.Data)
	}
	noProblems(t, ctx, "after the reply")
	shot(t, ctx, "after-reply-desktop-light")
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.Search(replyButton+`/span`)))
	must(t, "reply count", err)
	if count != "1" {
		t.Fatalf("the reply count says %q", count)
	}

	// Escape closes the dialog, and the focus goes back to the button.
	must(t, "open and escape", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(replyButton)),
		chromedp.WaitVisible(dialog),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotPresent(chromedp.CSS("dialog[data-modal]")),
	))
	if !activeIs(t, ctx, `a[data-modal-opener][aria-label^="Reply"]`) {
		t.Fatal("after Escape the focus is not on the reply button")
	}

	// The dialog at phone width, light and dark.
	must(t, "phone", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(in.url+"/?timeline=local"),
		chromedp.WaitVisible(chromedp.Search(bobs)),
		chromedp.Click(chromedp.Search(replyButton)),
		chromedp.WaitVisible(dialog),
	))
	time.Sleep(200 * time.Millisecond)
	noProblems(t, ctx, "phone dialog")
	shot(t, ctx, "modal-reply-phone-light")
	dark(t, ctx, true)
	shot(t, ctx, "modal-reply-phone-dark")
}

// storedNote finds the newest stored status whose source contains text.
func storedNote(t *testing.T, in *instance, text string) *store.Object {
	t.Helper()
	rows, err := in.st.Timeline(context.Background(), store.Timeline{Public: true, Page: store.Page{Limit: 40}})
	must(t, "timeline", err)
	for _, o := range rows {
		if strings.Contains(string(o.Data), text) {
			return o
		}
	}
	t.Fatalf("no stored status with %q", text)
	return nil
}

// TestReplyEditDeleteOnThread replies through the dialog on a thread page (the reply appears
// under its parent, without a reload), then edits and deletes it in place.
func TestReplyEditDeleteOnThread(t *testing.T) {
	in := start(t)
	in.seed(t)
	bob, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "create bob", err)
	in.post(t, bob, "Bob asks: what is for dinner tonight?")
	parent := storedNote(t, in, "Bob asks")
	in.reply(t, bob, parent, "pasta, as always")
	ctx := browser(t)
	signInAlice(t, ctx, in)
	dialog := chromedp.CSS("dialog[data-modal][open]")

	// On the thread page, a reply to a reply appears under it, without a reload.
	must(t, "thread page", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/@bob/"+parent.APID[strings.LastIndex(parent.APID, "/")+1:]),
		chromedp.WaitVisible(chromedp.CSS(".status-focused")),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="replies"]/article[contains(., "pasta, as always")]`)),
	))
	here, _ := chromedp.Run(ctx, chromedp.Location())
	// The thread's own status has its reply form on the page: its button focuses it.
	must(t, "reply to the thread's status", chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.status-focused a[href$="#reply"]`))))
	if !activeIs(t, ctx, "#reply textarea[name=status]") {
		t.Fatal("the thread's reply button does not focus its reply form")
	}
	bobsReply := `//div[@id="replies"]/article[contains(., "pasta, as always")]`
	must(t, "reply to the reply", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(bobsReply+`//a[@aria-haspopup="dialog" and starts-with(@aria-label, "Reply")]`)),
		chromedp.WaitVisible(dialog),
		chromedp.SendKeys(chromedp.CSS("dialog[open] textarea[name=status]"), "and salad"),
		chromedp.Click(chromedp.CSS("dialog[open] button[type=submit].btn-primary")),
		chromedp.WaitNotPresent(chromedp.CSS("dialog[data-modal]")),
		chromedp.WaitVisible(chromedp.Search(bobsReply+`/following-sibling::article[1][contains(., "and salad")]`)),
	))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != here {
		t.Fatalf("the reply navigated to %s", loc)
	}
	noProblems(t, ctx, "thread reply")

	// Edit in place: the dialog holds the source; saving changes the card where it is.
	salad := `//div[@id="replies"]/article[contains(., "and salad")]`
	must(t, "edit", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(salad+`//a[@aria-label="Edit"]`)),
		chromedp.WaitVisible(dialog),
	))
	src, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("dialog[open] textarea[name=status]")))
	must(t, "edit source", err)
	if src != "@bob and salad" {
		t.Fatalf("the edit dialog holds %q", src)
	}
	shot(t, ctx, "modal-edit-desktop-light")
	must(t, "save the edit", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("dialog[open] textarea[name=status]"), "@bob and a green salad"),
		chromedp.Click(chromedp.CSS("dialog[open] button[type=submit].btn-primary")),
		chromedp.WaitNotPresent(chromedp.CSS("dialog[data-modal]")),
		chromedp.WaitVisible(chromedp.Search(`//div[@id="replies"]/article[contains(., "and a green salad")]`)),
	))
	if !activeIs(t, ctx, `a[aria-label="Edit"]`) {
		t.Fatal("after the edit the focus is not on the card's edit button")
	}
	noProblems(t, ctx, "edit")

	// Delete in place, after the question.
	green := `//div[@id="replies"]/article[contains(., "and a green salad")]`
	must(t, "delete", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(green+`//a[@aria-label="Delete"]`)),
		chromedp.WaitVisible(chromedp.Search(`//dialog[@open]//h2[.="Delete this post?"]`)),
	))
	if !activeIs(t, ctx, "dialog[open] [data-modal-cancel]") {
		t.Fatal("the delete question does not focus Cancel")
	}
	shot(t, ctx, "modal-delete-desktop-light")
	must(t, "confirm", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("dialog[open] button.btn-danger")),
		chromedp.WaitNotPresent(chromedp.CSS("dialog[data-modal]")),
		chromedp.WaitNotPresent(chromedp.Search(green)),
	))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != here {
		t.Fatalf("the deletion navigated to %s", loc)
	}
	noProblems(t, ctx, "delete")
}

// reply publishes a public reply by a local user through the pipeline.
func (in *instance) reply(t *testing.T, u *store.User, parent *store.Object, text string) {
	t.Helper()
	id := in.p.NewObjectID()
	note := map[string]any{"id": id, "type": "Note", "attributedTo": u.APID, "content": "<p>" + text + "</p>",
		"inReplyTo": parent.APID, "to": []any{ap.Public}, "cc": []any{u.FollowersURL},
		"published": time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
	create := ap.Object{"id": id + "/activity", "type": "Create", "actor": u.APID, "to": note["to"], "cc": note["cc"], "object": note}
	if _, err := in.p.Ingest(context.Background(), create, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
}

// TestFilteredCardsAndRemoteFollow shows a card a warn filter collapses (opened with Show
// anyway, no script needed) and the remote follow form a visitor gets on a local profile,
// with screenshots.
func TestFilteredCardsAndRemoteFollow(t *testing.T) {
	in := start(t)
	in.seed(t)
	bob, err := auth.CreateLocal(context.Background(), in.st, in.url, auth.NewUser{Nickname: "bob", Password: "password123"})
	must(t, "create bob", err)
	in.post(t, bob, "Spoilers: the butler did it again")
	in.post(t, bob, "A quiet evening with tea")
	alice, err := in.st.LocalUser(context.Background(), "alice")
	must(t, "alice", err)
	must(t, "filter", in.st.CreateFilter(context.Background(), &store.Filter{UserID: alice.ID, Title: "Mystery novels",
		Action: "warn", Context: []string{"public"}, Keywords: []store.FilterKeyword{{Keyword: "butler", WholeWord: true}}}))

	ctx := browser(t)
	// A visitor on bob's profile: Follow opens the form for their own server's address.
	must(t, "visitor profile", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/@bob"),
		chromedp.WaitVisible(chromedp.CSS("#profile-name")),
		chromedp.Click(chromedp.CSS("details[data-remote-follow] summary")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/remote_follow"] input[name=handle]`)),
	))
	noProblems(t, ctx, "remote follow")
	shot(t, ctx, "remote-follow-desktop-light")

	signInAlice(t, ctx, in)
	butler := `//article[contains(., "Filtered: Mystery novels")]`
	must(t, "filtered card", chromedp.Do(ctx,
		chromedp.Navigate(in.url+"/?timeline=local"),
		chromedp.WaitVisible(chromedp.Search(butler)),
	))
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){
		var d = document.querySelector("article details.group\\/filter");
		return !!d && !d.open && !d.querySelector(".status-content").checkVisibility();
	})()`))
	must(t, "read the filtered card", err)
	if !hidden {
		t.Fatal("the filtered card's text is shown")
	}
	shot(t, ctx, "filtered-desktop-light")
	must(t, "show anyway", chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(butler+`//summary`)),
		chromedp.WaitVisible(chromedp.CSS("article details[open] .status-content")),
	))
	dark(t, ctx, true)
	noProblems(t, ctx, "filtered")
	shot(t, ctx, "filtered-desktop-dark")
}
