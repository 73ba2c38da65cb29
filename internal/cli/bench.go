package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	harness "github.com/egregoros/egregoros/internal/bench"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/store"
)

// bench is `egregoros bench seed|run|explain|load` (BENCHMARKS.md).
func bench(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("usage: egregoros bench seed|run|explain|load|live [flags]")
	}
	switch args[0] {
	case "seed":
		return benchSeed(e, args[1:])
	case "run", "explain":
		return benchRun(e, args[0], args[1:])
	case "load":
		return benchLoad(e, args[1:])
	case "live":
		return benchLive(e, args[1:])
	}
	return usagef("unknown bench command %q (want seed, run, explain, load or live)", args[0])
}

// benchStore parses the flags, loads the configuration and opens the migrated database.
func benchStore(e *env, fs *flag.FlagSet, args []string) (*benchSession, error) {
	if err := e.parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	cfg, err := e.load(fs)
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	st, err := open(ctx, cfg)
	if err != nil {
		stop()
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		stop()
		return nil, err
	}
	return &benchSession{st: st, cfg: cfg, ctx: ctx, done: func() { st.Close(); stop() }}, nil
}

// benchSession is an open benchmark database with its configuration.
type benchSession struct {
	st   *store.Store
	cfg  *config.Config
	ctx  context.Context
	done func()
}

func benchSeed(e *env, args []string) error {
	fs := e.flags("bench seed")
	var o harness.SeedOptions
	fs.IntVar(&o.LocalUsers, "local-users", 10, "local users, besides the edge users edge_nofollows and edge_dormant")
	fs.IntVar(&o.RemoteUsers, "remote-users", 200, "remote users on remote1.example … remote10.example; 10% (1 to 25) are dormant")
	fs.IntVar(&o.Days, "days", 365, "days of posts, ending now")
	fs.IntVar(&o.PostsPerDay, "posts-per-day", 200, "public posts per day (times --scale)")
	fs.IntVar(&o.FollowsPerUser, "follows-per-user", 50, "follows of each local user")
	fs.IntVar(&o.Scale, "scale", 1, "multiply the posts per day: 14 gives 1,022,000 posts")
	fs.Int64Var(&o.Seed, "seed", 0, "random seed (0: from the clock)")
	fs.BoolVar(&o.Force, "force", false, "seed even if the database holds accounts the seed did not create (they are deleted)")
	fs.BoolVar(&o.NoActivities, "no-activities", false, "leave out the Create activity row of each post")
	fs.BoolVar(&o.NoAnalyze, "no-analyze", false, "do not refresh planner statistics after the load (a SQLite server never runs ANALYZE today)")
	fs.IntVar(&o.Workers, "workers", 0, "concurrent insert transactions (default 2 on PostgreSQL, 1 on SQLite)")
	s, err := benchStore(e, fs, args)
	if err != nil {
		return err
	}
	defer s.done()
	o.BaseURL = s.cfg.BaseURL()
	res, err := harness.Seed(s.ctx, s.st, o, e.stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "seeded %s (%s) in %s with --seed %d: users local=%d remote=%d, notes %d + %d replies, follows %d, notifications %d, objects rows %d\n",
		s.st.Dialect().Name(), o.BaseURL, res.Elapsed.Round(time.Second), res.Options.Seed, res.LocalUsers, res.RemoteUsers,
		res.Posts, res.Replies, res.Follows, res.Notifications, res.Objects)
	return nil
}

func benchRun(e *env, sub string, args []string) error {
	fs := e.flags("bench " + sub)
	filter := fs.String("filter", "", "only the cases whose name contains this")
	iterations := fs.Int("iterations", 10, "measured iterations of each case")
	warmup := fs.Int("warmup", 2, "unmeasured iterations before them")
	s, err := benchStore(e, fs, args)
	if err != nil {
		return err
	}
	defer s.done()
	ctx := s.ctx
	env, err := harness.NewEnv(ctx, s.st, s.cfg.BaseURL())
	if err != nil {
		return err
	}
	cases := harness.Filter(harness.Cases(), *filter)
	if len(cases) == 0 {
		return fmt.Errorf("no case matches %q", *filter)
	}
	if sub == "explain" {
		return harness.Explain(ctx, env, cases, e.stdout)
	}
	if *iterations < 1 || *warmup < 0 {
		return usagef("--iterations must be at least 1 and --warmup not negative")
	}
	results, err := harness.Run(ctx, env, cases, harness.RunOptions{Iterations: *iterations, Warmup: *warmup})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s, %d iterations after %d warmup, times in ms\n\n", harness.DatabaseVersion(ctx, s.st), *iterations, *warmup)
	harness.WriteTable(e.stdout, results)
	return nil
}

