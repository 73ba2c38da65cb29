package activity_test

import (
	"errors"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

func TestUndoFollowByReference(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	u := undoActivity("https://remote.test/undos/1", bob, fid)
	e.mustIngest(u, toInbox(alice))
	if e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("Follow not removed")
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatal("follow notification left")
	}
	// The same Undo again is accepted and changes nothing.
	e.mustIngest(u, toInbox(alice))
}

func TestUndoEmbeddedFollowRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.lockedLocal("alice")
	bob := e.remote("bob", "remote.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	e.mustIngest(undoActivity("https://remote.test/undos/1", bob, embeddedFollow(fid, bob, alice)), toInbox(alice))
	if e.hasRel(store.RelFollowRequest, bob, alice) || len(e.notifications(alice)) != 0 {
		t.Fatal("request or its notification left")
	}
	// An embedded Follow we never stored is undone by actor and object.
	e.putRel(store.RelFollow, bob, alice, "")
	e.mustIngest(undoActivity("https://remote.test/undos/2", bob, embeddedFollow("https://remote.test/follows/old", bob, alice)), toInbox(alice))
	if e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("Follow not removed")
	}
}

func TestLocalUndoFollowIsDeliveredWithItsTarget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	uid := e.p.NewObjectID()
	e.mustIngest(undoActivity(uid, alice, fid), fromLocal)
	if e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("request not removed")
	}
	if got := e.deliver.got(); len(got) != 2 || got[1] != uid {
		t.Fatalf("deliveries = %v", got)
	}
	inner, ok := e.stored(uid).Embedded("object")
	if !ok || inner.ID() != fid || inner.Type() != "Follow" || inner.Ref("object") != bob {
		t.Fatalf("local Undo does not embed its Follow: %v", e.stored(uid))
	}
}

func TestUndoByAnotherActorIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "evil.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	e.storeActivity("https://remote.test/likes/1", "Like", bob, "https://remote.test/notes/1", false)
	e.putRel(store.RelLike, bob, "https://remote.test/notes/1", "https://remote.test/likes/1")

	for name, target := range map[string]any{
		"follow reference":         fid,
		"follow embedded, lying":   embeddedFollow(fid, eve, alice),
		"like reference":           "https://remote.test/likes/1",
		"embedded Follow of bob's": embeddedFollow("https://evil.test/f/1", bob, alice),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(undoActivity("https://evil.test/undos/"+name, eve, target), fromInbox)
			wantInvalid(t, err, activity.ErrNotOwner)
		})
	}
	if !e.hasRel(store.RelFollow, bob, alice) || !e.hasRel(store.RelLike, bob, "https://remote.test/notes/1") ||
		!e.exists("https://remote.test/likes/1") {
		t.Fatal("Undo by another actor took effect")
	}
}

func TestUndoRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.storeActivity("https://remote.test/notes/1", "Note", bob, "", false)
	cases := map[string]any{
		"unknown reference":          "https://remote.test/likes/unknown",
		"unknown embedded Like":      map[string]any{"id": "https://remote.test/likes/2", "type": "Like", "actor": bob, "object": note.APID},
		"a Note cannot be undone":    note.APID,
		"embedded Follow, no object": map[string]any{"id": "https://remote.test/f/1", "type": "Follow", "actor": bob},
	}
	for name, target := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(undoActivity("https://remote.test/undos/"+name, bob, target), fromInbox)
			wantInvalid(t, err, nil)
			if errors.Is(err, activity.ErrNotOwner) {
				t.Fatalf("wrong refusal: %v", err)
			}
		})
	}
	_, err := e.ingest(obj("id", "https://remote.test/undos/x", "type", "Undo", "actor", bob), fromInbox)
	wantInvalid(t, err, nil)
	if !e.exists(note.APID) {
		t.Fatal("Undo deleted a Note")
	}
	_ = alice
}

func TestUndoLikeRemovesRelationshipNotificationAndRow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	nid := base + "/objects/note1"
	e.storeActivity(nid, "Note", alice, "", true)
	lid := "https://remote.test/likes/1"
	e.storeActivity(lid, "Like", bob, nid, false)
	e.putRel(store.RelLike, bob, nid, lid)
	e.addNotification(alice, store.NotifyFavourite, bob, nid, lid)
	e.drain()

	u := undoActivity("https://remote.test/undos/1", bob, lid)
	u["to"] = []any{alice} // as Mastodon addresses it: targeting does not look through the Like
	e.mustIngest(u, toInbox(alice))
	if e.hasRel(store.RelLike, bob, nid) || e.exists(lid) || len(e.notifications(alice)) != 0 {
		t.Fatal("Like not undone")
	}
	if !e.exists(nid) {
		t.Fatal("liked note deleted")
	}
	if evs := e.drain(); !hasEvent(evs, stream.EventStatusUpdate, nid) {
		t.Fatalf("events = %+v", evs)
	}
	if len(e.deliver.got()) != 0 {
		t.Fatal("remote Undo delivered")
	}
}

func TestUndoAnnounceEmitsDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	nid := base + "/objects/note1"
	e.storeActivity(nid, "Note", alice, "", true)
	aid := "https://remote.test/announces/1"
	e.storeActivity(aid, "Announce", bob, nid, false)
	e.putRel(store.RelAnnounce, bob, nid, aid)
	e.addNotification(alice, store.NotifyReblog, bob, nid, aid)
	e.drain()

	e.mustIngest(undoActivity("https://remote.test/undos/1", bob, map[string]any{"id": aid, "type": "Announce", "actor": bob, "object": nid}), fromInbox)
	if e.hasRel(store.RelAnnounce, bob, nid) || e.exists(aid) || len(e.notifications(alice)) != 0 {
		t.Fatal("Announce not undone")
	}
	evs := e.drain()
	if !hasEvent(evs, stream.EventDelete, aid) || !hasEvent(evs, stream.EventStatusUpdate, nid) {
		t.Fatalf("events = %+v", evs)
	}
}

func TestUndoEmojiReactAndLocalLike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	nid := "https://remote.test/notes/1"
	e.storeActivity(nid, "Note", bob, "", false)
	// A reaction by bob and a second one by carol with the same emoji.
	carol := e.remote("carol", "remote.test")
	rid, rid2 := "https://remote.test/reacts/1", "https://remote.test/reacts/2"
	e.storeActivity(rid, "EmojiReact", bob, nid, false)
	e.storeActivity(rid2, "EmojiReact", carol, nid, false)
	e.putRel(store.RelEmojiReact+"🔥", bob, nid, rid)
	e.putRel(store.RelEmojiReact+"🔥", carol, nid, rid2)
	e.mustIngest(undoActivity("https://remote.test/undos/1", bob, rid), fromInbox)
	if e.hasRel(store.RelEmojiReact+"🔥", bob, nid) || e.exists(rid) {
		t.Fatal("reaction not undone")
	}
	if !e.hasRel(store.RelEmojiReact+"🔥", carol, nid) || !e.exists(rid2) {
		t.Fatal("another actor's reaction removed")
	}

	// A local Like undone locally: delivered, and the Undo carries the Like.
	lid := e.p.NewObjectID()
	e.storeActivity(lid, "Like", alice, nid, true)
	e.putRel(store.RelLike, alice, nid, lid)
	uid := e.p.NewObjectID()
	e.mustIngest(undoActivity(uid, alice, lid), fromLocal)
	if e.hasRel(store.RelLike, alice, nid) || e.exists(lid) {
		t.Fatal("local Like not undone")
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != uid {
		t.Fatalf("deliveries = %v", got)
	}
	if inner, ok := e.stored(uid).Embedded("object"); !ok || inner.ID() != lid || inner.Type() != "Like" {
		t.Fatal("local Undo does not embed its Like")
	}
}

func TestUndoBlock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	bid := e.p.NewObjectID()
	e.mustIngest(blockActivity(bid, alice, bob), fromLocal)
	e.mustIngest(undoActivity(e.p.NewObjectID(), alice, bid), fromLocal)
	if e.hasRel(store.RelBlock, alice, bob) {
		t.Fatal("Block not removed")
	}
	// A remote Block undone with an embedded Block.
	e.mustIngest(blockActivity("https://remote.test/blocks/1", bob, alice), toInbox(alice))
	e.mustIngest(undoActivity("https://remote.test/undos/1", bob,
		map[string]any{"id": "https://remote.test/blocks/1", "type": "Block", "actor": bob, "object": alice}), toInbox(alice))
	if e.hasRel(store.RelBlock, bob, alice) {
		t.Fatal("remote Block not removed")
	}
}

func TestUndoInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	bob := e.remote("bob", "remote.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	_, err := e.ingest(undoActivity("https://remote.test/undos/1", bob, fid), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	_, err = e.ingest(undoActivity("https://remote.test/undos/2", bob, embeddedFollow(fid, bob, alice)), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if !e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("untargeted Undo applied")
	}
}
