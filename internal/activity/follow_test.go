package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestFollowOfUnlockedLocalUserIsAcceptedAutomatically(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	f := followActivity("https://remote.test/follows/1", bob, alice)
	e.mustIngest(f, toInbox(alice))

	if !e.hasRel(store.RelFollow, bob, alice) || e.hasRel(store.RelFollowRequest, bob, alice) {
		t.Fatal("Follow not in force")
	}
	if r := e.rel(store.RelFollow, bob, alice); r.ActivityAPID != f.ID() {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
	ns := e.notifications(alice)
	if len(ns) != 1 || ns[0].Type != store.NotifyFollow || ns[0].Actor != bob || ns[0].ActivityAPID != f.ID() {
		t.Fatalf("notifications = %+v", ns)
	}
	got := e.deliver.got()
	if len(got) != 1 {
		t.Fatalf("deliveries = %v; want the Accept", got)
	}
	acc := e.stored(got[0])
	inner, _ := acc.Embedded("object")
	if acc.Type() != "Accept" || acc.Ref("actor") != alice || inner.ID() != f.ID() || inner.Type() != "Follow" ||
		inner.Ref("actor") != bob || inner.Ref("object") != alice || acc.Ref("to") != bob {
		t.Fatalf("Accept = %v", acc)
	}
	if row := e.objRow(got[0]); !row.Local {
		t.Fatal("Accept is not local")
	}

	// The same Follow again changes nothing.
	e.mustIngest(f, toInbox(alice))
	if len(e.notifications(alice)) != 1 || len(e.deliver.got()) != 1 {
		t.Fatal("repeated Follow had effects")
	}
	// A new Follow already in force: no notification, but a fresh Accept.
	f2 := followActivity("https://remote.test/follows/2", bob, alice)
	e.mustIngest(f2, toInbox(alice))
	if len(e.notifications(alice)) != 1 || len(e.relActors(store.RelFollow, alice)) != 1 {
		t.Fatal("Follow in force notified again or duplicated")
	}
	if got := e.deliver.got(); len(got) != 2 || e.stored(got[1]).Type() != "Accept" {
		t.Fatalf("deliveries = %v", got)
	}
	if r := e.rel(store.RelFollow, bob, alice); r.ActivityAPID != f2.ID() {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
}

func TestFollowOfLockedLocalUserIsARequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.lockedLocal("alice")
	bob := e.remote("bob", "remote.test")
	f := followActivity("https://remote.test/follows/1", bob, alice)
	e.mustIngest(f, toInbox(alice))
	if e.hasRel(store.RelFollow, bob, alice) || !e.hasRel(store.RelFollowRequest, bob, alice) {
		t.Fatal("want a FollowRequest only")
	}
	if r := e.rel(store.RelFollowRequest, bob, alice); r.ActivityAPID != f.ID() {
		t.Fatalf("request activity = %q", r.ActivityAPID)
	}
	if types := e.notifTypes(alice); len(types) != 1 || types[0] != store.NotifyFollowRequest {
		t.Fatalf("notifications = %v", types)
	}
	if len(e.deliver.got()) != 0 {
		t.Fatal("locked user accepted automatically")
	}
	// Asking again: one request, one notification.
	e.mustIngest(f, toInbox(alice))
	e.mustIngest(followActivity("https://remote.test/follows/2", bob, alice), toInbox(alice))
	if len(e.notifications(alice)) != 1 || len(e.relActors(store.RelFollowRequest, alice)) != 1 {
		t.Fatal("repeated request duplicated")
	}
}

func TestLocalFollowOfRemoteActorIsPendingAndDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	id := e.p.NewObjectID()
	e.mustIngest(followActivity(id, alice, bob), fromLocal)
	if !e.hasRel(store.RelFollowRequest, alice, bob) || e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("want a pending FollowRequest")
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatal("follower notified")
	}
}

func TestLocalFollowOfLocalUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	dave := e.lockedLocal("dave")
	e.mustIngest(followActivity(e.p.NewObjectID(), alice, carol), fromLocal)
	if !e.hasRel(store.RelFollow, alice, carol) {
		t.Fatal("Follow of an unlocked local user not in force")
	}
	if types := e.notifTypes(carol); len(types) != 1 || types[0] != store.NotifyFollow {
		t.Fatalf("notifications = %v", types)
	}
	e.mustIngest(followActivity(e.p.NewObjectID(), alice, dave), fromLocal)
	if !e.hasRel(store.RelFollowRequest, alice, dave) || e.hasRel(store.RelFollow, alice, dave) {
		t.Fatal("Follow of a locked local user is not a request")
	}
	if types := e.notifTypes(dave); len(types) != 1 || types[0] != store.NotifyFollowRequest {
		t.Fatalf("notifications = %v", types)
	}
	// Nothing leaves the server, and no Accept is made for a local follower.
	for _, id := range e.deliver.got() {
		if e.stored(id).Type() == "Accept" {
			t.Fatal("local follower got an Accept")
		}
	}
	if n, _ := e.st.CountObjects(e.ctx, "Accept"); n != 0 {
		t.Fatalf("%d Accepts stored", n)
	}
}

func TestFollowRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	carol := e.remote("carol", "other.test")
	cases := []struct {
		name   string
		doc    ap.Object
		origin activity.Origin
		want   error
	}{
		{"no actor", obj("id", "https://remote.test/f/1", "type", "Follow", "object", alice), fromInbox, nil},
		{"no object", obj("id", "https://remote.test/f/2", "type", "Follow", "actor", bob), fromInbox, nil},
		{"follows itself", followActivity("https://remote.test/f/3", bob, bob), fromInbox, nil},
		{"remote follow of a remote actor", followActivity("https://remote.test/f/4", bob, carol), fromInbox, nil},
		{"remote follow of an unknown local user", followActivity("https://remote.test/f/5", bob, base+"/users/nobody"), fromInbox, nil},
		{"id not on the actor's host", followActivity("https://evil.test/f/6", bob, alice), fromInbox, activity.ErrActorMismatch},
		{"attributedTo differs", func() ap.Object {
			f := followActivity("https://remote.test/f/7", bob, alice)
			f["attributedTo"] = carol
			return f
		}(), fromInbox, activity.ErrActorMismatch},
		{"local follow by a remote actor", followActivity(e.p.NewObjectID(), bob, alice), fromLocal, nil},
		{"local user follows itself", followActivity(e.p.NewObjectID(), alice, alice), fromLocal, nil},
		{"local follow of an unknown local user", followActivity(e.p.NewObjectID(), alice, base+"/users/nobody"), fromLocal, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.ingest(tc.doc, tc.origin)
			wantInvalid(t, err, tc.want)
			if tc.doc.ID() != "" && e.exists(tc.doc.ID()) {
				t.Fatal("refused Follow stored")
			}
		})
	}
	if e.hasRel(store.RelFollow, bob, carol) || e.hasRel(store.RelFollowRequest, bob, carol) || len(e.relActors(store.RelFollow, alice)) != 0 {
		t.Fatal("a refused Follow left a relationship")
	}
}

func TestFollowBetweenBlockedActorsIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	carol := e.remote("carol", "remote.test")
	e.putRel(store.RelBlock, alice, bob, "")
	_, err := e.ingest(followActivity("https://remote.test/f/1", bob, alice), toInbox(alice))
	wantInvalid(t, err, nil)
	_, err = e.ingest(followActivity(e.p.NewObjectID(), alice, bob), fromLocal)
	wantInvalid(t, err, nil)
	if e.hasRel(store.RelFollow, bob, alice) || e.hasRel(store.RelFollowRequest, alice, bob) || len(e.notifications(alice)) != 0 {
		t.Fatal("Follow across a block took effect")
	}
	// Unblocked actors are unaffected.
	e.mustIngest(followActivity("https://remote.test/f/2", carol, alice), toInbox(alice))
	if !e.hasRel(store.RelFollow, carol, alice) {
		t.Fatal("Follow not in force")
	}
}

func TestFollowInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	bob := e.remote("bob", "remote.test")
	_, err := e.ingest(followActivity("https://remote.test/f/1", bob, alice), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("untargeted Follow applied")
	}
	e.mustIngest(followActivity("https://remote.test/f/1", bob, alice), fromInbox) // shared inbox
	if !e.hasRel(store.RelFollow, bob, alice) {
		t.Fatal("shared-inbox Follow not applied")
	}
}