func benchLoad(e *env, args []string) error {
	fs := e.flags("bench load")
	url := fs.String("url", "", "base URL of a running server (default: serve the configured database in-process on loopback)")
	token := fs.String("token", "", "access token for the home timeline (default: one is issued for local1)")
	conns := fs.String("connections", "8,64,256", "comma-separated concurrent connection counts")
	duration := fs.Duration("duration", 10*time.Second, "how long each step runs")
	paths := fs.String("paths", "/api/v1/timelines/home,/api/v1/timelines/public", "comma-separated paths to request")
	s, err := benchStore(e, fs, args)
	if err != nil {
		return err
	}
	defer s.done()
	o := harness.LoadOptions{URL: *url, Token: *token, Duration: *duration, Paths: strings.Split(*paths, ","), Config: s.cfg}
	if o.Connections, err = positiveInts("--connections", *conns); err != nil {
		return err
	}
	results, err := harness.Load(s.ctx, s.st, s.cfg.BaseURL(), o, e.stderr)
	if err != nil {
		return err
	}
	harness.WriteLoadTable(e.stdout, results)
	return nil
}

// positiveInts parses a comma-separated list of positive numbers.
func positiveInts(flagName, list string) ([]int, error) {
	var out []int
	for _, c := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return nil, usagef("%s: want positive numbers, got %q", flagName, c)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchLive runs the write and real-time cases against `egregoros serve` started as a child
// process on the configured database (or a running server: --url and --pid).
func benchLive(e *env, args []string) error {
	fs := e.flags("bench live")
	url := fs.String("url", "", "base URL of a running server on the same database (default: start `egregoros serve` as a child process)")
	pid := fs.Int("pid", 0, "process id of the server at --url, to measure its resident memory")
	cases := fs.String("cases", strings.Join(harness.LiveCases, ","), "comma-separated cases: "+strings.Join(harness.LiveCases, ", "))
	conns := fs.String("connections", "8,64", "POST /api/v1/statuses: comma-separated concurrent connection counts")
	duration := fs.Duration("duration", 10*time.Second, "POST /api/v1/statuses: how long each step runs")
	activities := fs.Int("activities", 10000, "inbox: signed activities in the burst")
	actors := fs.Int("actors", 100, "inbox: remote actors sending them")
	inboxConns := fs.Int("inbox-connections", 32, "inbox: concurrent senders")
	followers := fs.Int("followers", 1000, "fan-out: remote followers")
	inboxes := fs.Int("inboxes", 100, "fan-out: shared inboxes of the followers")
	perInbox := fs.Bool("per-inbox", false, "fan-out: also deliver to followers without a shared inbox")
	subscribers := fs.String("subscribers", "1000,10000", "streaming: comma-separated WebSocket subscriber counts")
	streamPosts := fs.Int("stream-posts", 3, "streaming: posts timed at each subscriber count")
	timeout := fs.Duration("timeout", 30*time.Minute, "how long to wait for ingestion, deliveries or events")
	s, err := benchStore(e, fs, args)
	if err != nil {
		return err
	}
	defer s.done()
	o := harness.LiveOptions{BaseURL: s.cfg.BaseURL(), Cases: strings.Split(*cases, ","), PostDuration: *duration,
		InboxActivities: *activities, InboxActors: *actors, InboxConnections: *inboxConns, Followers: *followers,
		FollowerInboxes: *inboxes, PerInbox: *perInbox, StreamPosts: *streamPosts, Timeout: *timeout, Log: e.stderr}
	if o.PostConnections, err = positiveInts("--connections", *conns); err != nil {
		return err
	}
	if o.Subscribers, err = positiveInts("--subscribers", *subscribers); err != nil {
		return err
	}
	if *url != "" {
		o.Server = harness.Server{URL: *url, PID: *pid}
	} else {
		if _, err := harness.RaiseFileLimit(); err != nil { // the child inherits it
			return err
		}
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		child, err := harness.StartServer(s.ctx, exe, []string{"serve"}, childEnv(s.cfg))
		if err != nil {
			return err
		}
		defer child.Stop()
		o.Server = child.Server
		fmt.Fprintf(e.stderr, "live: egregoros serve started (pid %d, %s)\n", child.PID, child.URL)
	}
	rep, err := harness.Live(s.ctx, s.st, o)
	if rep != nil {
		harness.WriteLiveTables(e.stdout, rep)
	}
	return err
}

// childEnv is this process's environment with the loaded configuration made explicit (flags
// included), so that the child serves the same database under the same ids.
func childEnv(cfg *config.Config) []string {
	env := append(os.Environ(), "EGREGOROS_DATABASE_URL="+cfg.DatabaseURL, "EGREGOROS_DATA_DIR="+cfg.DataDir,
		"EGREGOROS_HOST="+cfg.Host, "EGREGOROS_SCHEME="+cfg.Scheme, "EGREGOROS_PORT="+strconv.Itoa(cfg.Port))
	if cfg.SecretKeyBase != "" {
		env = append(env, "EGREGOROS_SECRET_KEY_BASE="+cfg.SecretKeyBase)
	}
	if os.Getenv("EGREGOROS_LOG_LEVEL") == "" {
		env = append(env, "EGREGOROS_LOG_LEVEL=warn")
	}
	return env
}
