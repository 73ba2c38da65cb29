package activity_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// mastodonDelete is fixtures/ap/rebased/mastodon-delete.json: a Delete of a Tombstone.
func mastodonDelete(actor, target string) ap.Object {
	return obj("type", "Delete", "id", target+"#delete", "actor", actor,
		"object", map[string]any{"type": "Tombstone", "id": target, "atomUri": target})
}

func TestDeleteRemovesOwnedNoteAndWhatConcernsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	carol := e.remote("carol", "other.test")
	n := publicNote(bob, "https://remote.test/notes/1", "hi @alice")
	n["tag"] = []any{map[string]any{"type": "Mention", "href": alice}}
	note := e.mustIngest(n, fromFetched).APID
	boost := e.p.NewObjectID()
	e.mustIngest(obj("id", boost, "type", "Announce", "actor", alice, "object", note, "to", []any{ap.Public}), fromLocal)
	e.mustIngest(obj("id", e.p.NewObjectID(), "type", "Like", "actor", alice, "object", note), fromLocal)
	e.mustIngest(mastodonLike("https://other.test/likes/1", carol, note), fromInbox)
	e.mustIngest(emojiReaction("https://other.test/reacts/1", carol, note, "👍"), fromInbox)
	other := e.remoteNote(bob, "https://remote.test/notes/2", "stays")
	e.mustIngest(mastodonLike("https://other.test/likes/2", carol, other), fromInbox)
	if len(e.notifs(alice, store.NotifyMention)) != 1 {
		t.Fatal("setup: no mention")
	}
	e.follow(alice, bob)
	e.drain()

	d := mastodonDelete(bob, note)
	row := e.mustIngest(d, toInbox(alice))
	if row.Type != "Delete" || row.Object != note || !e.exists(d.ID()) {
		t.Fatalf("Delete row = %+v", row)
	}
	if e.exists(note) || e.exists(boost) || e.exists("https://other.test/likes/1") {
		t.Fatal("note or activities on it still stored")
	}
	for _, typ := range []string{store.RelLike, store.RelAnnounce, store.RelEmojiReact + "👍"} {
		if got := e.rels(typ, note); len(got) != 0 {
			t.Fatalf("%s relationships left: %v", typ, got)
		}
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatalf("notifications left: %+v", e.notifications(alice))
	}
	evs := e.drain()
	if !eventFor(evs, stream.EventDelete, note) || !eventFor(evs, stream.EventDelete, boost) {
		t.Fatalf("events = %+v", evs)
	}
	if !e.exists(other) || !e.hasRel(store.RelLike, carol, other) {
		t.Fatal("unrelated note affected")
	}
	// Delivered again: nothing more happens.
	e.mustIngest(mastodonDelete(bob, note), toInbox(alice))
	if len(e.drain()) != 0 {
		t.Fatal("repeated Delete had effects")
	}
}

func TestDeleteBySomeoneElseIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "remote.test")
	mallory := e.remote("mallory", "evil.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "bob's")
	mine := e.localNote(alice, "alice's")

	cases := map[string]struct {
		doc    ap.Object
		origin activity.Origin
		target error
	}{
		"same server, other author": {obj("id", "https://remote.test/eve/d/1", "type", "Delete", "actor", eve, "object", note), fromInbox, activity.ErrNotOwner},
		"other server":              {obj("id", "https://evil.test/d/2", "type", "Delete", "actor", mallory, "object", note), fromInbox, activity.ErrNotOwner},
		"a local note":              {obj("id", "https://evil.test/d/3", "type", "Delete", "actor", mallory, "object", mine), fromInbox, activity.ErrNotOwner},
		"unknown, another server":   {obj("id", "https://evil.test/d/4", "type", "Delete", "actor", mallory, "object", "https://remote.test/notes/404"), fromInbox, activity.ErrNotOwner},
		"local user, remote note":   {obj("id", e.p.NewObjectID(), "type", "Delete", "actor", alice, "object", note), fromLocal, activity.ErrNotOwner},
		"as if from bob's server":   {obj("id", "https://evil.test/d/5", "type", "Delete", "actor", bob, "object", note), fromInbox, activity.ErrActorMismatch},
		"no object":                 {obj("id", "https://remote.test/d/6", "type", "Delete", "actor", bob), fromInbox, nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, c.origin)
			wantInvalid(t, err, c.target)
			if e.exists(c.doc.ID()) {
				t.Fatal("refused Delete stored")
			}
		})
	}
	if !e.exists(note) || !e.exists(mine) {
		t.Fatal("note deleted by someone else")
	}
}

