package activity_test

import (
	"errors"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// pendingFollow makes local alice ask remote bob to follow him and returns the Follow id.
func (e *env) pendingFollow(alice, bob string) string {
	e.t.Helper()
	id := e.p.NewObjectID()
	e.mustIngest(followActivity(id, alice, bob), fromLocal)
	return id
}

func TestAcceptByReferencePromotesRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	delivered := len(e.deliver.got())

	acc := answerActivity("Accept", "https://remote.test/accepts/1", bob, fid)
	e.mustIngest(acc, toInbox(alice))
	if !e.hasRel(store.RelFollow, alice, bob) || e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("request not promoted")
	}
	if r := e.rel(store.RelFollow, alice, bob); r.ActivityAPID != fid {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
	if len(e.deliver.got()) != delivered {
		t.Fatal("remote Accept delivered")
	}
	// Again: no error, one relationship.
	e.mustIngest(acc, toInbox(alice))
	if n := len(e.relActors(store.RelFollow, bob)); n != 1 {
		t.Fatalf("%d follows", n)
	}
}

func TestAcceptWithEmbeddedFollow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	e.mustIngest(answerActivity("Accept", "https://remote.test/accepts/1", bob, embeddedFollow(fid, alice, bob)), toInbox(alice))
	if !e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("embedded Accept not applied")
	}
	// A Follow we do not know by id is found by its actor and object.
	carol := e.remote("carol", "remote.test")
	e.pendingFollow(alice, carol)
	e.mustIngest(answerActivity("Accept", "https://remote.test/accepts/2", carol,
		embeddedFollow("https://remote.test/their-copy/9", alice, carol)), toInbox(alice))
	if !e.hasRel(store.RelFollow, alice, carol) || e.hasRel(store.RelFollowRequest, alice, carol) {
		t.Fatal("Accept of a Follow known by actor and object not applied")
	}
}

func TestAcceptByThirdPartyIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "evil.test")
	fid := e.pendingFollow(alice, bob)
	for name, follow := range map[string]any{
		"reference":                  fid,
		"embedded":                   embeddedFollow("https://evil.test/f/1", alice, bob),
		"embedded lying about an id": embeddedFollow(fid, alice, eve),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(answerActivity("Accept", "https://evil.test/accepts/"+name, eve, follow), toInbox(alice))
			wantInvalid(t, err, activity.ErrNotOwner)
		})
	}
	// The follower cannot accept its own request either.
	_, err := e.ingest(answerActivity("Accept", e.p.NewObjectID(), alice, fid), fromLocal)
	wantInvalid(t, err, activity.ErrNotOwner)
	if e.hasRel(store.RelFollow, alice, bob) || e.hasRel(store.RelFollow, alice, eve) || !e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("spoofed Accept took effect")
	}
}

func TestAcceptOfUnknownFollowIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.storeActivity("https://remote.test/notes/1", "Note", bob, "", false)
	cases := map[string]any{
		"unknown reference":      "https://remote.test/follows/unknown",
		"never asked":            embeddedFollow("https://remote.test/f/1", alice, bob),
		"reference to a Note":    note.APID,
		"embedded not a Follow":  map[string]any{"id": "https://remote.test/x/1", "type": "Like", "actor": alice, "object": bob},
		"embedded without actor": map[string]any{"id": "https://remote.test/x/2", "type": "Follow", "object": bob},
	}
	for name, follow := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(answerActivity("Accept", "https://remote.test/accepts/"+name, bob, follow), fromInbox)
			wantInvalid(t, err, nil)
			if errors.Is(err, activity.ErrNotTargeted) {
				t.Fatal("refused by targeting, not by the handler")
			}
		})
	}
	if e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("Accept of an unknown Follow took effect")
	}
}

func TestAcceptOfOtherActivityIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	e.pendingFollow(alice, bob)
	// alice's Block of bob has the same actor and object as her Follow, but is no Follow.
	other := e.storeActivity(e.p.NewObjectID(), "Block", alice, bob, true)
	_, err := e.ingest(answerActivity("Accept", "https://remote.test/accepts/1", bob, other.APID), toInbox(alice))
	wantInvalid(t, err, nil)
	_, err = e.ingest(answerActivity("Accept", "https://remote.test/accepts/2", bob,
		map[string]any{"id": "https://remote.test/x/1", "type": "Like", "actor": alice, "object": bob}), toInbox(alice))
	wantInvalid(t, err, nil)
	if e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("Accept of a non-Follow promoted the request")
	}
}

func TestAcceptOfCancelledRequestIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	e.mustIngest(undoActivity(e.p.NewObjectID(), alice, fid), fromLocal)
	_, err := e.ingest(answerActivity("Accept", "https://remote.test/accepts/1", bob, fid), toInbox(alice))
	wantInvalid(t, err, nil)
	if e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("late Accept re-created a cancelled Follow")
	}
}

func TestLocalAcceptOfRequestIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.lockedLocal("alice")
	bob := e.remote("bob", "remote.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	aid := e.p.NewObjectID()
	e.mustIngest(answerActivity("Accept", aid, alice, embeddedFollow(fid, bob, alice)), fromLocal)
	if !e.hasRel(store.RelFollow, bob, alice) || e.hasRel(store.RelFollowRequest, bob, alice) {
		t.Fatal("request not promoted")
	}
	if r := e.rel(store.RelFollow, bob, alice); r.ActivityAPID != fid {
		t.Fatalf("relationship activity = %q", r.ActivityAPID)
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != aid {
		t.Fatalf("deliveries = %v", got)
	}
}

func TestAcceptInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	_, err := e.ingest(answerActivity("Accept", "https://remote.test/accepts/1", bob, fid), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	_, err = e.ingest(answerActivity("Accept", "https://remote.test/accepts/2", bob, embeddedFollow(fid, alice, bob)), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("untargeted Accept applied")
	}
}
