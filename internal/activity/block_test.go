package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestRemoteBlockRemovesFollowsBothWays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	carol := e.remote("carol", "remote.test")
	e.putRel(store.RelFollow, alice, bob, "")
	e.putRel(store.RelFollowRequest, bob, alice, "")
	e.putRel(store.RelFollow, carol, alice, "")
	b := blockActivity("https://remote.test/blocks/1", bob, alice)
	e.mustIngest(b, toInbox(alice))
	if r := e.rel(store.RelBlock, bob, alice); r.ActivityAPID != b.ID() {
		t.Fatalf("block activity = %q", r.ActivityAPID)
	}
	if e.hasRel(store.RelFollow, alice, bob) || e.hasRel(store.RelFollowRequest, bob, alice) {
		t.Fatal("follows between blocker and blocked left")
	}
	if !e.hasRel(store.RelFollow, carol, alice) {
		t.Fatal("a third actor's Follow removed")
	}
	if len(e.deliver.got()) != 0 {
		t.Fatal("remote Block delivered")
	}
	// Idempotent: the same Block, or another one, leaves one relationship.
	e.mustIngest(b, toInbox(alice))
	e.mustIngest(blockActivity("https://remote.test/blocks/2", bob, alice), toInbox(alice))
	if n := len(e.relActors(store.RelBlock, alice)); n != 1 {
		t.Fatalf("%d blocks", n)
	}
}

func TestLocalBlockRemovesFollowsAndIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	e.putRel(store.RelFollowRequest, alice, bob, "")
	e.putRel(store.RelFollow, bob, alice, "")
	id := e.p.NewObjectID()
	e.mustIngest(blockActivity(id, alice, bob), fromLocal)
	if !e.hasRel(store.RelBlock, alice, bob) {
		t.Fatal("no Block relationship")
	}
	if e.hasRel(store.RelFollowRequest, alice, bob) || e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("follows left")
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
}

func TestBlockRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	carol := e.remote("carol", "other.test")
	e.putRel(store.RelFollow, carol, bob, "")
	cases := map[string]struct {
		doc  ap.Object
		want error
	}{
		"remote Block of a remote actor":      {blockActivity("https://remote.test/b/1", bob, carol), nil},
		"remote Block of an unknown local id": {blockActivity("https://remote.test/b/2", bob, base+"/users/nobody"), nil},
		"blocks itself":                       {blockActivity("https://remote.test/b/3", bob, bob), nil},
		"no object":                           {obj("id", "https://remote.test/b/4", "type", "Block", "actor", bob), nil},
		"id not on the actor's host":          {blockActivity("https://evil.test/b/5", bob, alice), activity.ErrActorMismatch},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(tc.doc, fromInbox)
			wantInvalid(t, err, tc.want)
		})
	}
	_, err := e.ingest(blockActivity(e.p.NewObjectID(), alice, alice), fromLocal)
	wantInvalid(t, err, nil)
	if e.hasRel(store.RelBlock, alice, alice) || e.hasRel(store.RelBlock, bob, carol) || !e.hasRel(store.RelFollow, carol, bob) || e.hasRel(store.RelBlock, bob, alice) {
		t.Fatal("refused Block took effect")
	}
}

func TestBlockInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	bob := e.remote("bob", "remote.test")
	_, err := e.ingest(blockActivity("https://remote.test/blocks/1", bob, alice), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if e.hasRel(store.RelBlock, bob, alice) {
		t.Fatal("untargeted Block applied")
	}
}
