package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

func TestRejectOfPendingLocalFollow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	delivered := len(e.deliver.got())
	rej := answerActivity("Reject", "https://remote.test/rejects/1", bob, fid)
	e.mustIngest(rej, toInbox(alice))
	if e.hasRel(store.RelFollowRequest, alice, bob) || e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("request not removed")
	}
	if len(e.deliver.got()) != delivered {
		t.Fatal("remote Reject delivered")
	}
	e.mustIngest(rej, toInbox(alice)) // again: no error
}

func TestRejectRemovesAcceptedFollow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	fid := e.pendingFollow(alice, bob)
	e.mustIngest(answerActivity("Accept", "https://remote.test/accepts/1", bob, fid), toInbox(alice))
	e.mustIngest(answerActivity("Reject", "https://remote.test/rejects/1", bob, embeddedFollow(fid, alice, bob)), toInbox(alice))
	if e.hasRel(store.RelFollow, alice, bob) {
		t.Fatal("Follow not removed")
	}
}

func TestLocalRejectRemovesRequestAndNotificationAndIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.lockedLocal("alice")
	bob := e.remote("bob", "remote.test")
	fid := "https://remote.test/follows/1"
	e.mustIngest(followActivity(fid, bob, alice), toInbox(alice))
	if len(e.notifications(alice)) != 1 {
		t.Fatal("no follow request notification")
	}
	rid := e.p.NewObjectID()
	e.mustIngest(answerActivity("Reject", rid, alice, fid), fromLocal)
	if e.hasRel(store.RelFollowRequest, bob, alice) {
		t.Fatal("request not removed")
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatal("follow request notification left")
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != rid {
		t.Fatalf("deliveries = %v", got)
	}
}

func TestRejectRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "evil.test")
	fid := e.pendingFollow(alice, bob)
	note := e.storeActivity("https://remote.test/notes/1", "Note", bob, "", false)

	// Only the followee may reject.
	_, err := e.ingest(answerActivity("Reject", "https://evil.test/rejects/1", eve, fid), toInbox(alice))
	wantInvalid(t, err, activity.ErrNotOwner)
	_, err = e.ingest(answerActivity("Reject", "https://evil.test/rejects/2", eve, embeddedFollow(fid, alice, eve)), toInbox(alice))
	wantInvalid(t, err, activity.ErrNotOwner)
	// Unknown Follows and other activities are refused.
	_, err = e.ingest(answerActivity("Reject", "https://remote.test/rejects/3", bob, "https://remote.test/f/unknown"), fromInbox)
	wantInvalid(t, err, nil)
	_, err = e.ingest(answerActivity("Reject", "https://remote.test/rejects/4", bob, note.APID), fromInbox)
	wantInvalid(t, err, nil)
	if !e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("refused Reject took effect")
	}
	// Inbox targeting: a Reject of alice's Follow is not carol's business.
	carol := e.local("carol")
	_, err = e.ingest(answerActivity("Reject", "https://remote.test/rejects/5", bob, fid), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if !e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("untargeted Reject took effect")
	}
}

func TestRejectWithForgedFollowIDKeepsOtherNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	// A notification of alice caused by some activity id the Reject will name.
	e.addNotification(alice, store.NotifyMention, bob, "https://remote.test/notes/1", "https://remote.test/notes/1")
	e.pendingFollow(alice, bob)
	e.mustIngest(answerActivity("Reject", "https://remote.test/rejects/1", bob,
		embeddedFollow("https://remote.test/notes/1", alice, bob)), toInbox(alice))
	if e.hasRel(store.RelFollowRequest, alice, bob) {
		t.Fatal("request not removed")
	}
	if len(e.notifications(alice)) != 1 {
		t.Fatal("Reject removed a notification of another activity")
	}
}
