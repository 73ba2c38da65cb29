package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func putObject(t *testing.T, st *store.Store, apID, typ, actor, object string) *store.Object {
	t.Helper()
	o := &store.Object{APID: apID, Type: typ, Actor: actor, Object: object, Data: []byte(`{"id":"` + apID + `"}`),
		Visibility: "public", Recipients: []string{"https://www.w3.org/ns/activitystreams#Public"}}
	if _, err := st.InsertObject(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func putRel(t *testing.T, st *store.Store, typ, actor, object string) {
	t.Helper()
	if _, err := st.PutRelationship(context.Background(), &store.Relationship{Type: typ, Actor: actor, Object: object}); err != nil {
		t.Fatal(err)
	}
}

func apIDs(os []*store.Object) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.APID)
	}
	slices.Sort(out)
	return out
}

func TestDeleteNotificationsAboutAndObjectsTargeting(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := &store.User{APID: "http://local.test/users/alice", Nickname: "alice", Local: true}
	if err := st.CreateUser(ctx, alice); err != nil {
		t.Fatal(err)
	}
	note := "http://local.test/objects/n1"
	putObject(t, st, note, "Note", alice.APID, "")
	putObject(t, st, "https://r.test/like/1", "Like", "https://r.test/users/bob", note)
	putObject(t, st, "https://r.test/announce/1", "Announce", "https://r.test/users/bob", note)
	putObject(t, st, "https://r.test/delete/1", "Delete", "https://r.test/users/bob", note)
	putObject(t, st, "https://r.test/like/2", "Like", "https://r.test/users/bob", "http://local.test/objects/other")
	for _, n := range []*store.Notification{
		{UserID: alice.ID, Type: store.NotifyFavourite, Actor: "https://r.test/users/bob", Object: note, ActivityAPID: "https://r.test/like/1"},
		{UserID: alice.ID, Type: store.NotifyMention, Actor: "https://r.test/users/bob", ActivityAPID: note},
		{UserID: alice.ID, Type: store.NotifyFavourite, Actor: "https://r.test/users/bob", Object: "http://local.test/objects/other", ActivityAPID: "https://r.test/like/2"},
	} {
		if _, err := st.AddNotification(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteNotificationsAbout(ctx, note); err != nil {
		t.Fatal(err)
	}
	ns, _ := st.Notifications(ctx, alice.ID, "", 10)
	if len(ns) != 1 || ns[0].ActivityAPID != "https://r.test/like/2" {
		t.Fatalf("notifications left = %+v", ns)
	}
	gone, err := st.DeleteObjectsTargeting(ctx, note, "Delete")
	if err != nil {
		t.Fatal(err)
	}
	if got := apIDs(gone); !slices.Equal(got, []string{"https://r.test/announce/1", "https://r.test/like/1"}) {
		t.Fatalf("deleted = %v", got)
	}
	for id, want := range map[string]bool{note: true, "https://r.test/delete/1": true, "https://r.test/like/2": true,
		"https://r.test/like/1": false} {
		_, err := st.ObjectByAPID(ctx, id)
		if (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", id, err == nil, want)
		}
	}
}

func TestPurgeActor(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := &store.User{APID: "http://local.test/users/alice", Nickname: "alice", Local: true}
	if err := st.CreateUser(ctx, alice); err != nil {
		t.Fatal(err)
	}
	bob := "https://r.test/users/bob"
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: bob, Nickname: "bob", Domain: "r.test"}); err != nil {
		t.Fatal(err)
	}
	carol := "https://r.test/users/carol"
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: carol, Nickname: "carol", Domain: "r.test"}); err != nil {
		t.Fatal(err)
	}
	bobNote := "https://r.test/notes/1"
	putObject(t, st, bobNote, "Note", bob, "")
	putObject(t, st, "https://r.test/bob/like/1", "Like", bob, "http://local.test/objects/a1")
	putObject(t, st, "https://r.test/bob/delete/0", "Delete", bob, "https://r.test/notes/0")
	putObject(t, st, "http://local.test/objects/a1", "Note", alice.APID, "")
	putObject(t, st, "http://local.test/objects/boost", "Announce", alice.APID, bobNote)
	putObject(t, st, "http://local.test/objects/follow", "Follow", alice.APID, bob)
	putObject(t, st, "http://local.test/objects/block", "Block", alice.APID, bob)
	putObject(t, st, "https://r.test/carol/note", "Note", carol, "")
	putRel(t, st, store.RelLike, bob, "http://local.test/objects/a1")
	putRel(t, st, store.RelFollow, alice.APID, bob)
	putRel(t, st, store.RelBlock, alice.APID, bob)
	putRel(t, st, store.RelMute, alice.APID, bob)
	putRel(t, st, store.RelAnnounce, alice.APID, bobNote)
	putRel(t, st, store.RelLike, carol, "https://r.test/carol/note")
	for _, n := range []*store.Notification{
		{UserID: alice.ID, Type: store.NotifyFavourite, Actor: bob, Object: "http://local.test/objects/a1", ActivityAPID: "https://r.test/bob/like/1"},
		{UserID: alice.ID, Type: store.NotifyMention, Actor: carol, Object: "https://r.test/carol/note", ActivityAPID: "https://r.test/carol/note"},
	} {
		if _, err := st.AddNotification(ctx, n); err != nil {
			t.Fatal(err)
		}
	}

	gone, err := st.PurgeActor(ctx, bob, "Delete", "Block")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"http://local.test/objects/boost", "http://local.test/objects/follow", "https://r.test/bob/like/1", bobNote}
	if got := apIDs(gone); !slices.Equal(got, want) {
		t.Fatalf("purged %v; want %v", got, want)
	}
	for id, want := range map[string]bool{"https://r.test/bob/delete/0": true, "http://local.test/objects/a1": true,
		"http://local.test/objects/block": true, "https://r.test/carol/note": true, bobNote: false} {
		if _, err := st.ObjectByAPID(ctx, id); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", id, err == nil, want)
		}
	}
	for _, r := range []struct {
		typ, actor, object string
		want               bool
	}{
		{store.RelLike, bob, "http://local.test/objects/a1", false},
		{store.RelFollow, alice.APID, bob, false},
		{store.RelAnnounce, alice.APID, bobNote, false},
		{store.RelBlock, alice.APID, bob, true},
		{store.RelMute, alice.APID, bob, true},
		{store.RelLike, carol, "https://r.test/carol/note", true},
	} {
		if ok, _ := st.HasRelationship(ctx, r.typ, r.actor, r.object); ok != r.want {
			t.Errorf("relationship %s %s→%s = %v, want %v", r.typ, r.actor, r.object, ok, r.want)
		}
	}
	ns, _ := st.Notifications(ctx, alice.ID, "", 10)
	if len(ns) != 1 || ns[0].Actor != carol {
		t.Fatalf("notifications = %+v", ns)
	}
	if _, err := st.UserByAPID(ctx, bob); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("bob still stored: %v", err)
	}
	if _, err := st.UserByAPID(ctx, carol); err != nil {
		t.Fatalf("carol: %v", err)
	}
}

