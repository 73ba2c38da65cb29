package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/egregoros/egregoros/internal/store"
)

// DeliverArgs is the job that federates one local activity.
type DeliverArgs struct {
	ActivityAPID string `json:"activity_ap_id"`
}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "deliver" }

// InsertOpts puts deliveries on the outgoing queue.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueOutgoing, MaxAttempts: 20}
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	j *Jobs
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	a, err := w.j.pipeline.Store.ObjectByAPID(ctx, job.Args.ActivityAPID)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("activity %s no longer exists", job.Args.ActivityAPID))
	}
	if err != nil {
		return err
	}
	if w.j.sender == nil {
		return errors.New("federation is not configured: delivery waits")
	}
	return w.j.sender.Send(ctx, a)
}
