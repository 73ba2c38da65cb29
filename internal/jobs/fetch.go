package jobs

import (
	"context"
	"errors"

	"github.com/riverqueue/river"
)

// FetchArgs asks for a remote object we saw referenced but do not have.
type FetchArgs struct {
	APID  string `json:"ap_id"`
	Depth int    `json:"depth,omitempty"`
}

// Kind implements river.JobArgs.
func (FetchArgs) Kind() string { return "fetch" }

// InsertOpts puts fetches on the incoming queue.
func (FetchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueIncoming, MaxAttempts: 3}
}

type fetchWorker struct {
	river.WorkerDefaults[FetchArgs]
	j *Jobs
}

func (w *fetchWorker) Work(ctx context.Context, job *river.Job[FetchArgs]) error {
	if w.j.resolver == nil {
		return errors.New("federation is not configured: fetch waits")
	}
	if err := w.j.resolver.Resolve(ctx, job.Args.APID, job.Args.Depth); err != nil {
		return err
	}
	w.j.cacheMediaOf(ctx, job.Args.APID, nil) // media_cache.go
	return nil
}
