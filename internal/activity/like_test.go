package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// mastodonLike is fixtures/ap/rebased/mastodon-like.json with this test's ids.
func mastodonLike(id, actor, object string) ap.Object {
	return obj("@context", []any{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
		"type", "Like", "id", id, "actor", actor, "object", object, "nickname", "lain",
		"signature", map[string]any{"type": "RsaSignature2017", "creator": actor + "#main-key", "signatureValue": "x"})
}

func TestLikeFavouritesNotifiesAndIsIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "hello")
	e.drain()

	like := mastodonLike(bob+"#likes/2", bob, note)
	row := e.mustIngest(like, toInbox(alice))
	if row.Type != "Like" || row.Actor != bob || row.Object != note || row.Local {
		t.Fatalf("row = %+v", row)
	}
	if r := e.relationship(store.RelLike, bob, note); r.ActivityAPID != like.ID() {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
	ns := e.notifs(alice, store.NotifyFavourite)
	if len(ns) != 1 || ns[0].Actor != bob || ns[0].Object != note || ns[0].ActivityAPID != like.ID() {
		t.Fatalf("notifications = %+v", ns)
	}
	if evs := e.drain(); !eventFor(evs, stream.EventStatusUpdate, note) {
		t.Fatalf("no status update for %s in %+v", note, evs)
	}
	if len(e.deliver.got()) != 1 { // only alice's Create
		t.Fatalf("remote Like delivered: %v", e.deliver.got())
	}

	// The same Like again, then another Like by bob of the same note: one favourite, one
	// notification; the newer activity is the one an Undo must name.
	e.mustIngest(mastodonLike(bob+"#likes/2", bob, note), toInbox(alice))
	if evs := e.drain(); len(evs) != 0 {
		t.Fatalf("repeat had effects: %+v", evs)
	}
	e.mustIngest(mastodonLike(bob+"#likes/3", bob, note), toInbox(alice))
	if got := e.rels(store.RelLike, note); len(got) != 1 {
		t.Fatalf("likers = %v", got)
	}
	if ns := e.notifs(alice, store.NotifyFavourite); len(ns) != 1 {
		t.Fatalf("%d favourite notifications", len(ns))
	}
	if r := e.relationship(store.RelLike, bob, note); r.ActivityAPID != bob+"#likes/3" {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
}

func TestLikeOfUnknownRemoteStatusIsFetched(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	target := "https://other.test/notes/1"
	e.mustIngest(mastodonLike("https://remote.test/likes/1", bob, target), fromInbox)
	if !e.hasRel(store.RelLike, bob, target) {
		t.Fatal("no relationship")
	}
	if got := e.fetch.got(); len(got) != 1 || got[0] != target {
		t.Fatalf("fetches = %v", got)
	}
	if evs := e.eventsOf(stream.EventStatusUpdate); len(evs) != 0 {
		t.Fatalf("status update for an unknown status: %+v", evs)
	}
}

func TestLikeLocalIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "hi")
	id := e.p.NewObjectID()
	row := e.mustIngest(obj("id", id, "type", "Like", "actor", alice, "object", note, "to", []any{bob}), fromLocal)
	if !row.Local || !e.hasRel(store.RelLike, alice, note) {
		t.Fatalf("row = %+v", row)
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
	if len(e.fetch.got()) != 0 {
		t.Fatalf("fetched a stored status: %v", e.fetch.got())
	}
	// A local Like of a status we do not have is refused: the API only likes what it shows.
	_, err := e.ingest(obj("id", e.p.NewObjectID(), "type", "Like", "actor", alice, "object", "https://remote.test/notes/404"), fromLocal)
	wantInvalid(t, err, nil)
}

func TestLikeRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "hello")
	private := e.localNote(alice, "followers only", alice+"/followers")
	boost := e.p.NewObjectID() // a public activity: visible, but not a status
	e.mustIngest(obj("id", boost, "type", "Announce", "actor", alice, "object", e.remoteNote(bob, "https://remote.test/n/1", "x"),
		"to", []any{ap.Public}), fromLocal)

	cases := map[string]struct {
		doc    ap.Object
		origin activity.Origin
		target error
	}{
		"no object":              {obj("id", "https://remote.test/l/1", "type", "Like", "actor", bob), fromInbox, nil},
		"no actor":               {obj("id", "https://remote.test/l/2", "type", "Like", "object", note), fromInbox, nil},
		"id on another host":     {mastodonLike("https://evil.test/l/3", bob, note), fromInbox, activity.ErrActorMismatch},
		"unknown local status":   {mastodonLike("https://remote.test/l/4", bob, base+"/objects/nope"), fromInbox, nil},
		"not a status":           {mastodonLike("https://remote.test/l/5", bob, boost), fromInbox, nil},
		"followers-only unseen":  {mastodonLike("https://remote.test/l/6", bob, private), fromInbox, nil},
		"local by remote actor":  {obj("id", base+"/objects/l7", "type", "Like", "actor", bob, "object", note), fromLocal, nil},
		"not addressed to inbox": {mastodonLike("https://remote.test/l/8", bob, "https://remote.test/n/1"), toInbox(alice), activity.ErrNotTargeted},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, c.origin)
			wantInvalid(t, err, c.target)
			if e.exists(c.doc.ID()) {
				t.Fatal("refused Like stored")
			}
		})
	}
	if e.hasRel(store.RelLike, bob, private) || len(e.notifs(alice, store.NotifyFavourite)) != 0 {
		t.Fatal("refused Like had effects")
	}
	// A follower may like a followers-only status.
	e.follow(bob, alice)
	e.mustIngest(mastodonLike("https://remote.test/l/9", bob, private), toInbox(alice))
	if !e.hasRel(store.RelLike, bob, private) {
		t.Fatal("follower's Like not recorded")
	}
}

func TestMisskeyLikeIsAnEmojiReaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	admin := e.remote("admin", "misskey.test")
	note := e.localNote(alice, "hello")

	// fixtures/ap/rebased/misskey-like.json: a legacy reaction name.
	legacy := doc(t, `{"@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", {"Hashtag": "as:Hashtag"}],
		"_misskey_reaction": "pudding", "actor": "`+admin+`", "cc": ["`+alice+`"],
		"id": "https://misskey.test/75149198-2f45-46e4-930a-8b0538297075", "nickname": "lain",
		"object": "`+note+`", "type": "Like"}`)
	e.mustIngest(legacy, toInbox(alice))
	if e.hasRel(store.RelLike, admin, note) || !e.hasRel(store.RelEmojiReact+"🍮", admin, note) {
		t.Fatal("misskey Like not stored as a 🍮 reaction")
	}
	ns := e.notifs(alice, store.NotifyReaction)
	if len(ns) != 1 || ns[0].Emoji != "🍮" || len(e.notifs(alice, store.NotifyFavourite)) != 0 {
		t.Fatalf("notifications = %+v", e.notifications(alice))
	}

	// fixtures/ap/rebased/custom-emoji-reaction.json: a custom emoji with its tag.
	custom := doc(t, `{"type": "Like", "id": "https://misskey.test/likes/917ocsybgp", "actor": "`+admin+`",
		"object": "`+note+`", "content": ":hanapog:", "_misskey_reaction": ":hanapog:",
		"tag": [{"id": "https://misskey.test/emojis/hanapog", "type": "Emoji", "name": ":hanapog:",
			"updated": "2022-06-07T12:00:05.773Z",
			"icon": {"type": "Image", "mediaType": "image/png", "url": "https://misskey.test/files/webpublic-8f8a9768"}}]}`)
	e.mustIngest(custom, toInbox(alice))
	if r := e.relationship(store.RelEmojiReact+":hanapog:", admin, note); r.EmojiURL != "https://misskey.test/files/webpublic-8f8a9768" {
		t.Fatalf("emoji url = %q", r.EmojiURL)
	}

	// A reaction we cannot show (a custom emoji without its tag) is still a favourite.
	odd := obj("id", "https://misskey.test/likes/3", "type", "Like", "actor", admin, "object", note, "_misskey_reaction", ":blob@other.test:")
	e.mustIngest(odd, toInbox(alice))
	if !e.hasRel(store.RelLike, admin, note) {
		t.Fatal("unusable reaction not kept as a favourite")
	}
	if e.stored(odd.ID()).String("content") != "" {
		t.Fatal("unusable reaction kept in content")
	}
}
