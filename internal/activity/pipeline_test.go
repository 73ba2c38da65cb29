package activity_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// claimed is every type the pipeline must handle (the foundation issue's list).
var claimed = []string{"Note", "Question", "Answer", "Create", "Update", "Delete", "Follow", "Accept", "Reject",
	"Undo", "Like", "Announce", "EmojiReact", "Block", "Move", "Flag"}

func TestRegistryHasEveryClaimedType(t *testing.T) {
	t.Parallel()
	types := activity.Types()
	for _, c := range claimed {
		if !contains(types, c) {
			t.Errorf("type %s is not registered", c)
		}
	}
}

func TestBoundsRefuseOversizedDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	long := strings.Repeat("é", activity.MaxContentChars+1)
	cases := map[string]ap.Object{
		"content over 20000 characters": publicNote(bob, "https://remote.test/n/1", long),
		"summary over 20000 characters": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/2", "x")
			n["summary"] = long
			return n
		}(),
		"contentMap value over the limit": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/3", "x")
			n["contentMap"] = map[string]any{"en": long}
			return n
		}(),
		"any string over 64 KiB": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/4", "x")
			n["url"] = "https://remote.test/" + strings.Repeat("a", activity.MaxStringBytes)
			return n
		}(),
		"payload over 1 MiB": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/5", "x")
			var many []any
			for range 40 {
				many = append(many, map[string]any{"type": "Hashtag", "name": "#" + strings.Repeat("b", 30000)})
			}
			n["tag"] = many
			return n
		}(),
		"too many values": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/6", "x")
			var many []any
			for range activity.MaxElements {
				many = append(many, "https://remote.test/u")
			}
			n["cc"] = many
			return n
		}(),
		"nested too deep": func() ap.Object {
			n := publicNote(bob, "https://remote.test/n/7", "x")
			var v any = "deep"
			for range activity.MaxNesting + 2 {
				v = []any{v}
			}
			n["x"] = v
			return n
		}(),
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(o, fromFetched)
			wantInvalid(t, err, activity.ErrTooLarge)
			if e.exists(o.ID()) {
				t.Fatal("stored anyway")
			}
		})
	}
	// Just under the content limit is accepted.
	ok := publicNote(bob, "https://remote.test/n/ok", strings.Repeat("é", activity.MaxContentChars))
	e.mustIngest(ok, fromFetched)
	// Local content is bounded by the API's character limit, not by the remote 20,000 rule.
	alice := e.local("alice")
	local := obj("id", e.p.NewObjectID(), "type", "Note", "attributedTo", alice, "content", long, "to", []any{ap.Public})
	e.mustIngest(local, fromLocal)
}

func TestInboxTargeting(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	bob := e.remote("bob", "remote.test")

	addressed := publicNote(bob, "https://remote.test/n/1", "x")
	addressed["to"] = []any{alice}
	e.mustIngest(createOf(addressed), toInbox(alice))

	// To carol's inbox, not addressed to her, from someone she does not follow: refused.
	other := publicNote(bob, "https://remote.test/n/2", "x")
	other["to"] = []any{alice}
	other["cc"] = []any{}
	_, err := e.ingest(createOf(other), toInbox(carol))
	wantInvalid(t, err, activity.ErrNotTargeted)
	if e.exists("https://remote.test/n/2") {
		t.Fatal("untargeted note stored")
	}

	// Once carol follows bob, his public posts are for her inbox too.
	if _, err := e.st.PutRelationship(e.ctx, relFollow(carol, bob)); err != nil {
		t.Fatal(err)
	}
	e.mustIngest(createOf(publicNote(bob, "https://remote.test/n/3", "x")), toInbox(carol))

	// The shared inbox has no single user to target: public posts are taken.
	e.mustIngest(createOf(publicNote(bob, "https://remote.test/n/4", "x")), fromInbox)
}

func TestRemoteDocumentsCannotUseLocalIDs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	// A remote Create claiming a local id, and a remote Create embedding a note with a local id.
	spoof := createOf(publicNote(bob, "https://remote.test/n/1", "x"))
	spoof["id"] = base + "/objects/hijack"
	_, err := e.ingest(spoof, fromInbox)
	wantInvalid(t, err, activity.ErrLocalID)

	inner := publicNote(alice, base+"/objects/fake", "I am alice")
	c := obj("id", "https://remote.test/c/1", "type", "Create", "actor", alice, "object", map[string]any(inner))
	_, err = e.ingest(c, fromInbox)
	wantInvalid(t, err, activity.ErrLocalID)
	if e.exists(base + "/objects/fake") {
		t.Fatal("local-namespace note stored from remote")
	}
}

type failingDeliverer struct{}

func (failingDeliverer) Deliver(context.Context, *sql.Tx, *store.Object) error {
	return errors.New("queue unavailable")
}

// TestFailureRollsBackEverything: a local Create whose delivery cannot be enqueued leaves no
// note, no notification and publishes no event, although the note and its side effects ran
// before the failure.
func TestFailureRollsBackEverything(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	carol := e.local("carol")
	e.p.Deliver = failingDeliverer{}
	id := e.p.NewObjectID()
	n := obj("id", id, "type", "Note", "attributedTo", alice, "content", "hi @carol", "to", []any{ap.Public, carol},
		"tag", []any{map[string]any{"type": "Mention", "href": carol}})
	c := obj("id", id+"/activity", "type", "Create", "actor", alice, "object", map[string]any(n))
	if _, err := e.ingest(c, fromLocal); err == nil || !strings.Contains(err.Error(), "queue unavailable") {
		t.Fatalf("err = %v", err)
	}
	if e.exists(id) || e.exists(id+"/activity") {
		t.Fatal("rolled-back note stored")
	}
	if ns := e.notifications(carol); len(ns) != 0 {
		t.Fatalf("notifications after rollback: %+v", ns)
	}
	if evs := e.drain(); len(evs) != 0 {
		t.Fatalf("events after rollback: %+v", evs)
	}
	// The same document succeeds once delivery works, and then publishes.
	e.p.Deliver = e.deliver
	e.mustIngest(c, fromLocal)
	if len(e.notifications(carol)) != 1 || len(e.drain()) == 0 {
		t.Fatal("retry had no effects")
	}
}
