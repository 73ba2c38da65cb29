package jobs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"github.com/egregoros/egregoros/internal/store"
)

// DeliverArgs is the job that federates one local activity: it works out the inboxes and
// enqueues one DeliverInboxArgs per inbox.
type DeliverArgs struct {
	ActivityAPID string `json:"activity_ap_id"`
}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "deliver" }

// InsertOpts puts deliveries on the outgoing queue.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueOutgoing, MaxAttempts: 10}
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
	inboxes, err := w.j.sender.Inboxes(ctx, a)
	if err != nil {
		return err
	}
	if len(inboxes) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, 0, len(inboxes))
	for _, inbox := range inboxes {
		params = append(params, river.InsertManyParams{Args: DeliverInboxArgs{ActivityAPID: a.APID, Inbox: inbox}})
	}
	_, err = w.j.client.InsertMany(ctx, params)
	return err
}

// DeliverInboxArgs delivers one activity to one inbox, retried with backoff for about two
// days.
type DeliverInboxArgs struct {
	ActivityAPID string `json:"activity_ap_id"`
	Inbox        string `json:"inbox"`
}

// Kind implements river.JobArgs.
func (DeliverInboxArgs) Kind() string { return "deliver_inbox" }

// InsertOpts: outgoing queue, one job per (activity, inbox) however often the fan-out runs.
func (DeliverInboxArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueOutgoing, MaxAttempts: DeliveryAttempts,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: 72 * time.Hour}}
}

// DeliveryAttempts and the backoff below spread retries over about two days.
const DeliveryAttempts = 18

// DeliveryBackoff is the wait before retry number attempt (1-based): 10 s doubling per
// attempt, capped at 6 h, with ±20% jitter so that a recovering host is not hit all at once.
func DeliveryBackoff(attempt int) time.Duration {
	d := 10 * time.Second
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	d = min(d, 6*time.Hour)
	jitter := time.Duration((rand.Float64()*0.4 - 0.2) * float64(d))
	return d + jitter
}

type deliverInboxWorker struct {
	river.WorkerDefaults[DeliverInboxArgs]
	j *Jobs
}

// NextRetry implements river's per-worker retry schedule.
func (w *deliverInboxWorker) NextRetry(job *river.Job[DeliverInboxArgs]) time.Time {
	return time.Now().Add(DeliveryBackoff(job.Attempt))
}

func (w *deliverInboxWorker) Work(ctx context.Context, job *river.Job[DeliverInboxArgs]) error {
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
	err = w.j.sender.Post(ctx, a, job.Args.Inbox)
	var p interface{ Permanent() bool }
	if errors.As(err, &p) && p.Permanent() {
		return river.JobCancel(err)
	}
	return err
}
