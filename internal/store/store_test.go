package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestObjectInsertIsIdempotentOnAPID(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	o := &store.Object{APID: "https://remote.test/notes/1", Type: "Note", Actor: "https://remote.test/users/a",
		Data: []byte(`{"id":"https://remote.test/notes/1","type":"Note"}`), Visibility: "public",
		Published: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Recipients: []string{"https://www.w3.org/ns/activitystreams#Public"},
		Hashtags: []string{"go", "go"}}
	inserted, err := st.InsertObject(ctx, o)
	if err != nil || !inserted {
		t.Fatalf("first insert: inserted=%v err=%v", inserted, err)
	}
	again := &store.Object{APID: o.APID, Type: "Note", Data: []byte(`{"changed":true}`), Visibility: "direct"}
	inserted, err = st.InsertObject(ctx, again)
	if err != nil || inserted {
		t.Fatalf("second insert: inserted=%v err=%v", inserted, err)
	}
	if again.ID != o.ID || again.Visibility != "public" || !again.Published.Equal(o.Published) {
		t.Fatalf("second insert did not return the stored row: %+v", again)
	}
	tags, err := st.HashtagsOf(ctx, o.ID)
	if err != nil || len(tags) != 1 || tags[0] != "go" {
		t.Fatalf("hashtags = %v, %v", tags, err)
	}
	if n, _ := st.CountObjects(ctx, "Note"); n != 1 {
		t.Fatalf("count = %d", n)
	}
	if _, err := st.ObjectByAPID(ctx, "https://remote.test/nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing object: %v", err)
	}
}

func TestIDsSortByCreation(t *testing.T) {
	prev := store.NewID()
	for range 1000 {
		id := store.NewID()
		if len(id) != 26 || id <= prev {
			t.Fatalf("id %q not after %q", id, prev)
		}
		prev = id
	}
	old := store.NewIDAt(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	if old >= prev {
		t.Fatalf("id for 2020 %q sorts after now %q", old, prev)
	}
	if ts, ok := store.IDTime(old); !ok || ts.Year() != 2020 {
		t.Fatalf("IDTime(%q) = %v %v", old, ts, ok)
	}
}

// Ids for past times (remote objects) interleaved with ids of the present must not disturb
// the order of the present ones: a shared monotonic source re-seeds on every other
// millisecond, so the second of two same-millisecond ids could sort first.
func TestIDsForPastTimesKeepPresentIDsOrdered(t *testing.T) {
	past := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	prev := store.NewID()
	for i := range 20000 {
		_ = store.NewIDAt(past.Add(time.Duration(i) * time.Millisecond))
		id := store.NewID()
		if id <= prev {
			t.Fatalf("round %d: id %q not after %q", i, id, prev)
		}
		prev = id
	}
}

func TestRelationshipUpsertAndExpiry(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	r := &store.Relationship{Type: store.RelFollow, Actor: "a", Object: "b", ActivityAPID: "f1"}
	created, err := st.PutRelationship(ctx, r)
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	first := r.ID
	r2 := &store.Relationship{Type: store.RelFollow, Actor: "a", Object: "b", ActivityAPID: "f2"}
	created, err = st.PutRelationship(ctx, r2)
	if err != nil || created || r2.ID != first {
		t.Fatalf("upsert: created=%v id=%s want %s err=%v", created, r2.ID, first, err)
	}
	got, err := st.Relationship(ctx, store.RelFollow, "a", "b")
	if err != nil || got.ActivityAPID != "f2" {
		t.Fatalf("relationship = %+v, %v", got, err)
	}
	past := time.Now().Add(-time.Minute)
	if _, err := st.PutRelationship(ctx, &store.Relationship{Type: store.RelMute, Actor: "a", Object: "c", ExpiresAt: &past}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := st.HasRelationship(ctx, store.RelMute, "a", "c"); ok {
		t.Fatal("expired mute still in force")
	}
	if n, err := st.DeleteRelationshipsByActivity(ctx, "f2"); err != nil || n != 1 {
		t.Fatalf("delete by activity: %d %v", n, err)
	}
}

func TestUsersUniqueAndUpsert(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := &store.User{APID: "http://localhost:4000/users/alice", Nickname: "alice", Local: true, Email: "a@x.test"}
	if err := st.CreateUser(ctx, alice); err != nil {
		t.Fatal(err)
	}
	dup := &store.User{APID: "http://localhost:4000/users/ALICE2", Nickname: "Alice", Local: true}
	if err := st.CreateUser(ctx, dup); !errors.Is(err, store.ErrTaken) {
		t.Fatalf("duplicate nickname (case-insensitive): %v", err)
	}
	remote := &store.User{APID: "https://r.test/users/alice", Nickname: "alice", Domain: "r.test", Name: "A"}
	if err := st.UpsertRemoteUser(ctx, remote); err != nil {
		t.Fatal(err)
	}
	id := remote.ID
	remote2 := &store.User{APID: "https://r.test/users/alice", Nickname: "alice", Domain: "r.test", Name: "B", AlsoKnownAs: []string{"x"}}
	if err := st.UpsertRemoteUser(ctx, remote2); err != nil {
		t.Fatal(err)
	}
	got, err := st.RemoteUser(ctx, "ALICE", "r.test")
	if err != nil || got.ID != id || got.Name != "B" || len(got.AlsoKnownAs) != 1 {
		t.Fatalf("remote user = %+v, %v", got, err)
	}
	// A remote document can never overwrite a local user, even with its ap_id.
	hijack := &store.User{APID: alice.APID, Nickname: "alice", Domain: "evil.test", Name: "pwned"}
	_ = st.UpsertRemoteUser(ctx, hijack)
	a, err := st.LocalUser(ctx, "ALICE")
	if err != nil || a.Name == "pwned" || !a.Local {
		t.Fatalf("local user overwritten: %+v %v", a, err)
	}
}

func TestPlannerSettings(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	if st.Dialect().Name() == "postgres" {
		var jit string
		if err := st.SQL().QueryRowContext(ctx, `SHOW jit`).Scan(&jit); err != nil || jit != "off" {
			t.Fatalf("jit = %q, %v: want off on every pooled connection", jit, err)
		}
	}
	if err := st.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
}
