package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// mastodonAnnounce is fixtures/ap/rebased/mastodon-announce.json with this test's ids.
func mastodonAnnounce(id, actor string, object any) ap.Object {
	return obj("type", "Announce", "to", []any{ap.Public}, "published", "2018-02-17T19:39:15Z", "object", object, "id", id,
		"cc", []any{actor, actor + "/followers"}, "atomUri", id, "actor", actor)
}

func TestAnnounceBoostsNotifiesAndEmits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "hello")
	e.drain()

	a := mastodonAnnounce(bob+"/statuses/1/activity", bob, note)
	row := e.mustIngest(a, toInbox(alice))
	if row.Type != "Announce" || row.Object != note || row.Visibility != ap.VisibilityPublic {
		t.Fatalf("row = %+v", row)
	}
	if r := e.relationship(store.RelAnnounce, bob, note); r.ActivityAPID != a.ID() {
		t.Fatalf("relationship = %+v", r)
	}
	ns := e.notifs(alice, store.NotifyReblog)
	if len(ns) != 1 || ns[0].Actor != bob || ns[0].Object != note {
		t.Fatalf("notifications = %+v", ns)
	}
	evs := e.drain()
	if !eventFor(evs, stream.EventUpdate, a.ID()) || !eventFor(evs, stream.EventStatusUpdate, note) {
		t.Fatalf("events = %+v", evs)
	}
	e.mustIngest(mastodonAnnounce(bob+"/statuses/1/activity", bob, note), toInbox(alice))
	if len(e.drain()) != 0 || len(e.notifs(alice, store.NotifyReblog)) != 1 || len(e.rels(store.RelAnnounce, note)) != 1 {
		t.Fatal("repeated Announce had effects")
	}

	// Its own addressing decides where the boost shows: here unlisted.
	un := obj("id", bob+"/statuses/2/activity", "type", "Announce", "actor", bob, "object", note,
		"to", []any{bob + "/followers"}, "cc", []any{ap.Public})
	if r := e.mustIngest(un, fromInbox); r.Visibility != ap.VisibilityUnlisted {
		t.Fatalf("visibility = %s", r.Visibility)
	}
}

func TestAnnounceOfUnknownStatusIsFetched(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	target := "https://remote.test/@bob/99541947525187367"
	a := mastodonAnnounce(bob+"/statuses/9/activity", bob, target)
	e.mustIngest(a, fromInbox)
	if !e.hasRel(store.RelAnnounce, bob, target) {
		t.Fatal("no relationship")
	}
	if got := e.fetch.got(); len(got) != 1 || got[0] != target {
		t.Fatalf("fetches = %v", got)
	}
	// Not on timelines until the status is here.
	if evs := e.drain(); eventFor(evs, stream.EventUpdate, a.ID()) {
		t.Fatal("boost of an unknown status put on timelines")
	}
}

func TestAnnounceEmbeddedStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	emelie := e.remote("emelie", "other.test")

	// Embedded by its own server: ingested, and the Announce keeps a reference.
	own := publicNote(bob, "https://remote.test/notes/7", "mine")
	a := mastodonAnnounce(bob+"/statuses/7/activity", bob, map[string]any(own))
	e.mustIngest(a, fromInbox)
	if !e.exists(own.ID()) || e.stored(a.ID()).String("object") != own.ID() {
		t.Fatal("embedded status not ingested or Announce not stored by reference")
	}
	if len(e.fetch.got()) != 0 {
		t.Fatalf("fetches = %v", e.fetch.got())
	}

	// fixtures/ap/rebased/bogus-mastodon-announce.json: a status of another server embedded;
	// the copy is not trusted, the status is fetched from its origin.
	bogus := publicNote(emelie, "https://other.test/users/emelie/statuses/101849165031453404", "this is a public toot")
	b := mastodonAnnounce(bob+"/statuses/8/activity", bob, map[string]any(bogus))
	e.mustIngest(b, fromInbox)
	if e.exists(bogus.ID()) {
		t.Fatal("untrusted embedded status stored")
	}
	if got := e.fetch.got(); len(got) != 1 || got[0] != bogus.ID() {
		t.Fatalf("fetches = %v", got)
	}
}

func TestAnnounceLocalIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "hi")
	id := e.p.NewObjectID()
	e.mustIngest(obj("id", id, "type", "Announce", "actor", alice, "object", note, "to", []any{ap.Public},
		"cc", []any{alice + "/followers", bob}), fromLocal)
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
	_, err := e.ingest(obj("id", e.p.NewObjectID(), "type", "Announce", "actor", alice, "object", "https://remote.test/notes/404"), fromLocal)
	wantInvalid(t, err, nil)
}

func TestAnnounceVisibilityRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	e.follow(bob, alice)
	private := e.localNote(alice, "followers only", alice+"/followers")
	direct := e.localNote(alice, "just you", bob)

	cases := map[string]struct {
		doc    ap.Object
		origin activity.Origin
	}{
		"someone else's followers-only": {mastodonAnnounce(bob+"/statuses/1/activity", bob, private), fromInbox},
		"a direct message":              {mastodonAnnounce(bob+"/statuses/2/activity", bob, direct), fromInbox},
		"own direct message":            {obj("id", e.p.NewObjectID(), "type", "Announce", "actor", alice, "object", direct), fromLocal},
		"no object":                     {obj("id", bob+"/statuses/3/activity", "type", "Announce", "actor", bob), fromInbox},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, c.origin)
			wantInvalid(t, err, nil)
		})
	}
	if len(e.notifs(alice, store.NotifyReblog)) != 0 || e.hasRel(store.RelAnnounce, bob, private) {
		t.Fatal("refused Announce had effects")
	}
	// The author may boost their own followers-only status (to their followers).
	e.mustIngest(obj("id", e.p.NewObjectID(), "type", "Announce", "actor", alice, "object", private,
		"to", []any{alice + "/followers"}), fromLocal)
	if !e.hasRel(store.RelAnnounce, alice, private) {
		t.Fatal("self-boost refused")
	}
}
