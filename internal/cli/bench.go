package cli

import (
	"context"
	"flag"
	"fmt"
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
		return usagef("usage: egregoros bench seed|run|explain|load [flags]")
	}
	switch args[0] {
	case "seed":
		return benchSeed(e, args[1:])
	case "run", "explain":
		return benchRun(e, args[0], args[1:])
	case "load":
		return benchLoad(e, args[1:])
	}
	return usagef("unknown bench command %q (want seed, run, explain or load)", args[0])
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
	for _, c := range strings.Split(*conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return usagef("--connections: want positive numbers, got %q", c)
		}
		o.Connections = append(o.Connections, n)
	}
	results, err := harness.Load(s.ctx, s.st, s.cfg.BaseURL(), o, e.stderr)
	if err != nil {
		return err
	}
	harness.WriteLoadTable(e.stdout, results)
	return nil
}
