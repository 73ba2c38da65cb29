package federation

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ipLimiter is a fixed-window counter per key (client IP and path): inbox POSTs are limited
// before any signature work, so unverified keyIds cannot be used to spend our CPU.
type ipLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	start  time.Time
	counts map[string]int
}

func newIPLimiter(limit int, window time.Duration) *ipLimiter {
	return &ipLimiter{limit: limit, window: window, start: time.Now(), counts: map[string]int{}}
}

// allow counts one request for key and reports whether it is within the limit, and if not,
// how many seconds remain in the window.
func (l *ipLimiter) allow(key string) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.start) >= l.window {
		l.start, l.counts = now, map[string]int{}
	}
	l.counts[key]++
	if l.counts[key] > l.limit {
		return false, int(l.window-now.Sub(l.start))/int(time.Second) + 1
	}
	return true, 0
}

// InboxRateLimit is the inbox limit per client IP and path.
var InboxRateLimit = struct {
	Requests int
	Window   time.Duration
}{120, 10 * time.Second}

func (s *Service) inboxLimiter() *ipLimiter {
	s.limiterOnce.Do(func() { s.limiter = newIPLimiter(InboxRateLimit.Requests, InboxRateLimit.Window) })
	return s.limiter
}

// clientIP is the request's peer address (proxies are not trusted here).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func retryAfter(w http.ResponseWriter, secs int) {
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeError(w, http.StatusTooManyRequests, "Too many requests")
}
