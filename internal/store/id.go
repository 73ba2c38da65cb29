package store

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// nowEntropy is used only for ids of the present moment: ulid.Monotonic increments within
// one millisecond, but re-seeds whenever it sees another millisecond, so ids for other
// times must not share it (one NewIDAt(past) between two NewID calls of the same
// millisecond would make the second sort before the first).
var (
	idMu       sync.Mutex
	nowEntropy = ulid.Monotonic(rand.Reader, 0)
	lastNow    uint64
)

// NewID returns a new time-ordered id: a 26-character ULID whose string order is creation
// order (within one process even inside one millisecond), so Mastodon max_id/since_id/min_id
// paging works on it. ULIDs need no coordination between nodes.
func NewID() string {
	idMu.Lock()
	defer idMu.Unlock()
	ms := ulid.Timestamp(time.Now())
	if ms < lastNow { // the wall clock stepped back: stay in order
		ms = lastNow
	}
	lastNow = ms
	return ulid.MustNew(ms, nowEntropy).String()
}

// NewIDAt returns an id for time t (used to order remote objects by their publication time
// when that is earlier than now, e.g. on backfill). Ids made for the same past millisecond
// are unique but in no particular order; ids of the present come from NewID.
func NewIDAt(t time.Time) string {
	return ulid.MustNew(ulid.Timestamp(t), rand.Reader).String()
}

// IDTime returns the time encoded in an id, and false when s is not an id.
func IDTime(s string) (time.Time, bool) {
	u, err := ulid.ParseStrict(s)
	if err != nil {
		return time.Time{}, false
	}
	return ulid.Time(u.Time()), true
}
