package cli_test

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	harness "github.com/egregoros/egregoros/internal/bench"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestBenchLiveCasesAtTinyScale runs every live case of `egregoros bench live` against the
// real server started as a child process (this test binary running `serve`, see TestMain),
// at a tiny scale: nothing may be lost, every delivery and event must arrive, and what the
// cases added must be gone afterwards.
func TestBenchLiveCasesAtTinyScale(t *testing.T) {
	ctx := context.Background()
	dbURL := testutil.NewDatabaseURL(t)
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const base = "http://localhost:4000"
	seed := harness.SeedOptions{LocalUsers: 2, RemoteUsers: 4, Days: 1, PostsPerDay: 10, FollowsPerUser: 1, Seed: 1, BaseURL: base}
	if _, err := harness.Seed(ctx, st, seed, io.Discard); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "EGREGOROS_CLI_ARGS=serve", "EGREGOROS_DATABASE_URL="+dbURL, "EGREGOROS_DATA_DIR="+t.TempDir(),
		"EGREGOROS_HOST=localhost", "EGREGOROS_PORT=4000", "EGREGOROS_SCHEME=http", "EGREGOROS_LOG_LEVEL=warn",
		"EGREGOROS_SECRET_KEY_BASE="+strings.Repeat("s", 48))
	if _, err := harness.RaiseFileLimit(); err != nil {
		t.Fatal(err)
	}
	child, err := harness.StartServer(ctx, os.Args[0], []string{"-test.run=^$"}, env)
	if err != nil {
		t.Fatal(err)
	}
	defer child.Stop()
	var log strings.Builder
	rep, err := harness.Live(ctx, st, harness.LiveOptions{Server: child.Server, BaseURL: base,
		PostConnections: []int{2}, PostDuration: 500 * time.Millisecond,
		InboxActivities: 20, InboxActors: 4, InboxConnections: 4,
		Followers: 10, FollowerInboxes: 3, PerInbox: true,
		Subscribers: []int{20}, StreamPosts: 2, Timeout: time.Minute, Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s\nserver:\n%s", err, log.String(), child.Log())
	}
	var table strings.Builder
	harness.WriteLiveTables(&table, rep)
	t.Log("\n" + table.String())
	if rep.IdleRSS <= 0 || rep.ServerNoFile == 0 {
		t.Errorf("server memory %d, open-file limit %d: not measured", rep.IdleRSS, rep.ServerNoFile)
	}
	if len(rep.Posts) != 1 || rep.Posts[0].Requests == 0 || rep.Posts[0].Errors != 0 || rep.Posts[0].RSS <= 0 {
		t.Errorf("posts: %+v", rep.Posts)
	}
	if in := rep.Inbox; in == nil || in.Accepted != 20 || in.Refused != 0 || in.Ingested != 20 || in.Lost != 0 || in.ActorFetches < 4 {
		t.Errorf("inbox: %+v", rep.Inbox)
	}
	if len(rep.Fanout) != 2 {
		t.Fatalf("fan-out: %+v", rep.Fanout)
	}
	if f := rep.Fanout[0]; !f.Shared || f.Inboxes != 3 || f.Acknowledged != 3 {
		t.Errorf("fan-out to shared inboxes: %+v", f)
	}
	if f := rep.Fanout[1]; f.Shared || f.Inboxes != 10 || f.Acknowledged != 10 {
		t.Errorf("fan-out to one inbox each: %+v", f)
	}
	if len(rep.Stream) != 1 || rep.Stream[0].Connected != 20 || rep.Stream[0].Events != 40 || rep.Stream[0].Dropped != 0 {
		t.Errorf("streaming: %+v", rep.Stream)
	}
	// The cases cleaned up: only the seed's accounts and posts are left.
	known := harness.SeedOptions{LocalUsers: 1000}.LocalNicknames()
	if n, err := st.CountUsersOtherThan(ctx, known, harness.Domains()); err != nil || n != 0 {
		t.Errorf("%d accounts left behind (%v)", n, err)
	}
	u, err := st.LocalUser(ctx, "local1")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.DeleteObjectsSince(ctx, u.APID, store.NewIDAt(time.Now().Add(-time.Hour))); err != nil || n != 0 {
		t.Errorf("%d posts of local1 left behind (%v)\n%s", n, err, log.String())
	}
}
