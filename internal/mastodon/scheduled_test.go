package mastodon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// schedulerSpy records the publication jobs the API asks for.
type schedulerSpy struct {
	mu   sync.Mutex
	jobs map[string]time.Time
}

func (s *schedulerSpy) EnqueueScheduled(_ context.Context, id string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[id] = at
	return nil
}

func TestScheduledStatuses(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	spy := &schedulerSpy{jobs: map[string]time.Time{}}
	a.svc.Scheduler = spy
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	rt := a.token(alice, "read")
	when := time.Now().Add(time.Hour).UTC().Truncate(time.Second)

	// Too soon, not a date, invalid content: 422; no token 401; read-only token 403.
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "x", "scheduled_at": time.Now().Add(2 * time.Minute).Format(time.RFC3339)}), 422)
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "x", "scheduled_at": "tomorrow"}), 422)
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": " ", "scheduled_at": when.Format(time.RFC3339)}), 422)
	wantError(t, a.do("POST", "/api/v1/statuses", "", map[string]any{"status": "x", "scheduled_at": when.Format(time.RFC3339)}), 401)
	wantError(t, a.do("POST", "/api/v1/statuses", rt, map[string]any{"status": "x", "scheduled_at": when.Format(time.RFC3339)}), 403)

	r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "later @bob", "spoiler_text": "cw", "visibility": "unlisted",
		"scheduled_at": when.Format(time.RFC3339),
		"poll":         map[string]any{"options": []string{"yes", "no"}, "expires_in": 3600}})
	if r.Code != 200 {
		t.Fatalf("schedule: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "ScheduledStatus", r.Body.Bytes())
	ss := r.obj()
	id := ss["id"].(string)
	params := ss["params"].(map[string]any)
	if ss["scheduled_at"] != when.Format("2006-01-02T15:04:05.000Z") || params["text"] != "later @bob" || params["visibility"] != "unlisted" ||
		params["spoiler_text"] != "cw" || params["poll"].(map[string]any)["expires_in"] != float64(3600) {
		t.Fatalf("scheduled status %v", ss)
	}
	if got := spy.jobs[id]; !got.Equal(when) {
		t.Fatalf("job at %v, want %v", got, when)
	}
	// Nothing was posted yet.
	var statuses []map[string]any
	a.do("GET", "/api/v1/accounts/"+alice.ID+"/statuses", at, nil).json(&statuses)
	if len(statuses) != 0 {
		t.Fatalf("posted early: %v", statuses)
	}

	// List, show; other users get 404.
	var list []map[string]any
	r = a.do("GET", "/api/v1/scheduled_statuses", at, nil)
	r.json(&list)
	acctSchema(t, "[]ScheduledStatus", r.Body.Bytes())
	if len(list) != 1 || list[0]["id"] != id || r.Header().Get("Link") == "" {
		t.Fatalf("list %v", list)
	}
	a.do("GET", "/api/v1/scheduled_statuses", bt, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("bob sees %v", list)
	}
	wantError(t, a.do("GET", "/api/v1/scheduled_statuses/"+id, bt, nil), 404)
	wantError(t, a.do("PUT", "/api/v1/scheduled_statuses/"+id, bt, map[string]any{"scheduled_at": when.Add(time.Hour).Format(time.RFC3339)}), 404)
	wantError(t, a.do("DELETE", "/api/v1/scheduled_statuses/"+id, bt, nil), 404)
	wantError(t, a.do("GET", "/api/v1/scheduled_statuses/nope", at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/scheduled_statuses", "", nil), 401)
	if r := a.do("GET", "/api/v1/scheduled_statuses/"+id, at, nil); r.Code != 200 || r.obj()["id"] != id {
		t.Fatalf("show %d %s", r.Code, r.Body.String())
	}

	// Moving it: too soon is refused; later enqueues a job at the new time. The old job,
	// were it to run now, finds the status not due.
	wantError(t, a.do("PUT", "/api/v1/scheduled_statuses/"+id, at, map[string]any{"scheduled_at": time.Now().Format(time.RFC3339)}), 422)
	later := when.Add(24 * time.Hour)
	r = a.do("PUT", "/api/v1/scheduled_statuses/"+id, at, map[string]any{"scheduled_at": later.Format(time.RFC3339)})
	if r.Code != 200 || r.obj()["scheduled_at"] != later.Format("2006-01-02T15:04:05.000Z") || !spy.jobs[id].Equal(later) {
		t.Fatalf("reschedule %d %s", r.Code, r.Body.String())
	}
	if err := a.svc.PublishScheduled(a.ctx, id); err != nil {
		t.Fatal(err)
	}
	if r := a.do("GET", "/api/v1/scheduled_statuses/"+id, at, nil); r.Code != 200 {
		t.Fatalf("published before its time: %d", r.Code)
	}

	// Due: the job publishes it once, with its poll, and it is gone from the list.
	if _, err := a.st.RescheduleStatus(a.ctx, alice.ID, id, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := a.svc.PublishScheduled(a.ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	a.do("GET", "/api/v1/accounts/"+alice.ID+"/statuses", at, nil).json(&statuses)
	if len(statuses) != 1 || statuses[0]["spoiler_text"] != "cw" || statuses[0]["visibility"] != "unlisted" || statuses[0]["poll"] == nil {
		t.Fatalf("published %v", statuses)
	}
	wantError(t, a.do("GET", "/api/v1/scheduled_statuses/"+id, at, nil), 404)

	// A reply whose parent is deleted before its time is dropped, not retried.
	parent := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "parent"}).obj()
	// (Stored directly: the spec types params.in_reply_to_id as an integer, which our ids
	// are not, so the router's schema check would refuse the response.)
	body, _ := json.Marshal(mastodon.ComposeParams{Text: "reply", InReplyToID: parent["id"].(string)})
	row := &store.ScheduledStatus{UserID: alice.ID, ScheduledAt: when, Params: string(body)}
	if err := a.st.AddScheduledStatus(a.ctx, row); err != nil {
		t.Fatal(err)
	}
	reply := row.ID
	a.do("DELETE", "/api/v1/statuses/"+parent["id"].(string), bt, nil)
	_, _ = a.st.RescheduleStatus(a.ctx, alice.ID, reply, time.Now().Add(-time.Second))
	if err := a.svc.PublishScheduled(a.ctx, reply); err != nil {
		t.Fatalf("a reply to a deleted status: %v", err)
	}
	wantError(t, a.do("GET", "/api/v1/scheduled_statuses/"+reply, at, nil), 404)

	// A time in the past posts at once, as Mastodon does.
	r = a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "now", "scheduled_at": time.Now().Add(-time.Hour).Format(time.RFC3339)})
	if r.Code != 200 || r.obj()["content"] == nil {
		t.Fatalf("past schedule: %d %s", r.Code, r.Body.String())
	}

	// Delete; the limit of 25 a day.
	r = a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "gone", "scheduled_at": when.Format(time.RFC3339)})
	gone := r.obj()["id"].(string)
	if r := a.do("DELETE", "/api/v1/scheduled_statuses/"+gone, at, nil); r.Code != 200 {
		t.Fatalf("delete %d", r.Code)
	}
	wantError(t, a.do("DELETE", "/api/v1/scheduled_statuses/"+gone, at, nil), 404)
	day := time.Now().Add(72 * time.Hour).UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)
	for i := range 25 {
		if r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "n", "scheduled_at": day.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)}); r.Code != http.StatusOK {
			t.Fatalf("%d: %d %s", i, r.Code, r.Body.String())
		}
	}
	wantError(t, a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "n", "scheduled_at": day.Add(time.Hour).Format(time.RFC3339)}), 422)
	if r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "n", "scheduled_at": day.Add(24 * time.Hour).Format(time.RFC3339)}); r.Code != 200 {
		t.Fatalf("next day: %d %s", r.Code, r.Body.String())
	}
}
