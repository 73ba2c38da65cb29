package activity_test

import (
	"fmt"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

// mastodonFlag is a report as Mastodon sends it: from its instance actor, naming the account
// and statuses, with the reporter's comment.
func mastodonFlag(id string, objects ...any) ap.Object {
	return obj("@context", "https://www.w3.org/ns/activitystreams", "id", id, "type", "Flag",
		"actor", "https://remote.test/actor", "content", "spam", "object", objects)
}

func TestFlagNotifiesLocalAdmins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root, mod := e.local("root"), e.local("mod")
	e.admin(root)
	e.admin(mod)
	alice := e.local("alice")
	note := e.localNote(alice, "buy now")

	f := mastodonFlag("https://remote.test/reports/1", alice, note)
	row := e.mustIngest(f, fromInbox)
	if row.Type != "Flag" || row.Actor != "https://remote.test/actor" {
		t.Fatalf("row = %+v", row)
	}
	for _, a := range []string{root, mod} {
		ns := e.notifs(a, activity.NotifyAdminReport)
		if len(ns) != 1 || ns[0].ActivityAPID != f.ID() || ns[0].Actor != "https://remote.test/actor" {
			t.Fatalf("%s notifications = %+v", a, e.notifications(a))
		}
	}
	if len(e.notifications(alice)) != 0 {
		t.Fatal("non-admin notified")
	}
	e.mustIngest(mastodonFlag("https://remote.test/reports/1", alice, note), fromInbox)
	if len(e.notifs(root, activity.NotifyAdminReport)) != 1 {
		t.Fatal("repeated Flag notified again")
	}
	if len(e.deliver.got()) != 1 { // alice's Create only
		t.Fatalf("deliveries = %v", e.deliver.got())
	}
}

func TestFlagOfNothingLocalIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.local("root")
	e.admin(root)
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "x")
	many := make([]any, activity.MaxFlagObjects+1)
	for i := range many {
		many[i] = fmt.Sprintf("%s/objects/%d", base, i)
	}
	cases := map[string]struct {
		doc    ap.Object
		target error
	}{
		"remote account and status": {mastodonFlag("https://remote.test/reports/1", bob, note), activity.ErrNotTargeted},
		"unknown local ids":         {mastodonFlag("https://remote.test/reports/2", base+"/users/nobody", base+"/objects/nothing"), activity.ErrNotTargeted},
		"no object":                 {mastodonFlag("https://remote.test/reports/3"), nil},
		"too many objects":          {mastodonFlag("https://remote.test/reports/4", many...), nil},
		"from another host":         {mastodonFlag("https://evil.test/reports/5", root), activity.ErrActorMismatch},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, fromInbox)
			wantInvalid(t, err, c.target)
			if e.exists(c.doc.ID()) {
				t.Fatal("refused Flag stored")
			}
		})
	}
	if len(e.notifications(root)) != 0 {
		t.Fatal("admin notified of a refused report")
	}
}

func TestFlagLocal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.local("root")
	e.admin(root)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")

	// A report kept here: admins are told, nothing is federated.
	kept := e.p.NewObjectID()
	e.mustIngest(obj("id", kept, "type", "Flag", "actor", alice, "object", []any{bob}, "content", "rude"), fromLocal)
	if len(e.notifs(root, activity.NotifyAdminReport)) != 1 || len(e.deliver.got()) != 0 {
		t.Fatalf("notifications %+v, deliveries %v", e.notifications(root), e.deliver.got())
	}
	// A report addressed to the remote server is forwarded.
	fwd := e.p.NewObjectID()
	e.mustIngest(obj("id", fwd, "type", "Flag", "actor", alice, "object", []any{bob}, "to", []any{bob}), fromLocal)
	if got := e.deliver.got(); len(got) != 1 || got[0] != fwd {
		t.Fatalf("deliveries = %v", got)
	}
	// An admin's own report does not notify them.
	e.mustIngest(obj("id", e.p.NewObjectID(), "type", "Flag", "actor", root, "object", []any{bob}), fromLocal)
	if len(e.notifs(root, activity.NotifyAdminReport)) != 2 {
		t.Fatal("admin notified of their own report")
	}
}
