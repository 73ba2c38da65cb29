package store_test

import (
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// GroupBucket is Mastodon's set_group_key!: the latest group's hour bucket is reused while
// the new notification falls less than 12 hours after it, else the notification's own hour.
func TestGroupBucketSpansTwelveHours(t *testing.T) {
	const prev = 490000
	at := func(hour int64, sec int64) time.Time { return time.Unix(hour*3600+sec, 0) }
	for _, c := range []struct {
		name   string
		t      time.Time
		latest string
		want   int64
	}{
		{"no group yet", at(prev+3, 10), "", prev + 3},
		{"same hour", at(prev, 0), "favourite-01ABC-490000", prev},
		{"last second of the span", at(prev+11, 3599), "favourite-01ABC-490000", prev},
		{"span over", at(prev+12, 0), "favourite-01ABC-490000", prev + 12},
		{"a day later", at(prev+24, 0), "follow-490000", prev + 24},
		{"follow within span", at(prev+5, 0), "follow-490000", prev},
		{"clock before the group", at(prev-1, 0), "follow-490000", prev - 1},
		{"unreadable key", at(prev+1, 0), "follow-x", prev + 1},
	} {
		if got := store.GroupBucket(c.t, c.latest); got != c.want {
			t.Errorf("%s: bucket %d, want %d", c.name, got, c.want)
		}
	}
}
