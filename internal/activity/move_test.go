package activity_test

import (
	"errors"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestMoveMigratesLocalFollowers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	old := e.remote("bob", "old.test")
	dave := e.remote("dave", "other.test")
	target := e.remote("bob", "new.test")
	e.setAlsoKnownAs(target, old)
	// alice follows through the pipeline (a stored Follow, accepted); carol's Follow has no
	// stored activity; dave is a remote follower.
	fid := e.pendingFollow(alice, old)
	e.mustIngest(answerActivity("Accept", "https://old.test/accepts/1", old, fid), toInbox(alice))
	e.putRel(store.RelFollow, carol, old, "")
	e.putRel(store.RelFollow, dave, old, "")
	before := len(e.deliver.got())

	m := moveActivity("https://old.test/moves/1", old, target)
	e.mustIngest(m, toInbox(alice))

	if got := e.userRow(old).MovedTo; got != target {
		t.Fatalf("movedTo = %q", got)
	}
	for _, f := range []string{alice, carol} {
		if e.hasRel(store.RelFollow, f, old) {
			t.Errorf("%s still follows the old actor", f)
		}
		if !e.hasRel(store.RelFollowRequest, f, target) {
			t.Errorf("%s does not follow the target", f)
		}
		ns := e.notifications(f)
		if len(ns) != 1 || ns[0].Type != store.NotifyMove || ns[0].Actor != old || ns[0].Object != target {
			t.Errorf("notifications of %s = %+v", f, ns)
		}
	}
	if !e.hasRel(store.RelFollow, dave, old) || e.hasRel(store.RelFollowRequest, dave, target) {
		t.Fatal("remote follower moved")
	}
	// Federated: alice's Undo of her old Follow, and one new Follow each.
	sent := e.deliver.got()[before:]
	if undos := e.storedOfType("Undo", sent); len(undos) != 1 || e.stored(undos[0]).Ref("actor") != alice {
		t.Fatalf("undos delivered = %v", undos)
	}
	if follows := e.storedOfType("Follow", sent); len(follows) != 2 {
		t.Fatalf("follows delivered = %v", follows)
	}

	// The same Move again: nothing more. (To the shared inbox: alice no longer follows the
	// old actor, so targeting would refuse it at her inbox.)
	e.mustIngest(m, fromInbox)
	if len(e.notifications(alice)) != 1 || len(e.deliver.got()) != len(sent)+before {
		t.Fatal("repeated Move had effects")
	}
}

func TestMoveToLocalAccountAndSkips(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	erin := e.local("erin")
	newme := e.local("newme")
	old := e.remote("bob", "old.test")
	e.setAlsoKnownAs(newme, old)
	e.putRel(store.RelFollow, alice, old, "")
	e.putRel(store.RelFollow, carol, old, "")
	e.putRel(store.RelFollow, erin, old, "")
	e.putRel(store.RelBlock, carol, newme, "")     // carol blocks the target: not followed
	e.putRel(store.RelFollow, erin, newme, "erin") // erin already follows it
	e.mustIngest(moveActivity("https://old.test/moves/1", old, newme), fromInbox)

	if !e.hasRel(store.RelFollow, alice, newme) {
		t.Fatal("alice does not follow the local target")
	}
	if e.hasRel(store.RelFollow, carol, newme) || e.hasRel(store.RelFollowRequest, carol, newme) {
		t.Fatal("carol follows the account she blocks")
	}
	if r := e.rel(store.RelFollow, erin, newme); r.ActivityAPID != "erin" {
		t.Fatal("erin's Follow replaced")
	}
	for _, f := range []string{alice, carol, erin} {
		if e.hasRel(store.RelFollow, f, old) {
			t.Errorf("%s still follows the old actor", f)
		}
	}
	if types := e.notifTypes(newme); len(types) != 1 || types[0] != store.NotifyFollow {
		t.Fatalf("target notifications = %v", types)
	}
}

func TestMoveRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	old := e.remote("bob", "old.test")
	target := e.remote("bob", "new.test") // no alsoKnownAs
	e.putRel(store.RelFollow, alice, old, "")

	_, err := e.ingest(moveActivity("https://old.test/moves/1", old, target), toInbox(alice))
	wantInvalid(t, err, nil)

	unknown := "https://elsewhere.test/users/bob"
	_, err = e.ingest(moveActivity("https://old.test/moves/2", old, unknown), toInbox(alice))
	// Not a refusal: the inbox job fetches the target and tries again (internal/jobs).
	var miss *activity.MissingError
	if !errors.As(err, &miss) || miss.ID != unknown || errors.Is(err, activity.ErrInvalid) {
		t.Fatalf("Move to an unknown target: %v, want a MissingError for %s", err, unknown)
	}
	if e.exists("https://old.test/moves/2") {
		t.Fatal("the waiting Move was stored")
	}

	// Shape rules, checked with a target that would otherwise be accepted.
	e.setAlsoKnownAs(target, old)
	e.setAlsoKnownAs(old, old)
	bad := map[string]ap.Object{
		"object is not the actor": func() ap.Object {
			m := moveActivity("https://old.test/moves/3", old, target)
			m["object"] = alice
			return m
		}(),
		"target is the actor":        moveActivity("https://old.test/moves/4", old, old),
		"target not http":            moveActivity("https://old.test/moves/5", old, "acct:bob@new.test"),
		"no target":                  obj("id", "https://old.test/moves/6", "type", "Move", "actor", old, "object", old),
		"id not on the actor's host": moveActivity("https://new.test/moves/7", old, target),
	}
	for name, m := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(m, fromInbox)
			wantInvalid(t, err, nil)
			if errors.Is(err, activity.ErrNotTargeted) || errors.As(err, new(*activity.MissingError)) {
				t.Fatalf("refused for another reason: %v", err)
			}
		})
	}
	if e.userRow(old).MovedTo != "" || !e.hasRel(store.RelFollow, alice, old) || len(e.notifications(alice)) != 0 {
		t.Fatal("refused Move took effect")
	}
	// With alsoKnownAs the first Move goes through.
	e.mustIngest(moveActivity("https://old.test/moves/1", old, target), toInbox(alice))
	if e.userRow(old).MovedTo != target {
		t.Fatal("Move not applied")
	}
}

func TestLocalMoveIsDeliveredToRemoteFollowers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	target := e.remote("alice", "new.test")
	e.putRel(store.RelFollow, bob, alice, "")
	id := e.p.NewObjectID()
	e.mustIngest(moveActivity(id, alice, target), fromLocal)
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
	if !e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("a local Move moved a remote follower (its own server does that)")
	}
}

// TestLocalToLocalMoveMovesLocalFollowers: an account moves to another account on the same
// server. Its local followers (with and without a stored Follow) now follow the new account,
// which gets their follows as notifications, and each follower gets a move notification; a
// follower already following the new account keeps one follow; a remote follower is left to
// its own server, which gets the Move.
func TestLocalToLocalMoveMovesLocalFollowers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	old := e.local("alice")
	target := e.local("alice2")
	carol, dave, erin := e.local("carol"), e.local("dave"), e.local("erin")
	bob := e.remote("bob", "remote.test")
	e.mustIngest(obj("id", e.p.NewObjectID(), "type", "Follow", "actor", carol, "object", old, "to", []any{old}), fromLocal)
	if !e.hasRel(store.RelFollow, carol, old) {
		t.Fatal("carol's Follow was not accepted")
	}
	e.putRel(store.RelFollow, dave, old, "")
	e.putRel(store.RelFollow, erin, old, "")
	e.putRel(store.RelFollow, erin, target, "")
	e.putRel(store.RelFollow, bob, old, "")
	u := e.userRow(old)
	u.MovedTo = target
	if err := e.st.UpdateUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	before := len(e.notifTypes(target))

	id := e.p.NewObjectID()
	e.mustIngest(moveActivity(id, old, target), fromLocal)

	for _, f := range []string{carol, dave, erin} {
		if e.hasRel(store.RelFollow, f, old) {
			t.Errorf("%s still follows the old account", f)
		}
		if !e.hasRel(store.RelFollow, f, target) {
			t.Errorf("%s does not follow the new account", f)
		}
		ns := e.notifications(f)
		if len(ns) != 1 || ns[0].Type != store.NotifyMove || ns[0].Actor != old || ns[0].Object != target {
			t.Errorf("notifications of %s = %+v", f, ns)
		}
	}
	if !e.hasRel(store.RelFollow, bob, old) || e.hasRel(store.RelFollow, bob, target) {
		t.Error("the remote follower was moved here")
	}
	follows := 0
	for _, typ := range e.notifTypes(target)[before:] {
		if typ == store.NotifyFollow {
			follows++
		}
	}
	if follows != 2 { // carol and dave; erin already followed
		t.Errorf("new account's notifications = %v, want 2 follows", e.notifTypes(target))
	}
	if got := e.deliver.got(); !contains(got, id) {
		t.Fatalf("the Move was not delivered (to bob's server): %v", got)
	}
	if e.userRow(old).MovedTo != target {
		t.Fatal("movedTo lost")
	}
}

func TestMoveInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	old := e.remote("bob", "old.test")
	target := e.remote("bob", "new.test")
	e.setAlsoKnownAs(target, old)
	e.putRel(store.RelFollow, alice, old, "")
	_, err := e.ingest(moveActivity("https://old.test/moves/1", old, target), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if e.userRow(old).MovedTo != "" {
		t.Fatal("untargeted Move applied")
	}
}
