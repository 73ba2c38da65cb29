// Package harness starts egregoros servers as separate processes on loopback, each with its
// own database, for end-to-end tests that drive them through public interfaces only.
package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
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

// Binary is the egregoros binary Build made.
var Binary string

// Build compiles the egregoros binary (from the repository root, root) into a temporary
// directory and returns a function removing it. Call it from TestMain.
func Build(root string) (cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "egregoros-e2e-")
	if err != nil {
		return nil, err
	}
	Binary = filepath.Join(dir, "egregoros")
	cmd := exec.Command("go", "build", "-o", Binary, "./cmd/egregoros")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("build egregoros: %w", err)
	}
	return func() { os.RemoveAll(dir) }, nil
}

// server is one running egregoros process.
type Server struct {
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
func Start(t *testing.T, name string) *Server {
	t.Helper()
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	s := &Server{t: t, name: name, addr: addr, env: append(os.Environ(),
		"EGREGOROS_DATABASE_URL="+testutil.NewDatabaseURL(t),
		"EGREGOROS_DATA_DIR="+t.TempDir(),
		"EGREGOROS_LISTEN="+addr,
		"EGREGOROS_HOST=127.0.0.1",
		"EGREGOROS_PORT="+port,
		"EGREGOROS_SCHEME=http",
		"EGREGOROS_ALLOW_PRIVATE_FEDERATION=true",
		"EGREGOROS_SCHEDULED_STATUS_MIN_OFFSET_SECONDS=0", // scheduled posts a few seconds ahead
		"EGREGOROS_LOG_LEVEL=info",
	)}
	s.Start()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("--- %s logs ---\n%s", s.name, s.LogText())
		}
	})
	return s
}

func (s *Server) LogText() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.logs.String()
}

type lockedWriter struct{ s *Server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.logMu.Lock()
	defer w.s.logMu.Unlock()
	return w.s.logs.Write(p)
}

// start runs the process and waits until /health answers.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command(Binary, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = lockedWriter{s}, lockedWriter{s}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.exited = make(chan struct{})
	go func() { s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL("/health"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-s.exited:
			s.t.Fatalf("%s exited at start:\n%s", s.name, s.LogText())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s did not start:\n%s", s.name, s.LogText())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the process gracefully.
func (s *Server) Stop() {
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

func (s *Server) URL(path string) string { return "http://" + s.addr + path }

// domain is the host:port part of handles on this server.
func (s *Server) Domain() string { return s.addr }

// run runs an egregoros command against this server's database and returns its output.
func (s *Server) Run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(Binary, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("egregoros %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// account is a user on a server with an access token.
type Account struct {
	S     *Server
	Nick  string
	Token string
	ID    string
}

// user creates a user on the server (through the command line) and a token for it.
func (s *Server) User(nick string, extra ...string) *Account {
	s.t.Helper()
	s.Run(append([]string{"user", "create", nick, "--password", "password-" + nick}, extra...)...)
	out := strings.TrimSpace(s.Run("token", "create", nick, "--scopes", "read write follow push"))
	lines := strings.Split(out, "\n")
	a := &Account{S: s, Nick: nick, Token: lines[len(lines)-1]}
	a.ID = a.Get("/api/v1/accounts/verify_credentials").Obj()["id"].(string)
	return a
}

// handle is nick@host:port.
func (a *Account) Handle() string { return a.Nick + "@" + a.S.Domain() }

// actorID is the account's ActivityPub id.
func (a *Account) ActorID() string { return a.S.URL("/users/" + a.Nick) }

type Reply struct {
	t      *testing.T
	Status int
	Body   []byte
}

func (r Reply) Obj() map[string]any {
	r.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		r.t.Fatalf("status %d, body %q: %v", r.Status, r.Body, err)
	}
	return m
}

func (r Reply) List() []map[string]any {
	r.t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.Body, &l); err != nil {
		r.t.Fatalf("status %d, body %q: %v", r.Status, r.Body, err)
	}
	return l
}

func (a *Account) Do(method, path string, body any) Reply {
	a.S.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.S.URL(path), rd)
	req.Header.Set("Authorization", "Bearer "+a.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.S.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return Reply{a.S.t, resp.StatusCode, b}
}

func (a *Account) Get(path string) Reply { return a.Do("GET", path, nil) }

func (a *Account) Post(path string, body any) Reply {
	a.S.t.Helper()
	r := a.Do("POST", path, body)
	if r.Status != 200 {
		a.S.t.Fatalf("POST %s on %s: %d %s", path, a.S.name, r.Status, r.Body)
	}
	return r
}

// Upload posts a file to /api/v1/media as a client would (multipart "file") and returns
// the attachment's id.
func (a *Account) Upload(name string, data []byte) string {
	a.S.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", a.S.URL("/api/v1/media"), &body)
	req.Header.Set("Authorization", "Bearer "+a.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.S.t.Fatalf("upload on %s: %v", a.S.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := Reply{a.S.t, resp.StatusCode, b}
	if r.Status != 200 {
		a.S.t.Fatalf("upload on %s: %d %s", a.S.name, r.Status, r.Body)
	}
	return r.Obj()["id"].(string)
}

// find resolves a remote account through search (WebFinger + actor fetch) and returns its
// local id on a's server.
func (a *Account) Find(other *Account) string {
	a.S.t.Helper()
	r := a.Get("/api/v2/search?resolve=true&type=accounts&q=" + url.QueryEscape("@"+other.Handle()))
	accts := r.Obj()["accounts"].([]any)
	if len(accts) != 1 {
		a.S.t.Fatalf("search for %s on %s: %s", other.Handle(), a.S.name, r.Body)
	}
	return accts[0].(map[string]any)["id"].(string)
}

// eventually polls cond until it holds or the wait runs out (federation is asynchronous).
func Eventually(t *testing.T, what string, cond func() bool) {
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
func (a *Account) StatusByURI(uri string) map[string]any {
	r := a.Get("/api/v2/search?type=statuses&q=" + url.QueryEscape(uri))
	if r.Status != 200 {
		return nil
	}
	sts := r.Obj()["statuses"].([]any)
	if len(sts) == 0 {
		return nil
	}
	return sts[0].(map[string]any)
}

func HasType(ns []map[string]any, typ string) bool {
	for _, n := range ns {
		if n["type"] == typ {
			return true
		}
	}
	return false
}

// fetchAP GETs an ActivityPub document unsigned and returns the status code.
func FetchAP(t *testing.T, u string) int {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
