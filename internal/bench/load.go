package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
)

// LoadOptions describe an HTTP load run: each path at each connection count for Duration.
type LoadOptions struct {
	// URL is the base URL of a running server; "" serves the store in-process on loopback.
	URL string
	// Token is sent as the bearer token; "" issues one for local1.
	Token       string
	Paths       []string
	Connections []int
	Duration    time.Duration
	// Config is the configuration of the in-process server.
	Config *config.Config
}

// LoadResult is one step: one path at one connection count.
type LoadResult struct {
	Path        string
	Connections int
	Requests    int // answered 200
	Errors      int // other answers and transport errors
	Elapsed     time.Duration
	P50, P99    time.Duration
	Max         time.Duration
	RSS         int64 // resident memory of this process after the step (in-process server only), bytes
}

// LoadReport is a whole load run.
type LoadReport struct {
	IdleRSS int64 // resident memory before the first step (in-process server only), bytes
	Steps   []LoadResult
}

// Load drives GET requests on each path with each number of concurrent connections, each for
// o.Duration, and measures requests per second and latency. With no URL it serves st
// in-process on a loopback port (the real handler, middleware included), and reports the
// resident memory of the process (server and load generator together).
func Load(ctx context.Context, st *store.Store, baseURL string, o LoadOptions, w io.Writer) (*LoadReport, error) {
	if o.Duration <= 0 || len(o.Paths) == 0 || len(o.Connections) == 0 {
		return nil, errors.New("bench load: paths, connections and a duration are required")
	}
	rep := &LoadReport{}
	if o.Token == "" {
		u, err := st.LocalUser(ctx, "local1")
		if err != nil {
			return nil, ErrNotSeeded
		}
		if o.Token, err = issueToken(ctx, st, u); err != nil {
			return nil, err
		}
	}
	if o.URL == "" {
		cfg := o.Config
		if cfg == nil {
			cfg = &config.Config{}
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		srv := &http.Server{Handler: server.New(cfg, st, apiService(st, baseURL)).Handler(), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		o.URL = "http://" + ln.Addr().String()
		rep.IdleRSS = residentMemory()
	}
	for _, path := range o.Paths {
		for _, c := range o.Connections {
			fmt.Fprintf(w, "load: GET %s with %d connections for %s …\n", path, c, o.Duration)
			r, err := loadStep(ctx, getRequest(strings.TrimRight(o.URL, "/")+path, o.Token), c, o.Duration, http.StatusOK)
			if err != nil {
				return nil, err
			}
			r.Path = path
			if rep.IdleRSS > 0 {
				r.RSS = residentMemory()
			}
			rep.Steps = append(rep.Steps, r)
		}
	}
	return rep, nil
}

// getRequest makes GET url requests with a bearer token.
func getRequest(url, token string) func(context.Context) *http.Request {
	return func(ctx context.Context) *http.Request {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return req
	}
}

// loadStep runs conns clients in closed loops for d, each sending newRequest's requests; an
// answer with status want counts as a success.
func loadStep(ctx context.Context, newRequest func(context.Context) *http.Request, conns int, d time.Duration, want int) (LoadResult, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	deadline := time.Now().Add(d) // requests in flight at the deadline finish and count
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for ctx.Err() == nil && time.Now().Before(deadline) {
				req := newRequest(ctx)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == want {
					mine = append(mine, time.Since(t0))
				} else {
					bad++
				}
			}
			mu.Lock()
			all, errs = append(all, mine...), errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := NewStats(all)
	r := LoadResult{Connections: conns, Requests: len(all), Errors: errs, Elapsed: elapsed, P50: s.P50, P99: s.P99, Max: s.Max}
	if r.Requests == 0 {
		return r, fmt.Errorf("bench load: no successful request (%d errors)", errs)
	}
	return r, nil
}

// residentMemory is VmRSS of this process in bytes (0 where /proc is missing).
func residentMemory() int64 { return procStatus("self", "VmRSS") }

// WriteLoadTable prints a load report as a Markdown table.
func WriteLoadTable(w io.Writer, rep *LoadReport) {
	if rep.IdleRSS > 0 {
		fmt.Fprintf(w, "resident memory idle: %.0f MiB (server and load generator in one process)\n\n", float64(rep.IdleRSS)/(1<<20))
	}
	fmt.Fprintln(w, "| path | connections | requests | errors | req/s | p50 ms | p99 ms | max ms | RSS MiB |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rep.Steps {
		fmt.Fprintf(w, "| %s | %d | %d | %d | %.0f | %s | %s | %s | %.0f |\n", r.Path, r.Connections, r.Requests, r.Errors,
			float64(r.Requests)/r.Elapsed.Seconds(), ms(r.P50), ms(r.P99), ms(r.Max), float64(r.RSS)/(1<<20))
	}
}
