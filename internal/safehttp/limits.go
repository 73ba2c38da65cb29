package safehttp

import (
	"context"
	"time"
)

type (
	timeoutKey struct{}
	maxBodyKey struct{}
)

// WithRequestTimeout returns a ctx under which a request's total timeout is d instead of
// Options.Timeout, e.g. longer for a large media download. A ctx deadline still applies.
func WithRequestTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, timeoutKey{}, d)
}

// WithMaxBodyBytes returns a ctx under which a response body may be n bytes instead of
// Options.MaxBodyBytes, e.g. more for remote media.
func WithMaxBodyBytes(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, maxBodyKey{}, n)
}

func (c *Client) timeout(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(timeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return c.opt.Timeout
}

func (c *Client) maxBody(ctx context.Context) int64 {
	if n, ok := ctx.Value(maxBodyKey{}).(int64); ok && n > 0 {
		return n
	}
	return c.opt.MaxBodyBytes
}
