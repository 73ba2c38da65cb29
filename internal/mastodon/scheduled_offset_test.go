package mastodon_test

import (
	"testing"
	"time"
)

// The minimum offset of scheduled_at is a setting (EGREGOROS_SCHEDULED_STATUS_MIN_OFFSET_SECONDS):
// Mastodon's five minutes by default, 0 to schedule any future moment.
func TestScheduledMinOffsetSetting(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.svc.Scheduler = &schedulerSpy{jobs: map[string]time.Time{}}
	at := a.token(a.user("alice"), "read", "write")
	soon := func() map[string]any {
		return map[string]any{"status": "soon", "scheduled_at": time.Now().Add(30 * time.Second).UTC().Format(time.RFC3339)}
	}
	wantError(t, a.do("POST", "/api/v1/statuses", at, soon()), 422)

	a.svc.Limits.ScheduledMinOffset = 0
	if r := a.do("POST", "/api/v1/statuses", at, soon()); r.Code != 200 || r.obj()["scheduled_at"] == nil {
		t.Fatalf("with no minimum offset: %d %s", r.Code, r.Body.String())
	}
}
