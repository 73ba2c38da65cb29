package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestSessions(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	u := &store.User{APID: "http://localhost:4000/users/alice", Nickname: "alice", Local: true, ActorType: "Person",
		Inbox: "i", SharedInbox: "s", Outbox: "o", FollowersURL: "f", FollowingURL: "g", FeaturedURL: "h", URL: "u",
		PublicKey: "pk"}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	live := &store.Session{ID: store.Digest("token-1"), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	old := &store.Session{ID: store.Digest("token-2"), UserID: u.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	for _, s := range []*store.Session{live, old} {
		if err := st.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	s, got, err := st.SessionUser(ctx, live.ID, now)
	if err != nil || got.Nickname != "alice" || s.UserID != u.ID || !s.ExpiresAt.Equal(live.ExpiresAt) ||
		!s.LastSeenAt.Equal(now) {
		t.Fatalf("SessionUser = %+v, %+v, %v", s, got, err)
	}
	if _, _, err := st.SessionUser(ctx, old.ID, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired session: %v", err)
	}
	if _, _, err := st.SessionUser(ctx, store.Digest("nope"), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}

	later := now.Add(30 * time.Minute)
	if err := st.TouchSession(ctx, live.ID, later, later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if s, _, err := st.SessionUser(ctx, live.ID, now.Add(80*time.Minute)); err != nil || !s.LastSeenAt.Equal(later) {
		t.Fatalf("after touch: %+v, %v", s, err)
	}

	if n, err := st.PruneSessions(ctx, now); err != nil || n != 1 {
		t.Fatalf("prune = %d, %v; want 1", n, err)
	}
	if err := st.DeleteSession(ctx, live.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, live.ID, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted session: %v", err)
	}

	other := &store.Session{ID: store.Digest("token-3"), UserID: u.ID, ExpiresAt: now.Add(time.Hour)}
	if err := st.CreateSession(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, other.ID, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after DeleteUserSessions: %v", err)
	}
}
