package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
)

// MaintenanceArgs is the hourly housekeeping job: expired sessions, idempotency keys,
// unattached uploads, and whatever else the wiring registers in Options.Maintenance.
type MaintenanceArgs struct{}

// Kind implements river.JobArgs.
func (MaintenanceArgs) Kind() string { return "maintenance" }

// InsertOpts: one at a time on the incoming queue.
func (MaintenanceArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueIncoming, MaxAttempts: 3,
		UniqueOpts: river.UniqueOpts{ByPeriod: 30 * time.Minute}}
}

type maintenanceWorker struct {
	river.WorkerDefaults[MaintenanceArgs]
	tasks []func(context.Context) error
}

// Work runs every task, even when one fails, and reports the failures together.
func (w *maintenanceWorker) Work(ctx context.Context, _ *river.Job[MaintenanceArgs]) error {
	var errs []error
	for _, task := range w.tasks {
		if err := task(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func maintenanceSchedule() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return MaintenanceArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
