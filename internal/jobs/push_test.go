package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/testutil"
)

type pushCall struct{ notification, subscription string }

// fakePusher answers each push with the error its subscription id names.
type fakePusher struct {
	calls chan pushCall
	errs  map[string]error
}

func (f *fakePusher) DeliverPush(_ context.Context, n, s string) error {
	f.calls <- pushCall{n, s}
	return f.errs[s]
}

type permanent struct{}

func (permanent) Error() string   { return "push service refused" }
func (permanent) Permanent() bool { return true }

func TestPushJobs(t *testing.T) {
	st := testutil.NewStore(t)
	_, j := setup(t, st, nil, 1)
	f := &fakePusher{calls: make(chan pushCall, 8), errs: map[string]error{"retry": errors.New("503"), "refused": permanent{}}}
	j.SetPusher(f)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, sub := range []string{"ok", "retry", "refused"} {
		if err := j.EnqueuePush(ctx, "n1", sub); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.EnqueuePush(ctx, "n1", "ok"); err != nil { // the same push twice is one job
		t.Fatal(err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	seen := map[string]bool{}
	for len(seen) < 3 {
		select {
		case c := <-f.calls:
			if c.notification != "n1" {
				t.Fatalf("call %+v", c)
			}
			seen[c.subscription] = true
		case <-time.After(30 * time.Second):
			t.Fatalf("pushes run: %v", seen)
		}
	}
	want := map[string]string{"ok": "completed", "retry": "retryable", "refused": "cancelled"}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := map[string]string{}
		q := `SELECT args::text, state FROM river_job WHERE kind = 'web_push'`
		if st.Dialect().Name() == "sqlite" {
			q = `SELECT json(args), state FROM river_job WHERE kind = 'web_push'` // River keeps JSONB there
		}
		rows, err := st.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var args, state string
			if err := rows.Scan(&args, &state); err != nil {
				t.Fatal(err)
			}
			n++
			var a jobs.PushArgs
			if err := json.Unmarshal([]byte(args), &a); err != nil {
				t.Fatalf("args %q: %v", args, err)
			}
			got[a.SubscriptionID] = state
		}
		rows.Close()
		if n != 3 {
			t.Fatalf("%d push jobs, want 3 (one per notification and subscription)", n)
		}
		if got["ok"] == want["ok"] && got["retry"] == want["retry"] && got["refused"] == want["refused"] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job states %v, want %v", got, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if jobs.PushAttempts < 2 {
		t.Fatal("pushes are not retried")
	}
}

// A push queued in the notification's transaction commits or rolls back with it.
func TestPushJobCommitsWithItsTransaction(t *testing.T) {
	st := testutil.NewStore(t)
	_, j := setup(t, st, nil, 1)
	ctx := context.Background()
	for _, commit := range []bool{false, true} {
		tx, err := st.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.EnqueuePushTx(ctx, tx, fmt.Sprintf("n-%v", commit), "sub"); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	var args string
	if err := st.SQL().QueryRowContext(ctx, `SELECT count(*), max(CAST(args AS text)) FROM river_job WHERE kind = 'web_push'`).Scan(&n, &args); err != nil {
		t.Fatal(err)
	}
	if n != 1 || !strings.Contains(args, "n-true") {
		t.Fatalf("%d push jobs (%q), want only the committed one", n, args)
	}
}
