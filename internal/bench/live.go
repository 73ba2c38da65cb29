package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// The live cases (issue 7) drive a real server over loopback through its public interfaces:
// POST /api/v1/statuses under load, a burst of signed activities to the shared inbox,
// delivery fan-out to remote followers, and streaming to many WebSocket subscribers. The
// server is normally a child process (StartServer), so that its resident memory is measured
// apart from the load generator's.

// LiveOptions choose the live cases and their sizes.
type LiveOptions struct {
	Server  Server
	BaseURL string   // the server's public base URL (the ids of its local users)
	Cases   []string // of LiveCases; empty: all

	PostConnections []int         // POST /api/v1/statuses: closed-loop clients per step
	PostDuration    time.Duration // per step

	InboxActivities  int // signed Create Notes in the burst
	InboxActors      int // remote actors sending them, each from its own loopback address
	InboxConnections int // concurrent senders

	Followers       int  // remote followers of the posting account
	FollowerInboxes int  // shared inboxes they are spread over
	PerInbox        bool // also deliver to followers without a shared inbox (one delivery each)

	Subscribers []int // WebSocket subscribers on the public stream, per step
	StreamPosts int   // posts whose events are timed at each step

	// Timeout bounds each wait (ingestion, deliveries, events).
	Timeout time.Duration
	// Log receives progress lines.
	Log io.Writer
}

// LiveCases are the live cases, in the order they run.
var LiveCases = []string{"posts", "inbox", "fanout", "stream"}