func TestDeleteOfUnknownTargetIsRecorded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	target := "https://remote.test/users/bob/statuses/99620895606148759"
	e.mustIngest(mastodonDelete(bob, target), fromInbox)
	ds, err := e.st.ObjectsByTypeAndTarget(e.ctx, "Delete", target)
	if err != nil || len(ds) != 1 || ds[0].Actor != bob {
		t.Fatalf("Delete record = %+v, %v", ds, err)
	}
	if evs := e.drain(); len(evs) != 0 {
		t.Fatalf("events = %+v", evs)
	}
}

func TestDeleteOfActorPurgesRemoteUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("admin", "remote.test")
	carol := e.remote("carol", "other.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "bye")
	mine := e.localNote(alice, "hello")
	e.mustIngest(mastodonLike("https://remote.test/likes/1", bob, mine), toInbox(alice))
	e.mustIngest(mastodonLike("https://other.test/likes/1", carol, note), fromInbox)
	e.follow(bob, alice)
	e.follow(alice, bob)
	if _, err := e.st.PutRelationship(e.ctx, &store.Relationship{Type: store.RelBlock, Actor: alice, Object: bob}); err != nil {
		t.Fatal(err)
	}
	block := &store.Object{APID: e.p.NewObjectID(), Type: "Block", Actor: alice, Object: bob, Local: true,
		Data: []byte(`{}`), Visibility: ap.VisibilityDirect}
	if _, err := e.st.InsertObject(e.ctx, block); err != nil {
		t.Fatal(err)
	}
	e.drain()

	// fixtures/ap/rebased/mastodon-delete-user.json
	d := obj("type", "Delete", "object", map[string]any{"type": "Person", "id": bob, "atomUri": bob}, "id", bob+"#delete", "actor", bob)
	e.mustIngest(d, fromInbox)
	if _, err := e.st.UserByAPID(e.ctx, bob); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("user still stored: %v", err)
	}
	if e.exists(note) || e.exists("https://remote.test/likes/1") || e.exists("https://other.test/likes/1") {
		t.Fatal("objects of or on the deleted actor still stored")
	}
	if !e.exists(d.ID()) || !e.exists(mine) {
		t.Fatal("Delete record or another's note gone")
	}
	if e.hasRel(store.RelLike, bob, mine) || e.hasRel(store.RelFollow, bob, alice) || e.hasRel(store.RelFollow, alice, bob) ||
		e.hasRel(store.RelLike, carol, note) {
		t.Fatal("relationships left")
	}
	if !e.hasRel(store.RelBlock, alice, bob) || !e.exists(block.APID) {
		t.Fatal("alice's block lifted by the deletion")
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatalf("notifications left: %+v", e.notifications(alice))
	}
	if !eventFor(e.drain(), stream.EventDelete, note) {
		t.Fatal("no delete event for the actor's note")
	}
	// An actor can only delete itself.
	_, err := e.ingest(obj("type", "Delete", "object", carol, "id", "https://remote.test/d/9", "actor", e.remote("eve", "remote.test")), fromInbox)
	wantInvalid(t, err, activity.ErrNotOwner)
	if _, err := e.st.UserByAPID(e.ctx, carol); err != nil {
		t.Fatal("carol deleted by eve")
	}
}

func TestDeleteLocalIsDeliveredFromTheDeleteRow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.localNote(alice, "oops", ap.Public, bob)
	e.drain()
	id := e.p.NewObjectID()
	e.mustIngest(obj("id", id, "type", "Delete", "actor", alice,
		"object", map[string]any{"id": note, "type": "Tombstone", "formerType": "Note"}), fromLocal)
	if e.exists(note) {
		t.Fatal("note still stored")
	}
	if got := e.deliver.got(); len(got) != 2 || got[1] != id {
		t.Fatalf("deliveries = %v", got)
	}
	// The Delete carries the note's audience, for the delivery that runs after it is gone.
	rcpt, err := e.st.Recipients(e.ctx, e.row(id).ID)
	if err != nil || !slices.Contains(rcpt, ap.Public) || !slices.Contains(rcpt, bob) {
		t.Fatalf("Delete recipients = %v, %v", rcpt, err)
	}
	if !eventFor(e.drain(), stream.EventDelete, note) {
		t.Fatal("no delete event")
	}

	// A local account deletion is federated; the account code removes the account.
	self := e.p.NewObjectID()
	e.mustIngest(obj("id", self, "type", "Delete", "actor", alice, "object", alice, "to", []any{ap.Public}), fromLocal)
	if got := e.deliver.got(); len(got) != 3 || got[2] != self {
		t.Fatalf("deliveries = %v", got)
	}
	if _, err := e.st.UserByAPID(e.ctx, alice); err != nil {
		t.Fatalf("local user removed by the pipeline: %v", err)
	}
}
