package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/testutil"
)

type publishSpy chan string

func (p publishSpy) PublishScheduled(_ context.Context, id string) error { p <- id; return nil }

// A scheduled status's job is durable (a river_job row in the scheduled state) and runs once
// its time has come, not before.
func TestScheduledStatusJobRunsAtItsTime(t *testing.T) {
	st := testutil.NewStore(t)
	p := &activity.Pipeline{Store: st, BaseURL: base}
	j, err := jobs.New(st, p, nil, nil, jobs.Options{Incoming: 1, Outgoing: 1, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	spy := make(publishSpy, 4)
	j.UseScheduled(spy)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	soon := time.Now().Add(2 * time.Second)
	if err := j.EnqueueScheduled(ctx, "soon", soon); err != nil {
		t.Fatal(err)
	}
	if err := j.EnqueueScheduled(ctx, "next-year", time.Now().Add(365*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'scheduled_status' AND state = 'scheduled'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("scheduled jobs: %d %v", n, err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	select {
	case id := <-spy:
		if id != "soon" || time.Now().Before(soon) {
			t.Fatalf("ran %s at %v, due %v", id, time.Now(), soon)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the scheduled job did not run")
	}
	select {
	case id := <-spy:
		t.Fatalf("%s ran early", id)
	case <-time.After(time.Second):
	}
}
