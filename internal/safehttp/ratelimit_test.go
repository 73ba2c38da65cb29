package safehttp

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestRateLimitPerHost(t *testing.T) {
	srv := newCounted(t, ok)
	dns := fakeDNS{"a.example": loopback, "b.example": loopback}
	// Burst 2, then one token an hour: a third request to a.example cannot be served.
	c := newTestClient(t, Options{AllowPrivate: true, Resolver: dns, PerHostRate: rate.Every(time.Hour), PerHostBurst: 2})
	get := func(host string, d time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		_, err := c.Get(ctx, "http://"+host+":"+srv.port(t)+"/", nil)
		return err
	}
	for i := range 2 {
		if err := get("a.example", time.Minute); err != nil {
			t.Fatalf("request %d within the burst: %v", i+1, err)
		}
	}
	if err := get("a.example", time.Minute); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("third request: err = %v, want ErrRateLimited", err)
	}
	if err := get("A.EXAMPLE.", time.Minute); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("same host in other spelling: err = %v, want ErrRateLimited", err)
	}
	if err := get("b.example", time.Minute); err != nil {
		t.Fatalf("another host: %v", err)
	}
	if n := srv.hits.Load(); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
}

func TestRateLimitWaits(t *testing.T) {
	srv := newCounted(t, ok)
	// Burst 1 and a token every 5 ms: later requests wait for a token instead of failing.
	c := newTestClient(t, Options{AllowPrivate: true, PerHostRate: rate.Every(5 * time.Millisecond), PerHostBurst: 1})
	for i := range 5 {
		if _, err := c.Get(context.Background(), srv.URL, nil); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	if n := srv.hits.Load(); n != 5 {
		t.Errorf("server got %d requests, want 5", n)
	}
}

func TestRateLimitCanceled(t *testing.T) {
	h := newHostLimiters(rate.Every(time.Hour), 1, 10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := h.wait(ctx, "a.example")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRateLimitRedirectHops(t *testing.T) {
	srv := newCounted(t, hops)
	// Each hop is a request to the host: /hop/2 needs three tokens.
	c := newTestClient(t, Options{AllowPrivate: true, PerHostRate: rate.Every(time.Hour), PerHostBurst: 2})
	if _, err := c.Get(context.Background(), srv.URL+"/hop/2", nil); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
}

func TestHostLimitersBounded(t *testing.T) {
	h := newHostLimiters(rate.Every(time.Hour), 1, 3)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range 10 {
		if err := h.wait(ctx, fmt.Sprintf("h%d.example", i)); err != nil {
			t.Fatalf("first request to host %d: %v", i, err)
		}
	}
	if n := h.len(); n != 3 {
		t.Fatalf("tracking %d hosts, want 3", n)
	}
	// h9 is recent and has spent its token; h0 was evicted and starts afresh.
	if err := h.wait(ctx, "h9.example"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("recent host: err = %v, want ErrRateLimited", err)
	}
	if err := h.wait(ctx, "h0.example"); err != nil {
		t.Errorf("evicted host: %v", err)
	}
}

func TestRateLimitInf(t *testing.T) {
	h := newHostLimiters(rate.Inf, 0, 3)
	for range 100 {
		if err := h.wait(context.Background(), "a.example"); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.len(); n != 0 {
		t.Errorf("tracking %d hosts with rate.Inf, want 0", n)
	}
}
