package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestAnnouncementWindow(t *testing.T) {
	day := time.Date(2030, 5, 10, 15, 30, 0, 0, time.UTC)
	at := func(t time.Time) *time.Time { return &t }
	cases := []struct {
		name   string
		a      store.Announcement
		now    time.Time
		active bool
	}{
		{"always", store.Announcement{}, day, true},
		{"started", store.Announcement{StartsAt: at(day)}, day, true},
		{"not yet", store.Announcement{StartsAt: at(day)}, day.Add(-time.Second), false},
		{"ends is exclusive", store.Announcement{EndsAt: at(day)}, day, false},
		{"before end", store.Announcement{EndsAt: at(day)}, day.Add(-time.Second), true},
		{"all day: from midnight", store.Announcement{StartsAt: at(day), EndsAt: at(day), AllDay: true}, day.Truncate(24 * time.Hour), true},
		{"all day: until the day ends", store.Announcement{StartsAt: at(day), EndsAt: at(day), AllDay: true}, day.Add(8 * time.Hour), true},
		{"all day: the next day", store.Announcement{StartsAt: at(day), EndsAt: at(day), AllDay: true}, day.Add(9 * time.Hour), false},
	}
	for _, c := range cases {
		if got := c.a.Active(c.now); got != c.active {
			t.Errorf("%s: active %v, want %v", c.name, got, c.active)
		}
	}
}

func TestAnnouncementRows(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	var users []*store.User
	for _, nick := range []string{"alice", "bob"} {
		u := &store.User{APID: "http://localhost:4000/users/" + nick, Nickname: nick, Local: true}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	alice, bob := users[0], users[1]
	now := time.Now()
	ends := now.Add(time.Hour)
	a := &store.Announcement{Text: "hi", EndsAt: &ends}
	if err := st.CreateAnnouncement(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := st.AnnouncementByID(ctx, a.ID)
	if err != nil || got.Text != "hi" || got.StartsAt != nil || got.EndsAt == nil || got.EndsAt.Sub(ends).Abs() > time.Millisecond {
		t.Fatalf("read back %+v %v", got, err)
	}
	for _, u := range []*store.User{alice, bob} {
		if added, err := st.AddAnnouncementReaction(ctx, a.ID, u.ID, "👍"); err != nil || !added {
			t.Fatalf("add: %v %v", added, err)
		}
	}
	if added, _ := st.AddAnnouncementReaction(ctx, a.ID, alice.ID, "👍"); added {
		t.Fatal("added twice")
	}
	if _, err := st.AddAnnouncementReaction(ctx, a.ID, bob.ID, "🎉"); err != nil {
		t.Fatal(err)
	}
	rs, err := st.AnnouncementReactions(ctx, []string{a.ID}, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.AnnouncementReaction{{Name: "👍", Count: 2, Me: true}, {Name: "🎉", Count: 1}}
	if len(rs[a.ID]) != 2 || rs[a.ID][0] != want[0] || rs[a.ID][1] != want[1] {
		t.Fatalf("reactions %+v", rs[a.ID])
	}
	if err := st.DismissAnnouncement(ctx, a.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	if read, err := st.AnnouncementsRead(ctx, bob.ID, []string{a.ID}); err != nil || !read[a.ID] {
		t.Fatalf("read %v %v", read, err)
	}
	if list, err := st.ActiveAnnouncements(ctx, now.Add(2*time.Hour)); err != nil || len(list) != 0 {
		t.Fatalf("after its end: %v %v", list, err)
	}
	if err := st.DeleteAnnouncement(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := st.AnnouncementReactionCount(ctx, a.ID, "👍"); err != nil || n != 0 {
		t.Fatalf("reactions outlived the announcement: %d %v", n, err)
	}
	if err := st.DeleteAnnouncement(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}
