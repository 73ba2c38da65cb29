package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestAnnouncementCommands(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"announcement"}, "usage"},
		{[]string{"announcement", "frob"}, "unknown announcement command"},
		{[]string{"announcement", "create"}, "usage"},
		{[]string{"announcement", "create", "--text", "  "}, "usage"},
		{[]string{"announcement", "create", "--text", "x", "--starts-at", "tomorrow"}, "RFC 3339"},
		{[]string{"announcement", "create", "--text", "x", "--all-day"}, "--all-day needs"},
		{[]string{"announcement", "create", "--text", "x", "--starts-at", "2030-01-02T00:00:00Z", "--ends-at", "2030-01-01T00:00:00Z"}, "before"},
		{[]string{"announcement", "delete"}, "usage"},
		{[]string{"announcement", "list", "extra"}, "usage"},
	} {
		if r := run(t, env, "", c.args...); r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: %+v, want exit 2 and %q", c.args, r, c.want)
		}
	}

	r := run(t, env, "", "announcement", "create", "--text", "Maintenance at noon")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "created announcement ") {
		t.Fatalf("create: %+v", r)
	}
	id := strings.TrimSpace(strings.TrimPrefix(r.stdout, "created announcement "))
	if r := run(t, env, "", "announcement", "create", "--text", "Party", "--starts-at", "2099-06-01T00:00:00Z",
		"--ends-at", "2099-06-02T00:00:00Z", "--all-day"); r.code != 0 {
		t.Fatalf("create scheduled: %+v", r)
	}
	r = run(t, env, "", "announcement", "list")
	if r.code != 0 || !strings.Contains(r.stdout, id+"\tshown\t-\t-\tMaintenance at noon") ||
		!strings.Contains(r.stdout, "\tscheduled\t2099-06-01\t2099-06-02\tParty") {
		t.Fatalf("list: %+v", r)
	}

	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The command line has no streams: its announcements reach the server's through jobs (one
	// now for the first; the start and the end of the second).
	var n int
	if err := st.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'announcement'`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("announcement jobs = %d (%v), want 3", n, err)
	}
	if r := run(t, env, "", "announcement", "delete", store.NewID()); r.code != 1 || !strings.Contains(r.stderr, "no announcement") {
		t.Fatalf("delete unknown: %+v", r)
	}
	if r := run(t, env, "", "announcement", "delete", id); r.code != 0 || !strings.Contains(r.stdout, "deleted announcement "+id) {
		t.Fatalf("delete: %+v", r)
	}
	if r := run(t, env, "", "announcement", "list"); strings.Contains(r.stdout, id) {
		t.Fatalf("still listed: %+v", r)
	}
}

// An announcement made on the command line reaches the user streams of a running server: its
// job, run by the server's workers, publishes the event on the server's bus.
func TestAnnouncementFromTheCommandLineIsStreamed(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	if r := run(t, env, "", "announcement", "create", "--text", "Hello from the shell"); r.code != 0 {
		t.Fatalf("create: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bus := stream.NewMemory(16)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	events := bus.Subscribe(ctx)
	jb, err := jobs.New(st, nil, nil, nil, jobs.Options{Incoming: 1, Outgoing: 1, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	jb.UseAnnouncements(&mastodon.Service{BaseURL: "http://localhost:4000", Store: st, Bus: bus})
	if err := jb.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer jb.Stop(context.Background())
	select {
	case e := <-events:
		if e.Kind != stream.EventAnnouncement || e.ObjectID == "" {
			t.Fatalf("event %+v", e)
		}
	case <-ctx.Done():
		t.Fatal("no announcement event")
	}
}