func TestDeleteRemoteUserKeepsLocalAndLocalAdmins(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	for _, u := range []*store.User{
		{APID: "http://local.test/users/root", Nickname: "root", Local: true, Admin: true},
		{APID: "http://local.test/users/mod", Nickname: "mod", Local: true, Admin: true},
		{APID: "http://local.test/users/alice", Nickname: "alice", Local: true},
	} {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := st.DeleteRemoteUser(ctx, "http://local.test/users/alice"); ok || err != nil {
		t.Fatalf("local user deleted: %v %v", ok, err)
	}
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: "https://r.test/users/bob", Nickname: "bob", Domain: "r.test"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.DeleteRemoteUser(ctx, "https://r.test/users/bob"); !ok || err != nil {
		t.Fatalf("remote user not deleted: %v %v", ok, err)
	}
	admins, err := st.LocalAdmins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var nicks []string
	for _, a := range admins {
		nicks = append(nicks, a.Nickname)
	}
	slices.Sort(nicks)
	if !slices.Equal(nicks, []string{"mod", "root"}) {
		t.Fatalf("admins = %v", nicks)
	}
}

func TestObjectByAPIDForUpdate(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	o := putObject(t, st, "https://r.test/q/1", "Question", "https://r.test/users/bob", "")
	err := st.InTx(ctx, func(tx *store.Tx) error {
		got, err := tx.ObjectByAPIDForUpdate(ctx, o.APID)
		if err != nil || got.ID != o.ID || got.Type != "Question" {
			t.Fatalf("locked read = %+v, %v", got, err)
		}
		_, err = tx.ObjectByAPIDForUpdate(ctx, "https://r.test/q/404")
		if !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing object: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
