package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

// IngestArgs is an inbox delivery waiting to go through the pipeline. The signature was
// verified before it was enqueued.
type IngestArgs struct {
	Activity  json.RawMessage `json:"activity"`
	InboxUser string          `json:"inbox_user,omitempty"` // "" for the shared inbox
}

// Kind implements river.JobArgs.
func (IngestArgs) Kind() string { return "ingest" }

// InsertOpts puts ingestion on the incoming queue.
func (IngestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueIncoming, MaxAttempts: 5}
}

type ingestWorker struct {
	river.WorkerDefaults[IngestArgs]
	j *Jobs
}

// Work ingests the delivery. A refused document (ErrInvalid) is cancelled, not retried;
// anything else (database trouble) is retried with backoff.
func (w *ingestWorker) Work(ctx context.Context, job *river.Job[IngestArgs]) error {
	obj, err := ap.Parse(job.Args.Activity)
	if err != nil {
		return river.JobCancel(err)
	}
	_, err = w.j.pipeline.Ingest(ctx, obj, activity.Origin{Source: activity.Inbox, InboxUser: job.Args.InboxUser})
	if errors.Is(err, activity.ErrInvalid) {
		slog.Info("inbox activity refused", slog.String("id", obj.ID()), slog.String("type", obj.Type()),
			slog.String("reason", err.Error()))
		return river.JobCancel(err)
	}
	return err
}
