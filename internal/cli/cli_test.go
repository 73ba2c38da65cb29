package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/cli"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestMain lets a test run the real command line in a child process (serve, crashes).
func TestMain(m *testing.M) {
	if args := os.Getenv("EGREGOROS_CLI_ARGS"); args != "" {
		os.Exit(cli.Run(strings.Fields(args), os.Stdin, os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := cli.Run(args, strings.NewReader(stdin), &out, &errb, getenv)
	return result{code, out.String(), errb.String()}
}

func TestUserCommands(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	if r := run(t, env, "", "user", "create", "alice", "--password", "correct horse", "--email", "alice@example.test"); r.code != 0 {
		t.Fatalf("create: %+v", r)
	}
	if r := run(t, env, "", "user", "create", "alice", "--password", "correct horse"); r.code != 1 || !strings.Contains(r.stderr, "already taken") {
		t.Fatalf("duplicate: %+v", r)
	}
	if r := run(t, env, "", "user", "create", "bad nick", "--password", "correct horse"); r.code != 1 || !strings.Contains(r.stderr, "nickname") {
		t.Fatalf("bad nickname: %+v", r)
	}
	if r := run(t, env, "new password 123\n", "user", "password", "alice"); r.code != 0 {
		t.Fatalf("password: %+v", r)
	}
	if r := run(t, env, "", "user", "promote", "@alice"); r.code != 0 || !strings.Contains(r.stdout, "administrator") {
		t.Fatalf("promote: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.LocalUser(context.Background(), "alice")
	if err != nil || !u.Admin || !auth.CheckPassword(u.PasswordHash, "new password 123") || u.PublicKey == "" {
		t.Fatalf("after commands: %+v %v", u, err)
	}
	if r := run(t, env, "", "user", "demote", "alice"); r.code != 0 {
		t.Fatalf("demote: %+v", r)
	}
	if u, _ := st.LocalUser(context.Background(), "alice"); u.Admin {
		t.Fatal("still admin")
	}
	if r := run(t, env, "", "user", "promote", "nobody"); r.code != 1 || !strings.Contains(r.stderr, `no local user "nobody"`) {
		t.Fatalf("unknown user: %+v", r)
	}
}

func TestErrorsAreOneLine(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no command", nil, nil, 2, ""},
		{"unknown command", nil, []string{"frob"}, 2, "unknown command"},
		{"unknown flag", nil, []string{"serve", "--frob"}, 2, "flag provided but not defined"},
		{"user without nick", nil, []string{"user", "promote"}, 2, "usage"},
		{"bad port", map[string]string{"EGREGOROS_PORT": "99999"}, []string{"migrate"}, 1, "EGREGOROS_PORT"},
		{"bad scheme by alias", map[string]string{"PHX_SCHEME": "ftp"}, []string{"migrate"}, 1, "PHX_SCHEME"},
		{"bad database url", map[string]string{"EGREGOROS_DATABASE_URL": "mysql://x"}, []string{"migrate"}, 1, "EGREGOROS_DATABASE_URL"},
		{"unreachable database", map[string]string{"EGREGOROS_DATABASE_URL": "postgres://postgres:hunter2@127.0.0.1:1/x"}, []string{"migrate"}, 1, "unreachable"},
		{"unmigrated database", map[string]string{"EGREGOROS_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "x.db")}, []string{"user", "promote", "a"}, 1, "egregoros migrate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, c.env, "", c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d: %+v", r.code, c.code, r)
			}
			if c.want != "" && (!strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0) {
				t.Fatalf("stderr %q: want one line containing %q", r.stderr, c.want)
			}
			if strings.Contains(r.stderr, "hunter2") {
				t.Fatal("password leaked in error")
			}
		})
	}
}

func TestVersion(t *testing.T) {
	if r := run(t, nil, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "egregoros "+cli.Version) {
		t.Fatalf("version: %+v", r)
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeMigratesAnswersHealthAndStopsOnSIGTERM runs `egregoros serve` in a child process.
func TestServeMigratesAnswersHealthAndStopsOnSIGTERM(t *testing.T) {
	dataDir := t.TempDir()
	dbURL := "sqlite://" + filepath.Join(dataDir, "fresh.db")
	if testutil.Dialect() == "postgres" {
		dbURL = testutil.NewDatabaseURL(t)
	}
	addr := freePort(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "EGREGOROS_CLI_ARGS=serve --listen "+addr, "EGREGOROS_DATABASE_URL="+dbURL,
		"EGREGOROS_DATA_DIR="+dataDir, "EGREGOROS_SHUTDOWN_TIMEOUT=5s")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs <- sc.Text()
		}
		close(logs)
	}()
	defer cmd.Process.Kill()

	var body map[string]string
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/health")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if resp.StatusCode != 200 || body["database"] != "ok" {
				t.Fatalf("health %d %v", resp.StatusCode, body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never answered: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "secret_key_base")); err != nil {
		t.Fatalf("secret not generated: %v", err)
	}
	// An open event stream (as a browser tab or a client keeps) must not hold the shutdown.
	sse, err := http.Get("http://" + addr + "/api/v1/streaming/public")
	if err != nil || sse.StatusCode != 200 {
		t.Fatalf("open stream: %v %v", sse, err)
	}
	defer sse.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve exited with %v", err)
	}
	var all []string
	for l := range logs {
		all = append(all, l)
	}
	if !strings.Contains(strings.Join(all, "\n"), "stopped cleanly") {
		t.Fatalf("no clean stop in logs:\n%s", strings.Join(all, "\n"))
	}

	// --no-migrate refuses an unmigrated database.
	fresh := "sqlite://" + filepath.Join(t.TempDir(), "new.db")
	var out, errb bytes.Buffer
	code := cli.Run([]string{"serve", "--no-migrate", "--listen", freePort(t)}, nil, &out, &errb,
		func(k string) string {
			return map[string]string{"EGREGOROS_DATABASE_URL": fresh, "EGREGOROS_DATA_DIR": t.TempDir()}[k]
		})
	if code != 1 || !strings.Contains(errb.String(), "egregoros migrate") {
		t.Fatalf("--no-migrate on a fresh database: %d %s", code, errb.String())
	}
}

func TestTokenCreate(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	if r := run(t, env, "", "user", "create", "bot", "--password", "correct horse"); r.code != 0 {
		t.Fatalf("create: %+v", r)
	}
	r := run(t, env, "", "token", "create", "bot", "--scopes", "read write follow")
	if r.code != 0 {
		t.Fatalf("token: %+v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	tok := lines[len(lines)-1]
	if len(tok) != 43 || strings.Contains(tok, " ") {
		t.Fatalf("last line %q is not a token", tok)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.TokenByDigest(context.Background(), store.Digest(tok))
	if err != nil || got.Scopes != "read write follow" {
		t.Fatalf("stored token %+v %v", got, err)
	}
	if r := run(t, env, "", "token", "create", "bot", "--scopes", "root"); r.code != 1 || !strings.Contains(r.stderr, "unknown scope") {
		t.Fatalf("bad scope: %+v", r)
	}
	if r := run(t, env, "", "token", "create", "ghost"); r.code != 1 {
		t.Fatalf("unknown user: %+v", r)
	}
}

func TestUserAliasAndMove(t *testing.T) {
	env := map[string]string{"EGREGOROS_DATABASE_URL": testutil.NewDatabaseURL(t), "EGREGOROS_DATA_DIR": t.TempDir()}
	for _, nick := range []string{"old", "new"} {
		if r := run(t, env, "", "user", "create", nick, "--password", "correct horse"); r.code != 0 {
			t.Fatalf("create %s: %+v", nick, r)
		}
	}
	if r := run(t, env, "", "user", "move", "old", "--to", "new"); r.code != 1 || !strings.Contains(r.stderr, "alias") {
		t.Fatalf("move without alias: %+v", r)
	}
	if r := run(t, env, "", "user", "move", "old"); r.code != 2 {
		t.Fatalf("move without --to: %+v", r)
	}
	if r := run(t, env, "", "user", "alias", "new", "--add", "old"); r.code != 0 {
		t.Fatalf("alias: %+v", r)
	}
	if r := run(t, env, "", "user", "move", "old", "--to", "new"); r.code != 0 {
		t.Fatalf("move: %+v", r)
	}
	st, err := store.Open(context.Background(), env["EGREGOROS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old, _ := st.LocalUser(context.Background(), "old")
	nu, _ := st.LocalUser(context.Background(), "new")
	if old.MovedTo != nu.APID || len(nu.AlsoKnownAs) != 1 || nu.AlsoKnownAs[0] != old.APID {
		t.Fatalf("after move: old.MovedTo=%q new.AlsoKnownAs=%v", old.MovedTo, nu.AlsoKnownAs)
	}
}
