package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// stream opens n WebSocket subscribers on the public stream (anonymous, as a public
// timeline page would), then posts StreamPosts statuses one after the other and times, for
// each subscriber, the arrival of each post's update event after the POST was sent.
func (l *live) stream(ctx context.Context, n int) error {
	o := l.o
	res := StreamResult{Subscribers: n, Posts: o.StreamPosts}
	tag := nonce()
	mark := postMark()
	defer l.cleanupPosts(ctx, mark)

	// sent[k] is when post k was sent (unix ns); got[k][i] the latency of subscriber i.
	sent := make([]atomic.Int64, o.StreamPosts)
	got := make([][]atomic.Int64, o.StreamPosts)
	for k := range got {
		got[k] = make([]atomic.Int64, n)
	}
	var received, disconnected atomic.Int64
	received1 := make([]atomic.Int64, o.StreamPosts)
	prefix := "bench live stream " + tag + " post "

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wsURL := "ws" + strings.TrimPrefix(strings.TrimRight(o.Server.URL, "/"), "http") + "/api/v1/streaming?stream=public"
	conns := make([]*websocket.Conn, n)
	var readers sync.WaitGroup
	read := func(i int, c *websocket.Conn) {
		defer readers.Done()
		c.SetReadLimit(1 << 20)
		for {
			_, data, err := c.Read(cctx)
			if err != nil {
				if cctx.Err() == nil {
					disconnected.Add(1)
				}
				return
			}
			at := time.Now().UnixNano()
			var ev struct{ Event, Payload string }
			if json.Unmarshal(data, &ev) != nil || ev.Event != "update" {
				continue
			}
			var s struct{ Content string }
			if json.Unmarshal([]byte(ev.Payload), &s) != nil {
				continue
			}
			_, rest, ok := strings.Cut(s.Content, prefix)
			if !ok {
				continue
			}
			end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
			if end < 0 {
				end = len(rest)
			}
			k, err := strconv.Atoi(rest[:end])
			if err != nil || k < 0 || k >= len(got) {
				continue
			}
			if got[k][i].CompareAndSwap(0, max(at-sent[k].Load(), 1)) {
				received.Add(1)
				received1[k].Add(1)
			}
		}
	}

	fmt.Fprintf(o.Log, "live: opening %d WebSocket subscribers …\n", n)
	peak := sampleRSS(o.Server.PID)
	start := time.Now()
	var dialers sync.WaitGroup
	next := atomic.Int64{}
	var dialErr atomic.Pointer[error]
	for range 32 {
		dialers.Add(1)
		go func() {
			defer dialers.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || cctx.Err() != nil {
					return
				}
				dctx, c := context.WithTimeout(cctx, time.Minute)
				conn, _, err := websocket.Dial(dctx, wsURL, nil)
				c()
				if err != nil {
					dialErr.CompareAndSwap(nil, &err)
					continue
				}
				conns[i] = conn
				readers.Add(1)
				go read(i, conn)
			}
		}()
	}
	dialers.Wait()
	res.Connect = time.Since(start)
	for _, c := range conns {
		if c != nil {
			res.Connected++
		}
	}
	defer func() {
		cancel()
		for _, c := range conns {
			if c != nil {
				c.CloseNow()
			}
		}
		readers.Wait()
	}()
	if res.Connected == 0 {
		peak()
		if e := dialErr.Load(); e != nil {
			return fmt.Errorf("no subscriber connected: %w", *e)
		}
		return fmt.Errorf("no subscriber connected")
	}
	fmt.Fprintf(o.Log, "live: %d connected in %s; posting …\n", res.Connected, res.Connect.Round(time.Millisecond))
	time.Sleep(time.Second) // let the last connections reach their bus subscription
	for k := range o.StreamPosts {
		sent[k].Store(time.Now().UnixNano())
		if _, err := l.post(ctx, prefix+strconv.Itoa(k)); err != nil {
			peak()
			return err
		}
		err := waitFor(ctx, o.Timeout, 20*time.Millisecond, func() (bool, error) {
			return received1[k].Load() >= int64(res.Connected)-disconnected.Load(), nil
		})
		if err != nil && err != errTimeout {
			peak()
			return err
		}
	}
	res.PeakRSS = peak()
	var lat []time.Duration
	for k := range got {
		for i := range got[k] {
			if v := got[k][i].Load(); v > 0 {
				lat = append(lat, time.Duration(v))
			}
		}
	}
	s := NewStats(lat)
	res.Events = int(received.Load())
	res.Dropped = res.Subscribers*res.Posts - res.Events
	res.P50, res.P99, res.Max = s.P50, s.P99, s.Max
	l.rep.Stream = append(l.rep.Stream, res)
	return nil
}
