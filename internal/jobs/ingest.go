package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Work ingests the delivery. A refused document (ErrInvalid) is cancelled, not retried. A
// document that needs another one first (*activity.MissingError: a Move whose target actor
// is new to us) gets that one fetched now and is ingested again; while the fetch fails, the
// job is retried with backoff, and a fetch that can never succeed cancels it. Anything else
// (database trouble) is retried with backoff.
func (w *ingestWorker) Work(ctx context.Context, job *river.Job[IngestArgs]) error {
	obj, err := ap.Parse(job.Args.Activity)
	if err != nil {
		return river.JobCancel(err)
	}
	origin := activity.Origin{Source: activity.Inbox, InboxUser: job.Args.InboxUser}
	_, err = w.j.pipeline.Ingest(ctx, obj, origin)
	var miss *activity.MissingError
	if errors.As(err, &miss) {
		if w.j.resolver == nil {
			return fmt.Errorf("%w (federation is not configured: waiting)", err)
		}
		if ferr := w.j.resolver.Resolve(ctx, miss.ID, 0); ferr != nil {
			var p interface{ Permanent() bool }
			if errors.As(ferr, &p) && p.Permanent() {
				return river.JobCancel(fmt.Errorf("%w: fetch: %w", err, ferr))
			}
			return fmt.Errorf("%w (fetch: %w)", err, ferr)
		}
		_, err = w.j.pipeline.Ingest(ctx, obj, origin)
	}
	if errors.Is(err, activity.ErrInvalid) {
		slog.Info("inbox activity refused", slog.String("id", obj.ID()), slog.String("type", obj.Type()),
			slog.String("reason", err.Error()))
		return river.JobCancel(err)
	}
	if err == nil {
		w.j.cacheMediaOf(ctx, obj.ID(), obj) // media_cache.go
	}
	return err
}
