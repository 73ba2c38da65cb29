package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Server is a running egregoros server the live cases drive.
type Server struct {
	URL string // where the harness connects: http://127.0.0.1:PORT
	PID int    // the server process, whose resident memory is measured; 0: not measured
}

// ChildServer is a server the harness started as a child process.
type ChildServer struct {
	Server
	cmd    *exec.Cmd
	exited chan struct{}
	logMu  sync.Mutex
	log    bytes.Buffer
}

// Log is what the child wrote on its standard output and error.
func (c *ChildServer) Log() string {
	c.logMu.Lock()
	defer c.logMu.Unlock()
	return c.log.String()
}

type childWriter struct{ c *ChildServer }

func (w childWriter) Write(p []byte) (int, error) {
	w.c.logMu.Lock()
	defer w.c.logMu.Unlock()
	if w.c.log.Len() < 1<<20 { // keep the first MiB
		w.c.log.Write(p)
	}
	return len(p), nil
}

// StartServer runs exe with args (`egregoros serve`) as a child process listening on a free
// loopback port, with env plus EGREGOROS_LISTEN and EGREGOROS_ALLOW_PRIVATE_FEDERATION=true
// (the live cases' remote actors and inboxes are on loopback), and waits until /health
// answers. It inherits this process's limits: call RaiseFileLimit first.
func StartServer(ctx context.Context, exe string, args, env []string) (*ChildServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	c := &ChildServer{Server: Server{URL: "http://" + addr}, exited: make(chan struct{})}
	c.cmd = exec.Command(exe, args...)
	c.cmd.Env = append(append([]string{}, env...), "EGREGOROS_LISTEN="+addr, "EGREGOROS_ALLOW_PRIVATE_FEDERATION=true")
	c.cmd.Stdout, c.cmd.Stderr = childWriter{c}, childWriter{c}
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	c.PID = c.cmd.Process.Pid
	go func() { c.cmd.Wait(); close(c.exited) }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(c.URL + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		select {
		case <-c.exited:
			return nil, fmt.Errorf("bench: the server exited at start:\n%s", c.Log())
		case <-ctx.Done():
			c.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.Stop()
			return nil, fmt.Errorf("bench: the server did not answer /health:\n%s", c.Log())
		}
	}
}

// Stop ends the child gracefully (SIGINT), killing it after 30 s.
func (c *ChildServer) Stop() {
	if c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(os.Interrupt)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// RaiseFileLimit raises this process's RLIMIT_NOFILE soft limit to its hard limit (children
// inherit it) and returns the new soft limit.
func RaiseFileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	return lim.Cur, nil
}

// procStatus reads one "Key:   value kB" field of /proc/<pid>/status in bytes ("self" for
// this process); 0 when unavailable.
func procStatus(pid, key string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// processRSS is VmRSS of a process in bytes (0: unknown).
func processRSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	return procStatus(strconv.Itoa(pid), "VmRSS")
}

// openFileLimit is the soft "Max open files" of a process (0: unknown).
func openFileLimit(pid int) uint64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/limits")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseUint(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// sampleRSS samples the resident memory of pid every 50 ms until the returned function is
// called, which returns the peak (0 when pid is 0).
func sampleRSS(pid int) func() int64 {
	if pid <= 0 {
		return func() int64 { return 0 }
	}
	var mu sync.Mutex
	peak := processRSS(pid)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if r := processRSS(pid); r > 0 {
					mu.Lock()
					peak = max(peak, r)
					mu.Unlock()
				}
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		if r := processRSS(pid); r > 0 {
			peak = max(peak, r)
		}
		return peak
	}
}

var errTimeout = errors.New("timed out")