func (o LiveOptions) withDefaults() LiveOptions {
	if len(o.Cases) == 0 {
		o.Cases = LiveCases
	}
	if len(o.PostConnections) == 0 {
		o.PostConnections = []int{8, 64}
	}
	if o.PostDuration <= 0 {
		o.PostDuration = 10 * time.Second
	}
	if o.InboxActivities <= 0 {
		o.InboxActivities = 10000
	}
	if o.InboxActors <= 0 {
		o.InboxActors = 100
	}
	if o.InboxConnections <= 0 {
		o.InboxConnections = 32
	}
	if o.Followers <= 0 {
		o.Followers = 1000
	}
	if o.FollowerInboxes <= 0 {
		o.FollowerInboxes = 100
	}
	if len(o.Subscribers) == 0 {
		o.Subscribers = []int{1000, 10000}
	}
	if o.StreamPosts <= 0 {
		o.StreamPosts = 3
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Minute
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// LiveReport is what the live cases measured. RSS values are the server process's resident
// memory: idle before the first case, and the peak during each step.
type LiveReport struct {
	Database     string
	IdleRSS      int64
	ServerNoFile uint64 // the server's open-file limit
	ClientNoFile uint64 // the load generator's
	Posts        []LoadResult
	Inbox        *InboxResult
	Fanout       []FanoutResult
	Stream       []StreamResult
}

// InboxResult is the inbox burst.
type InboxResult struct {
	Activities, Actors, Connections int
	Accepted                        int           // answered 202
	Throttled                       int           // 429 answers, retried after Retry-After
	Refused                         int           // other answers and transport errors (not retried)
	Sent                            time.Duration // first request to last answer
	Ingested                        int           // Notes of the burst stored
	Elapsed                         time.Duration // first request to the last Note stored
	Lost                            int           // Activities - Ingested when the wait ended
	TimedOut                        bool          // the wait ended at LiveOptions.Timeout: Lost may still arrive
	ActorFetches                    int64         // actor documents the server fetched
	PeakRSS                         int64
}

// FanoutResult is one post delivered to remote followers.
type FanoutResult struct {
	Followers, Inboxes int  // Inboxes: distinct inboxes the deliveries go to
	Shared             bool // followers have a shared inbox
	Acknowledged       int  // deliveries of the post the sink acknowledged (202)
	Duplicates         int  // deliveries to an inbox that had it already
	First, Elapsed     time.Duration
	PeakRSS            int64
}

// StreamResult is one subscriber count on the public stream.
type StreamResult struct {
	Subscribers, Connected int
	Connect                time.Duration // time to open every connection
	Posts                  int
	Events                 int // (post, subscriber) events received
	Dropped                int // events not received in time (or subscribers disconnected)
	P50, P99, Max          time.Duration
	PeakRSS                int64
}

// live is one run of the live cases.
type live struct {
	st     *store.Store
	o      LiveOptions
	client *http.Client
	token  string
	author *store.User
	rep    *LiveReport
}

// Live runs the live cases against o.Server, whose database st is (a seeded benchmark
// database: posts are made as local1). What a case adds — posts, remote actors and
// followers — is deleted from st when it ends.
func Live(ctx context.Context, st *store.Store, o LiveOptions) (*LiveReport, error) {
	o = o.withDefaults()
	for _, c := range o.Cases {
		if !contains(LiveCases, c) {
			return nil, fmt.Errorf("bench live: unknown case %q (want %s)", c, strings.Join(LiveCases, ", "))
		}
	}
	author, err := st.LocalUser(ctx, "local1")
	if err != nil {
		return nil, ErrNotSeeded
	}
	l := &live{st: st, o: o, author: author, rep: &LiveReport{Database: DatabaseVersion(ctx, st)},
		client: &http.Client{Timeout: o.Timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	defer l.client.CloseIdleConnections()
	if l.token, err = issueToken(ctx, st, author); err != nil {
		return nil, err
	}
	if l.rep.ClientNoFile, err = RaiseFileLimit(); err != nil {
		return nil, err
	}
	l.rep.ServerNoFile = openFileLimit(o.Server.PID)
	l.rep.IdleRSS = processRSS(o.Server.PID)
	for _, c := range o.Cases {
		fmt.Fprintf(o.Log, "live: %s …\n", c)
		switch c {
		case "posts":
			err = l.posts(ctx)
		case "inbox":
			err = l.inbox(ctx)
		case "fanout":
			err = l.fanout(ctx, true)
			if err == nil && o.PerInbox {
				err = l.fanout(ctx, false)
			}
		case "stream":
			for _, n := range o.Subscribers {
				if err = l.stream(ctx, n); err != nil {
					break
				}
			}
		}
		if err != nil {
			return l.rep, fmt.Errorf("bench live %s: %w", c, err)
		}
	}
	return l.rep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nonce is a random word that marks the posts of one case.
func nonce() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// postRequest makes POST /api/v1/statuses requests as local1.
func (l *live) postRequest(text func() string) func(context.Context) *http.Request {
	u := strings.TrimRight(l.o.Server.URL, "/") + "/api/v1/statuses"
	return func(ctx context.Context) *http.Request {
		form := url.Values{"status": {text()}, "visibility": {"public"}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+l.token)
		return req
	}
}

// post makes one status as local1 and returns its id.
func (l *live) post(ctx context.Context, text string) (string, error) {
	resp, err := l.client.Do(l.postRequest(func() string { return text })(ctx))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("POST /api/v1/statuses: %d %s", resp.StatusCode, body)
	}
	var s struct{ ID string }
	if err := json.Unmarshal(body, &s); err != nil || s.ID == "" {
		return "", fmt.Errorf("POST /api/v1/statuses: %s", body)
	}
	return s.ID, nil
}

// cleanupPosts deletes what local1 stored since mark (store ids sort by time).
func (l *live) cleanupPosts(ctx context.Context, mark string) {
	if _, err := l.st.DeleteObjectsSince(context.WithoutCancel(ctx), l.author.APID, mark); err != nil {
		fmt.Fprintf(l.o.Log, "live: cleanup: %v\n", err)
	}
}

// posts is POST /api/v1/statuses at each connection count.
func (l *live) posts(ctx context.Context) error {
	mark := postMark()
	defer l.cleanupPosts(ctx, mark)
	tag := nonce()
	var seq atomic.Int64
	for _, c := range l.o.PostConnections {
		fmt.Fprintf(l.o.Log, "live: POST /api/v1/statuses with %d connections for %s …\n", c, l.o.PostDuration)
		peak := sampleRSS(l.o.Server.PID)
		r, err := loadStep(ctx, l.postRequest(func() string {
			return fmt.Sprintf("bench live post %s %d", tag, seq.Add(1))
		}), c, l.o.PostDuration, http.StatusOK)
		r.RSS = peak()
		r.Path = "POST /api/v1/statuses"
		if err != nil {
			return err
		}
		l.rep.Posts = append(l.rep.Posts, r)
	}
	return nil
}

// waitFor polls done every interval until it reports true, ctx ends or timeout passes.
func waitFor(ctx context.Context, timeout, interval time.Duration, done func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errTimeout
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

func mib(b int64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(b)/(1<<20))
}

// WriteLiveTables prints a live report as Markdown tables.
func WriteLiveTables(w io.Writer, rep *LiveReport) {
	fmt.Fprintf(w, "%s; server resident memory idle %s MiB; open-file limit server %d, load generator %d\n",
		rep.Database, mib(rep.IdleRSS), rep.ServerNoFile, rep.ClientNoFile)
	if len(rep.Posts) > 0 {
		fmt.Fprintln(w, "\n| POST /api/v1/statuses | requests | errors | req/s | p50 ms | p99 ms | max ms | server RSS peak MiB |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
		for _, r := range rep.Posts {
			fmt.Fprintf(w, "| %d connections | %d | %d | %.0f | %s | %s | %s | %s |\n", r.Connections, r.Requests, r.Errors,
				float64(r.Requests)/r.Elapsed.Seconds(), ms(r.P50), ms(r.P99), ms(r.Max), mib(r.RSS))
		}
	}
	if r := rep.Inbox; r != nil {
		fmt.Fprintln(w, "\n| inbox burst | activities | actors | connections | accepted | throttled | refused | sent s | all ingested s | activities/s | not stored | actor fetches | server RSS peak MiB |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
		lost := strconv.Itoa(r.Lost)
		if r.TimedOut {
			lost += " (wait timed out)"
		}
		fmt.Fprintf(w, "| Create Note, signed | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.0f | %s | %d | %s |\n", r.Activities, r.Actors,
			r.Connections, r.Accepted, r.Throttled, r.Refused, r.Sent.Seconds(), r.Elapsed.Seconds(),
			float64(r.Ingested)/r.Elapsed.Seconds(), lost, r.ActorFetches, mib(r.PeakRSS))
	}
	if len(rep.Fanout) > 0 {
		fmt.Fprintln(w, "\n| fan-out | followers | inboxes | acknowledged | duplicates | first ms | all ms | server RSS peak MiB |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
		for _, r := range rep.Fanout {
			kind := "shared inboxes"
			if !r.Shared {
				kind = "one inbox each"
			}
			fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %s | %s | %s |\n", kind, r.Followers, r.Inboxes, r.Acknowledged,
				r.Duplicates, ms(r.First), ms(r.Elapsed), mib(r.PeakRSS))
		}
	}
	if len(rep.Stream) > 0 {
		fmt.Fprintln(w, "\n| streaming (public) | subscribers | connected | connect s | posts | events | dropped | p50 ms | p99 ms | max ms | server RSS peak MiB |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
		for _, r := range rep.Stream {
			fmt.Fprintf(w, "| POST → update event | %d | %d | %.1f | %d | %d | %d | %s | %s | %s | %s |\n", r.Subscribers, r.Connected,
				r.Connect.Seconds(), r.Posts, r.Events, r.Dropped, ms(r.P50), ms(r.P99), ms(r.Max), mib(r.PeakRSS))
		}
	}
}

// postMark is an id older than anything local1 stores from now on: activities take their id
// from their published time, which is in whole seconds.
func postMark() string { return store.NewIDAt(time.Now().Truncate(time.Second).Add(-time.Second)) }
