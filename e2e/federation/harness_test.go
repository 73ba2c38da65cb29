package federation_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/testutil"
)

var binary string

// TestMain builds the egregoros binary once for every test of this package.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "egregoros-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "egregoros")
	cmd := exec.Command("go", "build", "-o", binary, "../../cmd/egregoros")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build egregoros:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running egregoros process.
type server struct {
	t      *testing.T
	name   string
	addr   string // 127.0.0.1:port
	env    []string
	cmd    *exec.Cmd
	logMu  sync.Mutex
	logs   bytes.Buffer
	exited chan struct{}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer starts a server with a fresh database, federating over plain http on loopback.
func startServer(t *testing.T, name string) *server {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	s := &server{t: t, name: name, addr: addr, env: append(os.Environ(),
		"EGREGOROS_DATABASE_URL="+testutil.NewDatabaseURL(t),
		"EGREGOROS_DATA_DIR="+t.TempDir(),
		"EGREGOROS_LISTEN="+addr,
		"EGREGOROS_HOST=127.0.0.1",
		"EGREGOROS_PORT="+port,
		"EGREGOROS_SCHEME=http",
		"EGREGOROS_ALLOW_PRIVATE_FEDERATION=true",
		"EGREGOROS_LOG_LEVEL=info",
	)}
	s.start()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("--- %s logs ---\n%s", s.name, s.logText())
		}
	})
	return s
}

func (s *server) logText() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.logs.String()
}

type lockedWriter struct{ s *server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.logMu.Lock()
	defer w.s.logMu.Unlock()
	return w.s.logs.Write(p)
}

// start runs the process and waits until /health answers.
func (s *server) start() {
	s.t.Helper()
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = lockedWriter{s}, lockedWriter{s}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func() { s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url("/health"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-s.exited:
			s.t.Fatalf("%s exited at start:\n%s", s.name, s.logText())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s did not start:\n%s", s.name, s.logText())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the process gracefully.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

// domain is the host:port part of handles on this server.
func (s *server) domain() string { return s.addr }

// run runs an egregoros command against this server's database and returns its output.
func (s *server) run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("egregoros %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// account is a user on a server with an access token.
type account struct {
	s     *server
	nick  string
	token string
	id    string
}

// user creates a user on the server (through the command line) and a token for it.
func (s *server) user(nick string, extra ...string) *account {
	s.t.Helper()
	s.run(append([]string{"user", "create", nick, "--password", "password-" + nick}, extra...)...)
	out := strings.TrimSpace(s.run("token", "create", nick, "--scopes", "read write follow push"))
	lines := strings.Split(out, "\n")
	a := &account{s: s, nick: nick, token: lines[len(lines)-1]}
	a.id = a.get("/api/v1/accounts/verify_credentials").obj()["id"].(string)
	return a
}

// handle is nick@host:port.
func (a *account) handle() string { return a.nick + "@" + a.s.domain() }

// actorID is the account's ActivityPub id.
func (a *account) actorID() string { return a.s.url("/users/" + a.nick) }

type reply struct {
	t      *testing.T
	status int
	body   []byte
}

func (r reply) obj() map[string]any {
	r.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		r.t.Fatalf("status %d, body %q: %v", r.status, r.body, err)
	}
	return m
}

func (r reply) list() []map[string]any {
	r.t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.body, &l); err != nil {
		r.t.Fatalf("status %d, body %q: %v", r.status, r.body, err)
	}
	return l
}

func (a *account) do(method, path string, body any) reply {
	a.s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.s.url(path), rd)
	req.Header.Set("Authorization", "Bearer "+a.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{a.s.t, resp.StatusCode, b}
}

func (a *account) get(path string) reply { return a.do("GET", path, nil) }

func (a *account) post(path string, body any) reply {
	a.s.t.Helper()
	r := a.do("POST", path, body)
	if r.status != 200 {
		a.s.t.Fatalf("POST %s on %s: %d %s", path, a.s.name, r.status, r.body)
	}
	return r
}

// find resolves a remote account through search (WebFinger + actor fetch) and returns its
// local id on a's server.
func (a *account) find(other *account) string {
	a.s.t.Helper()
	r := a.get("/api/v2/search?resolve=true&type=accounts&q=" + url.QueryEscape("@"+other.handle()))
	accts := r.obj()["accounts"].([]any)
	if len(accts) != 1 {
		a.s.t.Fatalf("search for %s on %s: %s", other.handle(), a.s.name, r.body)
	}
	return accts[0].(map[string]any)["id"].(string)
}

// eventually polls cond until it holds or the wait runs out (federation is asynchronous).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// statusOn finds, on a's server, the status whose uri is uri (through search), or nil.
func (a *account) statusByURI(uri string) map[string]any {
	r := a.get("/api/v2/search?type=statuses&q=" + url.QueryEscape(uri))
	if r.status != 200 {
		return nil
	}
	sts := r.obj()["statuses"].([]any)
	if len(sts) == 0 {
		return nil
	}
	return sts[0].(map[string]any)
}

func hasType(ns []map[string]any, typ string) bool {
	for _, n := range ns {
		if n["type"] == typ {
			return true
		}
	}
	return false
}

// fetchAP GETs an ActivityPub document unsigned and returns the status code.
func fetchAP(t *testing.T, u string) int {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
