package safehttp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"
)

// trickle sends headers at once, then a byte every 10 ms until the client goes away.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.(http.Flusher).Flush()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			_, _ = w.Write([]byte("x"))
			w.(http.Flusher).Flush()
		}
	}
}

func TestTotalTimeout(t *testing.T) {
	srv := newCounted(t, trickle)
	short := newTestClient(t, Options{AllowPrivate: true, Timeout: 100 * time.Millisecond})
	long := newTestClient(t, Options{AllowPrivate: true, Timeout: time.Hour})
	cases := map[string]struct {
		c   *Client
		ctx func() (context.Context, context.CancelFunc)
	}{
		"Options.Timeout": {short, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
		"WithRequestTimeout": {long, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(WithRequestTimeout(context.Background(), 100*time.Millisecond))
		}},
		"ctx deadline": {long, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			_, err := tc.c.Get(ctx, srv.URL, nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want context.DeadlineExceeded", err)
			}
		})
	}
}

func TestResponseHeaderTimeout(t *testing.T) {
	srv := newCounted(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newTestClient(t, Options{AllowPrivate: true, ResponseHeaderTimeout: 50 * time.Millisecond})
	_, err := c.Get(context.Background(), srv.URL, nil)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("err = %v, want a timeout", err)
	}
}
