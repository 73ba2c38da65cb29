package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// QueueMedia runs media processing and remote media caching, apart from federation so that
// large files cannot hold up deliveries.
const QueueMedia = "media"

// Media is the media service as its jobs see it (media.Service implements it).
type Media interface {
	// ProcessPending processes an upload stored by UploadAsync; safe to run again.
	ProcessPending(ctx context.Context, id string) error
	// CachesRemote reports whether the media cache is on; CacheRemote caches the attachments
	// of a remote post (or of the post an activity carries); safe to run again.
	CachesRemote() bool
	CacheRemote(ctx context.Context, apID string) error
}

// UseMedia gives the media jobs their service; call it before Start. Until then media jobs
// wait and retry.
func (j *Jobs) UseMedia(m Media) { j.media = m }

// addMediaWorkers registers the media job kinds.
func addMediaWorkers(workers *river.Workers, j *Jobs) {
	river.AddWorker(workers, &mediaProcessWorker{j: j})
	river.AddWorker(workers, &mediaCacheWorker{j: j})
}

// MediaProcessArgs asks for the processing of an upload (POST /api/v2/media).
type MediaProcessArgs struct {
	ID string `json:"id"`
}

// Kind implements river.JobArgs.
func (MediaProcessArgs) Kind() string { return "media_process" }

// InsertOpts puts processing on the media queue; an upload is cleaned up after a day, so
// retries stop well before.
func (MediaProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMedia, MaxAttempts: 8}
}

// EnqueueMediaProcess implements media.Queue: one processing job, in the upload's transaction.
func (j *Jobs) EnqueueMediaProcess(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := j.client.InsertTx(ctx, tx, MediaProcessArgs{ID: id}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue processing of media %s: %w", id, err)
	}
	return nil
}

type mediaProcessWorker struct {
	river.WorkerDefaults[MediaProcessArgs]
	j *Jobs
}

// Timeout leaves room for a 100 MB video on a slow disk or object store.
func (w *mediaProcessWorker) Timeout(*river.Job[MediaProcessArgs]) time.Duration {
	return 10 * time.Minute
}

// Work processes the upload. A crash (or panic) midway leaves the row unprocessed and River
// runs the job again; ProcessPending starts over and overwrites what it had written.
func (w *mediaProcessWorker) Work(ctx context.Context, job *river.Job[MediaProcessArgs]) error {
	if w.j.media == nil {
		return errors.New("media is not configured: processing waits")
	}
	return w.j.media.ProcessPending(ctx, job.Args.ID)
}
