package store

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

var (
	idMu      sync.Mutex
	idEntropy = ulid.Monotonic(rand.Reader, 0)
)

// NewID returns a new time-ordered id: a 26-character ULID whose string order is creation
// order (within one process even inside one millisecond), so Mastodon max_id/since_id/min_id
// paging works on it. ULIDs need no coordination between nodes.
func NewID() string {
	return NewIDAt(time.Now())
}

// NewIDAt returns an id for time t (used to order remote objects by their publication time
// when that is earlier than now, e.g. on backfill).
func NewIDAt(t time.Time) string {
	idMu.Lock()
	defer idMu.Unlock()
	return ulid.MustNew(ulid.Timestamp(t), idEntropy).String()
}

// IDTime returns the time encoded in an id, and false when s is not an id.
func IDTime(s string) (time.Time, bool) {
	u, err := ulid.ParseStrict(s)
	if err != nil {
		return time.Time{}, false
	}
	return ulid.Time(u.Time()), true
}
