package jobs_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

const base = "http://localhost:4000"

type sentLog struct {
	mu  sync.Mutex
	ids []string
	ch  chan string
}

func (s *sentLog) Inboxes(_ context.Context, a *store.Object) ([]string, error) {
	return []string{"https://r.test/inbox", "https://s.test/inbox"}, nil
}

func (s *sentLog) Post(_ context.Context, a *store.Object, inbox string) error {
	s.mu.Lock()
	s.ids = append(s.ids, a.APID+" "+inbox)
	s.mu.Unlock()
	s.ch <- a.APID + " " + inbox
	return nil
}

func setup(t *testing.T, st *store.Store, sender jobs.Sender, workers int) (*activity.Pipeline, *jobs.Jobs) {
	t.Helper()
	p := &activity.Pipeline{Store: st, BaseURL: base}
	j, err := jobs.New(st, p, sender, nil, jobs.Options{Incoming: workers, Outgoing: workers, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p.Deliver, p.Fetch = j, j
	return p, j
}

func localPost(t *testing.T, st *store.Store, p *activity.Pipeline, nick string) string {
	t.Helper()
	ctx := context.Background()
	actor := base + "/users/" + nick
	if _, err := st.UserByAPID(ctx, actor); errors.Is(err, store.ErrNotFound) {
		if err := st.CreateUser(ctx, &store.User{APID: actor, Nickname: nick, Local: true}); err != nil {
			t.Fatal(err)
		}
	}
	id := p.NewObjectID()
	note := ap.Object{"id": id, "type": "Note", "attributedTo": actor, "content": "hi", "to": []any{ap.Public}}
	create := ap.Object{"id": id + "/activity", "type": "Create", "actor": actor, "object": map[string]any(note), "to": []any{ap.Public}}
	if _, err := p.Ingest(ctx, create, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
	return id + "/activity"
}

func countJobs(t *testing.T, st *store.Store, kind string) int {
	t.Helper()
	var n int
	q := `SELECT count(*) FROM river_job WHERE kind = 'deliver'`
	if kind != "deliver" {
		q = `SELECT count(*) FROM river_job WHERE kind = 'fetch'`
	}
	if err := st.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDeliveryCommitsAndRollsBackWithIngestion(t *testing.T) {
	st := testutil.NewStore(t)
	p, j := setup(t, st, nil, 0)
	localPost(t, st, p, "alice")
	if n := countJobs(t, st, "deliver"); n != 1 {
		t.Fatalf("jobs after committed ingestion = %d, want 1", n)
	}
	// A transaction that enqueues and then fails leaves neither the row nor the job.
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.InTx(ctx, func(tx *store.Tx) error {
		o := &store.Object{APID: base + "/objects/rolled-back", Type: "Create", Data: []byte(`{}`), Visibility: "public", Local: true}
		if _, err := tx.InsertObject(ctx, o); err != nil {
			return err
		}
		if err := j.Deliver(ctx, tx.SQL(), o); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	if n := countJobs(t, st, "deliver"); n != 1 {
		t.Fatalf("jobs after rollback = %d, want 1", n)
	}
	if _, err := st.ObjectByAPID(ctx, base+"/objects/rolled-back"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("rolled-back object: %v", err)
	}
}

func TestFetchJobsAreUniquePerObject(t *testing.T) {
	st := testutil.NewStore(t)
	_, j := setup(t, st, nil, 0)
	ctx := context.Background()
	for range 3 {
		if err := st.InTx(ctx, func(tx *store.Tx) error { return j.Fetch(ctx, tx.SQL(), "https://r.test/n/1", 1) }); err != nil {
			t.Fatal(err)
		}
	}
	if n := countJobs(t, st, "fetch"); n != 1 {
		t.Fatalf("fetch jobs = %d, want 1", n)
	}
}

// TestCrashAfterCommitLosesNothing runs a child process that ingests a local post and dies at
// once (no shutdown, no River client ever started); a new process then works the delivery.
func TestCrashAfterCommitLosesNothing(t *testing.T) {
	if os.Getenv("EGREGOROS_CRASH_CHILD") != "" {
		return // the child's work is in TestCrashChild
	}
	url := testutil.NewDatabaseURL(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "EGREGOROS_CRASH_CHILD="+url)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("child did not crash as planned: %v\n%s", err, out)
	}

	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sent := &sentLog{ch: make(chan string, 4)}
	_, j := setup(t, st, sent, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	got := map[string]bool{}
	for len(got) < 2 {
		select {
		case d := <-sent.ch:
			got[d] = true
		case <-time.After(30 * time.Second):
			t.Fatalf("the delivery committed before the crash was never worked (got %v)", got)
		}
	}
	for d := range got {
		if !strings.HasSuffix(d, " https://r.test/inbox") && !strings.HasSuffix(d, " https://s.test/inbox") {
			t.Fatalf("delivery %q", d)
		}
	}
}

// TestCrashChild is the child half of TestCrashAfterCommitLosesNothing.
func TestCrashChild(t *testing.T) {
	url := os.Getenv("EGREGOROS_CRASH_CHILD")
	if url == "" {
		return
	}
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := setup(t, st, nil, 0)
	localPost(t, st, p, "alice")
	os.Exit(3) // die right after the commit: no Close, no Stop
}

func TestDeliveryBackoffSpansAboutTwoDays(t *testing.T) {
	var total time.Duration
	prev := time.Duration(0)
	for attempt := 1; attempt < jobs.DeliveryAttempts; attempt++ {
		d := jobs.DeliveryBackoff(attempt)
		if d <= 0 || d > 6*time.Hour*12/10 {
			t.Fatalf("attempt %d waits %v", attempt, d)
		}
		if attempt < 8 && d < prev/2 {
			t.Fatalf("backoff not growing: %v after %v", d, prev)
		}
		prev = d
		total += d
	}
	if total < 30*time.Hour || total > 72*time.Hour {
		t.Fatalf("retries span %v, want about two days", total)
	}
}

func TestMaintenanceRunsAtStart(t *testing.T) {
	st := testutil.NewStore(t)
	ran := make(chan struct{}, 4)
	p := &activity.Pipeline{Store: st, BaseURL: base}
	j, err := jobs.New(st, p, nil, nil, jobs.Options{Incoming: 1, Outgoing: 1, PollInterval: 100 * time.Millisecond,
		Maintenance: []func(context.Context) error{
			func(context.Context) error { return errors.New("one task fails") },
			func(context.Context) error { ran <- struct{}{}; return nil },
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	select {
	case <-ran:
	case <-time.After(30 * time.Second):
		t.Fatal("maintenance did not run at start (a failing task must not stop the others)")
	}
}
