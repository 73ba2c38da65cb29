package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// Queue names: incoming work (inbox ingestion, fetches) and outgoing deliveries are separate
// so that a flood of one cannot starve the other.
const (
	QueueIncoming = "federation_incoming"
	QueueOutgoing = "federation_outgoing"
)

// Sender delivers local activities to other servers. The federation package implements it.
type Sender interface {
	// Inboxes lists the distinct inboxes an activity goes to (shared inboxes where possible).
	Inboxes(ctx context.Context, activity *store.Object) ([]string, error)
	// Post delivers the signed activity to one inbox. An error with a Permanent() method
	// returning true is not retried.
	Post(ctx context.Context, activity *store.Object, inbox string) error
}

// Resolver fetches a remote object by id and ingests it. The federation package implements it.
type Resolver interface {
	Resolve(ctx context.Context, apID string, depth int) error
}

// Options configure the workers.
type Options struct {
	Incoming, Outgoing int           // workers per queue; 0 makes an insert-only client
	PollInterval       time.Duration // how often to look for jobs when not notified
	Logger             *slog.Logger
	// Maintenance tasks run hourly (and at start) by a periodic job: pruning sessions,
	// idempotency keys, unattached uploads.
	Maintenance []func(context.Context) error
}

// Jobs is the River client and our job kinds.
type Jobs struct {
	client    *river.Client[*sql.Tx]
	pipeline  *activity.Pipeline
	sender    Sender
	resolver  Resolver
	scheduled ScheduledPublisher // scheduled.go
	media     Media              // media_process.go
	pusher    Pusher             // push.go

	announcements AnnouncementPublisher // announcements.go
}

// New builds the River client on the store's database. Workers run only after Start and only
// when opts names some; the sender and resolver may be nil until federation is configured
// (their jobs then wait and retry).
func New(st *store.Store, p *activity.Pipeline, sender Sender, resolver Resolver, opts Options) (*Jobs, error) {
	j := &Jobs{pipeline: p, sender: sender, resolver: resolver}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	cfg := &river.Config{
		Logger:            logger,
		FetchPollInterval: opts.PollInterval,
		MaxAttempts:       20,
		JobTimeout:        2 * time.Minute,
	}
	if cfg.FetchPollInterval == 0 {
		cfg.FetchPollInterval = time.Second
	}
	if cfg.FetchPollInterval < 100*time.Millisecond {
		cfg.FetchPollInterval = 100 * time.Millisecond // River's minimum (its fetch cooldown)
	}
	if opts.Incoming > 0 || opts.Outgoing > 0 {
		workers := river.NewWorkers()
		river.AddWorker(workers, &deliverWorker{j: j})
		river.AddWorker(workers, &deliverInboxWorker{j: j})
		river.AddWorker(workers, &ingestWorker{j: j})
		river.AddWorker(workers, &fetchWorker{j: j})
		river.AddWorker(workers, &pushWorker{j: j}) // push.go
		river.AddWorker(workers, &maintenanceWorker{tasks: opts.Maintenance})
		river.AddWorker(workers, &scheduledWorker{j: j}) // scheduled.go
		addMediaWorkers(workers, j)                      // media_*.go
		river.AddWorker(workers, &announcementWorker{j: j})
		if len(opts.Maintenance) > 0 {
			cfg.PeriodicJobs = []*river.PeriodicJob{maintenanceSchedule()}
		}
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{
			QueueIncoming: {MaxWorkers: max(opts.Incoming, 1)},
			QueueOutgoing: {MaxWorkers: max(opts.Outgoing, 1)},
			QueueMedia:    {MaxWorkers: 2},
		}
	}
	client, err := river.NewClient(st.RiverDriver(), cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	j.client = client
	return j, nil
}

// Start runs the workers until Stop.
func (j *Jobs) Start(ctx context.Context) error { return j.client.Start(ctx) }

// Stop lets running jobs finish (within ctx), then stops.
func (j *Jobs) Stop(ctx context.Context) error {
	err := j.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return j.client.StopAndCancel(context.Background())
	}
	return err
}

// Client is the River client (for tests and the admin tools).
func (j *Jobs) Client() *river.Client[*sql.Tx] { return j.client }

// Deliver implements activity.Deliverer: one delivery job for a local activity, in tx.
func (j *Jobs) Deliver(ctx context.Context, tx *sql.Tx, a *store.Object) error {
	_, err := j.client.InsertTx(ctx, tx, DeliverArgs{ActivityAPID: a.APID}, nil)
	if err != nil {
		return fmt.Errorf("jobs: enqueue delivery of %s: %w", a.APID, err)
	}
	return nil
}

// Fetch implements activity.Fetcher: one fetch job per object id and hour, in tx.
func (j *Jobs) Fetch(ctx context.Context, tx *sql.Tx, apID string, depth int) error {
	_, err := j.client.InsertTx(ctx, tx, FetchArgs{APID: apID, Depth: depth}, &river.InsertOpts{
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour},
	})
	if err != nil {
		return fmt.Errorf("jobs: enqueue fetch of %s: %w", apID, err)
	}
	return nil
}

// EnqueueIngest stores an inbox delivery as a job; the inbox answers 202 once it returns.
func (j *Jobs) EnqueueIngest(ctx context.Context, raw []byte, inboxUser string) error {
	_, err := j.client.Insert(ctx, IngestArgs{Activity: raw, InboxUser: inboxUser}, nil)
	if err != nil {
		return fmt.Errorf("jobs: enqueue ingestion: %w", err)
	}
	return nil
}
