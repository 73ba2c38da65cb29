package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// ScheduledPublisher publishes a scheduled status when it comes due (mastodon.Service). It
// must do nothing for a status that is gone or was moved later, and publish a status once.
type ScheduledPublisher interface {
	PublishScheduled(ctx context.Context, id string) error
}

// UseScheduled gives the scheduled-status jobs their publisher; call it before Start. Until
// then those jobs wait and retry.
func (j *Jobs) UseScheduled(p ScheduledPublisher) { j.scheduled = p }

// ScheduledStatusArgs publishes the scheduled status ID; the job is inserted with River's
// ScheduledAt at the status's time, so it survives restarts and runs once due.
type ScheduledStatusArgs struct {
	ID string `json:"id"`
}

// Kind implements river.JobArgs.
func (ScheduledStatusArgs) Kind() string { return "scheduled_status" }

// EnqueueScheduled implements mastodon.Scheduler: one job publishing id at at. Moving a
// scheduled status enqueues another job; the earlier one then finds it not yet due.
func (j *Jobs) EnqueueScheduled(ctx context.Context, id string, at time.Time) error {
	if _, err := j.client.Insert(ctx, ScheduledStatusArgs{ID: id}, &river.InsertOpts{Queue: QueueOutgoing, ScheduledAt: at}); err != nil {
		return fmt.Errorf("jobs: schedule status %s: %w", id, err)
	}
	return nil
}

type scheduledWorker struct {
	river.WorkerDefaults[ScheduledStatusArgs]
	j *Jobs
}

func (w *scheduledWorker) Work(ctx context.Context, job *river.Job[ScheduledStatusArgs]) error {
	if w.j.scheduled == nil {
		return errors.New("scheduled statuses are not configured: publishing waits")
	}
	return w.j.scheduled.PublishScheduled(ctx, job.Args.ID)
}
