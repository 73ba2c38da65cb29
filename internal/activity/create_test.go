package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

func TestCreateIngestsObjectAndDeliversLocal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	id := e.p.NewObjectID()
	n := obj("id", id, "type", "Note", "attributedTo", alice, "content", "<p>hello</p>", "to", []any{ap.Public})
	c := obj("id", id+"/activity", "type", "Create", "actor", alice, "object", map[string]any(n), "to", []any{ap.Public})
	row := e.mustIngest(c, fromLocal)
	if row.Type != "Create" || row.Object != id || !row.Local {
		t.Fatalf("create row = %+v", row)
	}
	note, err := e.st.ObjectByAPID(e.ctx, id)
	if err != nil || note.Type != "Note" || !note.Local || note.Visibility != ap.VisibilityPublic {
		t.Fatalf("note = %+v, %v", note, err)
	}
	if got := e.deliver.got(); len(got) != 1 || got[0] != id+"/activity" {
		t.Fatalf("deliveries = %v", got)
	}
	// Re-ingesting does not deliver twice.
	e.mustIngest(c, fromLocal)
	if got := e.deliver.got(); len(got) != 1 {
		t.Fatalf("deliveries after repeat = %v", got)
	}
}

func TestCreateRemoteIsNotDeliveredAndInheritsAddressing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	n := obj("id", "https://remote.test/n/1", "type", "Note", "attributedTo", bob, "content", "x")
	c := obj("id", "https://remote.test/n/1/activity", "type", "Create", "actor", bob, "object", map[string]any(n),
		"to", []any{ap.Public}, "cc", []any{bob + "/followers"})
	e.mustIngest(c, fromInbox)
	row, err := e.st.ObjectByAPID(e.ctx, "https://remote.test/n/1")
	if err != nil || row.Visibility != ap.VisibilityPublic {
		t.Fatalf("note = %+v, %v", row, err)
	}
	if len(e.deliver.got()) != 0 {
		t.Fatal("remote Create was delivered")
	}
}

func TestCreateActorMustBeAuthor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "remote.test")
	n := publicNote(bob, "https://remote.test/n/1", "I am bob")
	c := createOf(n)
	c["actor"] = eve
	c["id"] = "https://remote.test/eve/create/1"
	_, err := e.ingest(c, fromInbox)
	wantInvalid(t, err, activity.ErrActorMismatch)
	if e.exists("https://remote.test/n/1") {
		t.Fatal("spoofed note stored")
	}
	noObj := obj("id", "https://remote.test/c/2", "type", "Create", "actor", bob, "object", "https://remote.test/n/2")
	_, err = e.ingest(noObj, fromInbox)
	wantInvalid(t, err, nil)
}
