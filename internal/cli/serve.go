package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/federation"
	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/web"
)

func serve(e *env, args []string) error {
	fs := e.flags("serve")
	noMigrate := fs.Bool("no-migrate", false, "do not migrate at start; refuse to run on an old schema (multi-node deployments run 'egregoros migrate' once instead)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := e.load(fs)
	if err != nil {
		return err
	}
	cfg.NoMigrate = *noMigrate
	if err := cfg.EnsureSecret(); err != nil {
		return err
	}
	if err := cfg.EnsureVAPID(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return run(ctx, cfg)
}

// run serves until ctx ends, then shuts down gracefully: stop accepting, finish requests,
// let running jobs finish, close the database.
func run(ctx context.Context, cfg *config.Config) error {
	st, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if cfg.NoMigrate {
		if err := st.CheckSchema(ctx); err != nil {
			return err
		}
	} else if err := st.Migrate(ctx); err != nil {
		return err
	}

	bus := stream.NewMemory(256)
	pipeline := &activity.Pipeline{Store: st, BaseURL: cfg.BaseURL(), Bus: bus}
	client := safehttp.New(safehttp.Options{UserAgent: safehttp.UserAgent(Version, cfg.BaseURL()),
		AllowPrivate: cfg.AllowPrivateFederation})
	fed := &federation.Service{BaseURL: cfg.BaseURL(), Store: st, Pipeline: pipeline, Client: client,
		AllowPrivate: cfg.AllowPrivateFederation, AuthorizedFetch: cfg.AuthorizedFetch, Strict: cfg.SignatureStrict,
		Skew: cfg.SignatureSkew, OpenSignups: cfg.RegistrationsOpen}
	if _, err := fed.EnsureInstanceActor(ctx); err != nil {
		return err
	}
	var ms *media.Service // set below, before the jobs start
	maintenance := []func(context.Context) error{
		func(ctx context.Context) error {
			if ms == nil {
				return nil
			}
			_, err := ms.Cleanup(ctx, media.DefaultCleanupAge)
			return err
		},
		pruneMediaCache(&ms), // media.go
		func(ctx context.Context) error { _, err := st.PruneSessions(ctx, time.Now()); return err },
		st.Optimize,
		func(ctx context.Context) error {
			_, err := st.PruneIdempotencyKeys(ctx, time.Now().Add(-time.Hour))
			return err
		},
	}
	jb, err := jobs.New(st, pipeline, fed, fed, jobs.Options{Incoming: 4, Outgoing: 8, Maintenance: maintenance})
	if err != nil {
		return err
	}
	fed.Enqueue = jb.EnqueueIngest
	pipeline.Deliver, pipeline.Fetch = jb, jb

	api := &mastodon.Service{BaseURL: cfg.BaseURL(), Secret: cfg.SecretKeyBase, Store: st, Pipeline: pipeline, Bus: bus,
		Limits: mastodon.DefaultLimits, Remote: fed, RegistrationsOpen: cfg.RegistrationsOpen}
	api.Limits.ScheduledMinOffset = cfg.ScheduledStatusMinOffset
	api.Push = mastodon.PushConfig{PublicKey: cfg.VAPIDPublicKey, PrivateKey: cfg.VAPIDPrivateKey, Client: client,
		AllowPrivate: cfg.AllowPrivateFederation, EnqueueTx: jb.EnqueuePushTx}
	pipeline.Notified = api.QueuePushTx // push jobs in the notification's transaction
	fed.Metadata = api.NodeInfoMetadata // NodeInfo: the client API's features and limits (Pleroma-FE)
	jb.SetPusher(api)                   // Web Push deliveries: internal/jobs/push.go
	ui, err := web.New(web.Options{BaseURL: cfg.BaseURL(), Secret: cfg.SecretKeyBase, Store: st, Pipeline: pipeline,
		Bus: bus, Remote: fed, MaxStatusChars: api.Limits.MaxStatusChars, CookieDomain: cfg.SessionCookieDomain,
		RegistrationsOpen: cfg.RegistrationsOpen})
	if err != nil {
		return err
	}

	api.Sessions = ui
	ui.UseAPI(api) // the UI's composer, polls, reactions and settings run the API's handlers
	var closeStorage func()
	ms, closeStorage, err = mediaService(cfg, st, ui.SignedInActor)
	if err != nil {
		return err
	}
	defer closeStorage()
	api.UseMedia(ms)
	ms.Queue = jb // media processing and caching jobs (internal/jobs/media_*.go)
	jb.UseMedia(ms)
	useMediaCache(ms, cfg, client)
	api.Scheduler = jb // scheduled statuses: River jobs at their time
	jb.UseScheduled(api)
	jb.UseAnnouncements(api) // announcement events at their start and end, and from the command line
	if err := jb.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s (EGREGOROS_LISTEN): %w", cfg.Listen, err)
	}
	srv := &http.Server{
		Handler:           ms.Isolate(server.New(cfg, st, fed, api, ui).Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(bus.Close) // ends WebSocket and SSE streams so that Shutdown can finish
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("egregoros listening", slog.String("addr", ln.Addr().String()), slog.String("url", cfg.BaseURL()),
		slog.String("database", st.Dialect().Name()), slog.String("version", Version))

	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(sctx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	if err := jb.Stop(sctx); err != nil {
		errs = append(errs, fmt.Errorf("jobs shutdown: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	slog.Info("stopped cleanly")
	return nil
}
