package safehttp

import (
	"container/list"
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// maxTrackedHosts bounds the per-host limiter map; the least recently used host is dropped
// first (it starts again with a full bucket, which is harmless).
const maxTrackedHosts = 10_000

// hostLimiters holds one token bucket per remote host, in an LRU of bounded size.
type hostLimiters struct {
	limit rate.Limit
	burst int
	max   int

	mu     sync.Mutex
	lru    *list.List // of *hostLimiter, most recently used first
	byHost map[string]*list.Element
}

type hostLimiter struct {
	host string
	lim  *rate.Limiter
}

func newHostLimiters(limit rate.Limit, burst, max int) *hostLimiters {
	return &hostLimiters{limit: limit, burst: burst, max: max, lru: list.New(), byHost: make(map[string]*list.Element)}
}

// wait blocks until host may get another request. It fails with ErrRateLimited when no token
// can come before ctx's deadline, and with ctx's error when ctx is already done.
func (h *hostLimiters) wait(ctx context.Context, host string) error {
	if h.limit == rate.Inf {
		return nil
	}
	if err := h.get(host).Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("safehttp: waiting to send to %s: %w", host, ctx.Err())
		}
		return fmt.Errorf("%w: %s: %v", ErrRateLimited, host, err)
	}
	return nil
}

// get returns host's limiter, creating it and evicting the least recently used one as needed.
func (h *hostLimiters) get(host string) *rate.Limiter {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	h.mu.Lock()
	defer h.mu.Unlock()
	if e, ok := h.byHost[host]; ok {
		h.lru.MoveToFront(e)
		return e.Value.(*hostLimiter).lim
	}
	hl := &hostLimiter{host: host, lim: rate.NewLimiter(h.limit, h.burst)}
	h.byHost[host] = h.lru.PushFront(hl)
	for h.lru.Len() > h.max {
		oldest := h.lru.Back()
		h.lru.Remove(oldest)
		delete(h.byHost, oldest.Value.(*hostLimiter).host)
	}
	return hl.lim
}

func (h *hostLimiters) len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lru.Len()
}
