package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
)

// Pusher sends one notification to one Web Push subscription (mastodon.Service implements
// it). An error with a Permanent() method returning true is not retried.
type Pusher interface {
	DeliverPush(ctx context.Context, notificationID, subscriptionID string) error
}

// PushAttempts bounds the retries of a push (River's backoff: about a day in all); a push
// service keeps a message 48 hours at most anyway.
const PushAttempts = 10

// PushArgs is the job that pushes one notification to one subscription.
type PushArgs struct {
	NotificationID string `json:"notification_id"`
	SubscriptionID string `json:"subscription_id"`
}

// Kind implements river.JobArgs.
func (PushArgs) Kind() string { return "web_push" }

// InsertOpts: outgoing queue, one job per (notification, subscription).
func (PushArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueOutgoing, MaxAttempts: PushAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type pushWorker struct {
	river.WorkerDefaults[PushArgs]
	j *Jobs
}

func (w *pushWorker) Work(ctx context.Context, job *river.Job[PushArgs]) error {
	if w.j.pusher == nil {
		return errors.New("web push is not configured: the push waits")
	}
	err := w.j.pusher.DeliverPush(ctx, job.Args.NotificationID, job.Args.SubscriptionID)
	var perm interface{ Permanent() bool }
	if errors.As(err, &perm) && perm.Permanent() {
		return river.JobCancel(err)
	}
	return err
}

// SetPusher gives the push jobs their sender (set before Start).
func (j *Jobs) SetPusher(p Pusher) { j.pusher = p }

// EnqueuePushTx queues the push of a notification to a subscription inside tx (the
// transaction that added the notification).
func (j *Jobs) EnqueuePushTx(ctx context.Context, tx *sql.Tx, notificationID, subscriptionID string) error {
	if _, err := j.client.InsertTx(ctx, tx, PushArgs{NotificationID: notificationID, SubscriptionID: subscriptionID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue push: %w", err)
	}
	return nil
}

// EnqueuePush queues the push of a notification to a subscription.
func (j *Jobs) EnqueuePush(ctx context.Context, notificationID, subscriptionID string) error {
	if _, err := j.client.Insert(ctx, PushArgs{NotificationID: notificationID, SubscriptionID: subscriptionID}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue push: %w", err)
	}
	return nil
}
