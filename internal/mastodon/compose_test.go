package mastodon_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/mastodon"
)

// Compose and Interact are the API's status writing without HTTP: the web UI and scheduled
// statuses use them. Their errors carry the API's status codes.
func TestComposeAndInteract(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	code := func(err error) int {
		var e *mastodon.Error
		if errors.As(err, &e) {
			return e.Status
		}
		return 0
	}
	for name, in := range map[string]mastodon.ComposeParams{
		"blank":      {Text: "  "},
		"visibility": {Text: "x", Visibility: "everyone"},
		"poll":       {Text: "x", Poll: &mastodon.ComposePoll{Options: []string{"only"}, ExpiresIn: 3600}},
		"expiry":     {Text: "x", Poll: &mastodon.ComposePoll{Options: []string{"a", "b"}, ExpiresIn: 10}},
		"media":      {Text: "x", MediaIDs: []string{"nope"}},
	} {
		if _, err := a.svc.Compose(a.ctx, alice, in); code(err) != http.StatusUnprocessableEntity {
			t.Errorf("%s: %v, want 422", name, err)
		}
	}
	if _, err := a.svc.Compose(a.ctx, alice, mastodon.ComposeParams{Text: "x", InReplyToID: "missing"}); code(err) != http.StatusNotFound {
		t.Errorf("unknown parent: %v", err)
	}
	dm, err := a.svc.Compose(a.ctx, alice, mastodon.ComposeParams{Text: "@bob hi", Visibility: ap.VisibilityDirect})
	if err != nil || dm.Visibility != ap.VisibilityDirect || dm.Actor != alice.APID {
		t.Fatalf("dm %+v %v", dm, err)
	}
	carol := a.user("carol")
	if _, err := a.svc.Compose(a.ctx, carol, mastodon.ComposeParams{Text: "x", InReplyToID: dm.ID}); code(err) != http.StatusNotFound {
		t.Errorf("reply to a DM carol cannot see: %v", err)
	}
	q, err := a.svc.Compose(a.ctx, alice, mastodon.ComposeParams{Text: "which?", InReplyToID: dm.ID,
		Poll: &mastodon.ComposePoll{Options: []string{"a", "b"}, ExpiresIn: 3600, Multiple: true}})
	if err != nil || q.Type != "Question" || q.InReplyTo != dm.APID {
		t.Fatalf("poll reply %+v %v", q, err)
	}
	bt := a.token(bob, "read")
	st := a.do("GET", "/api/v1/statuses/"+q.ID, bt, nil).obj()
	if st["poll"] == nil || st["poll"].(map[string]any)["multiple"] != true {
		t.Fatalf("rendered %v", st)
	}

	pub, err := a.svc.Compose(a.ctx, alice, mastodon.ComposeParams{Text: "public"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.Interact(a.ctx, bob, pub.ID, "poke"); code(err) != http.StatusUnprocessableEntity {
		t.Errorf("unknown action: %v", err)
	}
	if _, err := a.svc.Interact(a.ctx, carol, dm.ID, mastodon.ActionFavourite); code(err) != http.StatusNotFound {
		t.Errorf("favourite of an invisible DM: %v", err)
	}
	if _, err := a.svc.Interact(a.ctx, bob, dm.ID, mastodon.ActionReblog); code(err) != http.StatusForbidden {
		t.Errorf("reblog of a DM: %v", err)
	}
	for _, act := range []string{mastodon.ActionFavourite, mastodon.ActionBookmark, mastodon.ActionFavourite} {
		o, err := a.svc.Interact(a.ctx, bob, pub.ID, act)
		if err != nil || o.ID != pub.ID {
			t.Fatalf("%s: %+v %v", act, o, err)
		}
	}
	boost, err := a.svc.Interact(a.ctx, bob, pub.ID, mastodon.ActionReblog)
	if err != nil || boost.Type != "Announce" || boost.Object != pub.APID {
		t.Fatalf("reblog %+v %v", boost, err)
	}
	again, _ := a.svc.Interact(a.ctx, bob, pub.ID, mastodon.ActionReblog)
	if again == nil || again.ID != boost.ID {
		t.Fatalf("second reblog %+v, want the first", again)
	}
	st = a.do("GET", "/api/v1/statuses/"+pub.ID, bt, nil).obj()
	if st["favourited"] != true || st["bookmarked"] != true || st["reblogged"] != true || st["favourites_count"] != float64(1) {
		t.Fatalf("after interactions %v", st)
	}
	for _, act := range []string{mastodon.ActionUnfavourite, mastodon.ActionUnbookmark, mastodon.ActionUnreblog} {
		if _, err := a.svc.Interact(a.ctx, bob, pub.ID, act); err != nil {
			t.Fatalf("%s: %v", act, err)
		}
	}
	st = a.do("GET", "/api/v1/statuses/"+pub.ID, bt, nil).obj()
	if st["favourited"] != false || st["bookmarked"] != false || st["reblogged"] != false {
		t.Fatalf("after undoing %v", st)
	}
}
