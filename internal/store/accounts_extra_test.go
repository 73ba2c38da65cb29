package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// acctUser stores a user; local when domain is "".
func acctUser(t *testing.T, st *store.Store, nick, domain string) *store.User {
	t.Helper()
	u := &store.User{APID: "https://" + acctFirstOr(domain, "local.test") + "/users/" + nick, Nickname: nick, Domain: domain,
		Local: domain == ""}
	var err error
	if u.Local {
		err = st.CreateUser(context.Background(), u)
	} else {
		err = st.UpsertRemoteUser(context.Background(), u)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func acctFirstOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestAccountRelationshipPage(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice, bob, carol := acctUser(t, st, "alice", ""), acctUser(t, st, "bob", ""), acctUser(t, st, "carol", "remote.test")
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	for _, r := range []*store.Relationship{
		{Type: store.RelMute, Actor: alice.APID, Object: bob.APID, ExpiresAt: &past},                  // ran out
		{Type: store.RelMute, Actor: alice.APID, Object: carol.APID, ExpiresAt: &future},              // live
		{Type: store.RelMute, Actor: alice.APID, Object: "https://local.test/objects/a-conversation"}, // not an account
		{Type: store.RelMute, Actor: bob.APID, Object: carol.APID},                                    // someone else's
		{Type: store.RelFollowRequest, Actor: bob.APID, Object: alice.APID, ActivityAPID: "https://local.test/objects/f1"},
		{Type: store.RelFollowRequest, Actor: carol.APID, Object: alice.APID},
	} {
		if _, err := st.PutRelationship(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	mutes, err := st.AccountRelationshipPage(ctx, store.RelMute, alice.APID, false, store.Page{Limit: 10})
	if err != nil || len(mutes) != 1 || mutes[0].Object != carol.APID || mutes[0].ExpiresAt == nil {
		t.Fatalf("mutes %+v %v", mutes, err)
	}
	reqs, err := st.AccountRelationshipPage(ctx, store.RelFollowRequest, alice.APID, true, store.Page{Limit: 1})
	if err != nil || len(reqs) != 1 || reqs[0].Actor != carol.APID {
		t.Fatalf("first page of requests %+v %v", reqs, err)
	}
	reqs, err = st.AccountRelationshipPage(ctx, store.RelFollowRequest, alice.APID, true, store.Page{Limit: 1, MaxID: reqs[0].ID})
	if err != nil || len(reqs) != 1 || reqs[0].Actor != bob.APID || reqs[0].ActivityAPID != "https://local.test/objects/f1" {
		t.Fatalf("second page of requests %+v %v", reqs, err)
	}

	live, err := st.LiveRelationshipsOf(ctx, alice.APID, []string{store.RelMute}, []string{bob.APID, carol.APID})
	if err != nil || live[bob.APID] != nil || live[carol.APID][store.RelMute] == nil {
		t.Fatalf("live relationships %v %v", live, err)
	}
}

func TestFamiliarFollowersQuery(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	me, target, friend, stranger := acctUser(t, st, "me", ""), acctUser(t, st, "target", ""), acctUser(t, st, "friend", ""),
		acctUser(t, st, "stranger", "remote.test")
	for _, p := range [][2]string{{me.APID, friend.APID}, {friend.APID, target.APID}, {stranger.APID, target.APID}} {
		if _, err := st.PutRelationship(ctx, &store.Relationship{Type: store.RelFollow, Actor: p[0], Object: p[1]}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.FamiliarFollowers(ctx, me.APID, target.APID, 10)
	if err != nil || !slices.Equal(got, []string{friend.APID}) {
		t.Fatalf("familiar %v %v", got, err)
	}
}

func TestAccountNotesAndMarkers(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice, bob := acctUser(t, st, "alice", ""), acctUser(t, st, "bob", "")
	if err := st.SetAccountNote(ctx, alice.ID, bob.APID, "first"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAccountNote(ctx, alice.ID, bob.APID, "second"); err != nil {
		t.Fatal(err)
	}
	notes, err := st.AccountNotes(ctx, alice.ID, []string{bob.APID, alice.APID})
	if err != nil || len(notes) != 1 || notes[bob.APID] != "second" {
		t.Fatalf("notes %v %v", notes, err)
	}
	if notes, _ := st.AccountNotes(ctx, bob.ID, []string{bob.APID}); len(notes) != 0 {
		t.Fatalf("bob's notes %v", notes)
	}
	if err := st.SetAccountNote(ctx, alice.ID, bob.APID, ""); err != nil {
		t.Fatal(err)
	}
	if notes, _ := st.AccountNotes(ctx, alice.ID, []string{bob.APID}); len(notes) != 0 {
		t.Fatalf("removed note %v", notes)
	}

	for i, id := range []string{"01A", "01B", "01C"} {
		m, err := st.SetMarker(ctx, alice.ID, "home", id)
		if err != nil || m.Version != i || m.LastReadID != id {
			t.Fatalf("marker %d: %+v %v", i, m, err)
		}
	}
	ms, err := st.Markers(ctx, alice.ID, []string{"home", "notifications"})
	if err != nil || len(ms) != 1 || ms["home"].LastReadID != "01C" || ms["home"].Version != 2 {
		t.Fatalf("markers %v %v", ms, err)
	}
	if ms, _ := st.Markers(ctx, bob.ID, []string{"home"}); len(ms) != 0 {
		t.Fatalf("bob's markers %v", ms)
	}

	var last string
	for range 3 {
		n := &store.Notification{UserID: alice.ID, Type: store.NotifyFollow, Actor: bob.APID, ActivityAPID: store.NewID()}
		if _, err := st.AddNotification(ctx, n); err != nil {
			t.Fatal(err)
		}
		last = n.ID
	}
	for _, c := range []struct {
		after string
		limit int
		want  int
	}{{"", 100, 3}, {"", 2, 2}, {last, 100, 0}} {
		if n, err := st.CountUnreadNotifications(ctx, alice.ID, c.after, c.limit); err != nil || n != c.want {
			t.Fatalf("unread after %q limit %d = %d %v, want %d", c.after, c.limit, n, err, c.want)
		}
	}
}

func TestInstanceCounts(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	if _, err := st.FirstLocalAdmin(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("admin of an empty server: %v", err)
	}
	acctUser(t, st, "alice", "")
	boss := &store.User{APID: "https://local.test/users/boss", Nickname: "boss", Local: true, Admin: true}
	if err := st.CreateUser(ctx, boss); err != nil {
		t.Fatal(err)
	}
	acctUser(t, st, "x", "b.test")
	acctUser(t, st, "y", "a.test")
	acctUser(t, st, "z", "a.test")
	if u, err := st.FirstLocalAdmin(ctx); err != nil || u.ID != boss.ID {
		t.Fatalf("admin %v %v", u, err)
	}
	domains, err := st.RemoteDomains(ctx)
	if err != nil || !slices.Equal(domains, []string{"a.test", "b.test"}) {
		t.Fatalf("domains %v %v", domains, err)
	}
	if n, err := st.CountRemoteDomains(ctx); err != nil || n != 2 {
		t.Fatalf("domain count %d %v", n, err)
	}
	o := &store.Object{APID: "https://local.test/objects/1", Type: "Note", Actor: boss.APID, Data: []byte(`{}`),
		Visibility: "public", Local: true, Published: time.Now().UTC()}
	if _, err := st.InsertObject(ctx, o); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	statuses, registrations, err := st.LocalActivity(ctx, now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil || statuses != 1 || registrations != 2 {
		t.Fatalf("this hour: %d statuses %d registrations %v", statuses, registrations, err)
	}
	statuses, registrations, _ = st.LocalActivity(ctx, now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	if statuses != 0 || registrations != 0 {
		t.Fatalf("yesterday: %d statuses %d registrations", statuses, registrations)
	}
}
