package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/store"
)

// Version is the release, set at build time with -ldflags "-X …/internal/cli.Version=v1.2.3".
var Version = "0.1.0-dev"

// env is how a command sees the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "run the server (migrates first unless --no-migrate)", serve},
		{"migrate", "apply pending database migrations and exit", migrate},
		{"user", "manage local users: create, password, promote, demote, alias, move, delete", user},
		{"token", "issue an access token for a user: token create NICK --scopes \"read write follow\"", token},
		{"announcement", "announcements shown to every user: create --text T [--starts-at/--ends-at RFC3339] [--all-day], list, delete ID", announcement},
		{"domain", "instance domain blocks: domain block DOMAIN [--severity suspend|silence] [--reject-media] | unblock DOMAIN | list", domain},
		{"relay", "relays the server follows: relay add URL | remove URL | list", relay},
		{"emoji", "custom emoji: emoji add SHORTCODE FILE [--category C] | list | remove SHORTCODE", emoji},
		{"bench", "benchmark harness: bench seed|run|explain", bench},
		{"version", "print the version", version},
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Run runs the command line args and returns the exit status: 0 on success, 1 on failure,
// 2 on bad usage. Errors are one line on stderr.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(e, args[1:])
			if err == nil || errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintf(stderr, "egregoros %s: %s\n", c.name, oneLine(err.Error()))
			var ue usageError
			if errors.As(err, &ue) {
				return 2
			}
			return 1
		}
	}
	fmt.Fprintf(stderr, "egregoros: unknown command %q (run `egregoros help`)\n", args[0])
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: egregoros COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Settings come from EGREGOROS_* environment variables (docs/configuration.md); flags override them.")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// flags returns a FlagSet for a command with every configuration flag registered.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("egregoros "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config.RegisterFlags(fs)
	return fs
}

// parse parses args, turning flag errors into usage errors.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(e.stdout, "Usage of %s:\n", fs.Name())
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// parseMixed parses flags that may come before or after positional arguments
// (`user create alice --admin`) and returns the positional ones.
func (e *env) parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := e.parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// load reads the configuration and sets up logging.
func (e *env) load(fs *flag.FlagSet) (*config.Config, error) {
	cfg, err := config.Load(e.getenv, fs)
	if err != nil {
		return nil, err
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: cfg.LogLevel})))
	return cfg, nil
}

// open connects to the configured database.
func open(ctx context.Context, cfg *config.Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Redacted(), err)
	}
	return st, nil
}
