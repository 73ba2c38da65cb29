package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// AnnouncementPublisher sends the stream event of an announcement as it is when the job runs
// (mastodon.Service.PublishAnnouncement).
type AnnouncementPublisher interface {
	PublishAnnouncement(ctx context.Context, id string) error
}

// UseAnnouncements gives the announcement jobs their publisher; call it before Start. Until
// then those jobs wait and retry.
func (j *Jobs) UseAnnouncements(p AnnouncementPublisher) { j.announcements = p }

// AnnouncementArgs tells the user streams about announcement ID: at its start, at its end, or
// at once after the command line changed it (its process has no streams of its own).
type AnnouncementArgs struct {
	ID string `json:"id"`
}

// Kind implements river.JobArgs.
func (AnnouncementArgs) Kind() string { return "announcement" }

// EnqueueAnnouncement implements mastodon.AnnouncementQueue: one job for id at at.
func (j *Jobs) EnqueueAnnouncement(ctx context.Context, id string, at time.Time) error {
	if _, err := j.client.Insert(ctx, AnnouncementArgs{ID: id}, &river.InsertOpts{Queue: QueueOutgoing, ScheduledAt: at}); err != nil {
		return fmt.Errorf("jobs: announcement %s: %w", id, err)
	}
	return nil
}

type announcementWorker struct {
	river.WorkerDefaults[AnnouncementArgs]
	j *Jobs
}

func (w *announcementWorker) Work(ctx context.Context, job *river.Job[AnnouncementArgs]) error {
	if w.j.announcements == nil {
		return errors.New("announcements are not configured: the event waits")
	}
	return w.j.announcements.PublishAnnouncement(ctx, job.Args.ID)
}
