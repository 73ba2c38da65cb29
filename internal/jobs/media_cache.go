package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/egregoros/egregoros/internal/ap"
)

// MediaCacheArgs asks for copies of the attachments of a remote post (EGREGOROS_MEDIA_CACHE),
// named by its id or by the id of the activity that carried it.
type MediaCacheArgs struct {
	APID string `json:"ap_id"`
}

// Kind implements river.JobArgs.
func (MediaCacheArgs) Kind() string { return "media_cache" }

// InsertOpts: on the media queue, once per post and hour.
func (MediaCacheArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueMedia, MaxAttempts: 3,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
}

type mediaCacheWorker struct {
	river.WorkerDefaults[MediaCacheArgs]
	j *Jobs
}

// Timeout: several downloads of up to the upload size limit.
func (w *mediaCacheWorker) Timeout(*river.Job[MediaCacheArgs]) time.Duration {
	return 10 * time.Minute
}

func (w *mediaCacheWorker) Work(ctx context.Context, job *river.Job[MediaCacheArgs]) error {
	if w.j.media == nil {
		return errors.New("media is not configured: caching waits")
	}
	return w.j.media.CacheRemote(ctx, job.Args.APID)
}

// cacheMediaOf enqueues the caching of a remote document's attachments after its ingestion,
// when the cache is on and the document (or the object it carries) has attachments, or when
// it may have them (known ids only: a fetched object), unless its domain is blocked with
// reject_media. Failing to enqueue is logged: the post is stored and shows its remote media
// either way.
func (j *Jobs) cacheMediaOf(ctx context.Context, apID string, doc ap.Object) {
	if j.media == nil || !j.media.CachesRemote() || apID == "" {
		return
	}
	if b, err := j.pipeline.Store.InstanceDomainBlockFor(ctx, ap.Host(apID)); err != nil || (b != nil && b.RejectMedia) {
		return // an instance domain block with reject_media: no copies of its media
	}
	if doc != nil {
		inner, ok := doc.Embedded("object")
		if doc.Type() == "Create" || doc.Type() == "Update" {
			if !ok || len(inner.Objects("attachment")) == 0 {
				return
			}
			apID = inner.ID()
		} else if len(doc.Objects("attachment")) == 0 {
			return
		}
	}
	if _, err := j.client.Insert(ctx, MediaCacheArgs{APID: apID}, nil); err != nil {
		slog.Warn("media cache: not enqueued", slog.String("id", apID), slog.String("error", err.Error()))
	}
}
