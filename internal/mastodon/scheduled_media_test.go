package mastodon_test

import (
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/media"
)

// A scheduled status keeps its media: listed in the ScheduledStatus, attached when published;
// someone else's upload cannot be scheduled.
func TestScheduledStatusWithMedia(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.withMedia(media.Options{})
	a.svc.Scheduler = &schedulerSpy{jobs: map[string]time.Time{}}
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	m := a.upload("/api/v1/media", at, "photo.png", mediaPNG(t, 32, 32), map[string]string{"description": "square"}).obj()
	mid, _ := m["id"].(string)
	if mid == "" {
		t.Fatalf("upload %v", m)
	}
	when := time.Now().Add(time.Hour).Format(time.RFC3339)
	wantError(t, a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "mine?", "media_ids": []string{mid}, "scheduled_at": when}), 422)
	r := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "later, with a picture", "media_ids": []string{mid}, "scheduled_at": when})
	if r.Code != 200 {
		t.Fatalf("schedule %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "ScheduledStatus", r.Body.Bytes())
	ss := r.obj()
	if atts := ss["media_attachments"].([]any); len(atts) != 1 || atts[0].(map[string]any)["id"] != mid {
		t.Fatalf("scheduled media %v", ss["media_attachments"])
	}
	id := ss["id"].(string)
	if _, err := a.st.RescheduleStatus(a.ctx, alice.ID, id, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.PublishScheduled(a.ctx, id); err != nil {
		t.Fatal(err)
	}
	var statuses []map[string]any
	a.do("GET", "/api/v1/accounts/"+alice.ID+"/statuses", at, nil).json(&statuses)
	if len(statuses) != 1 {
		t.Fatalf("published %v", statuses)
	}
	if atts := statuses[0]["media_attachments"].([]any); len(atts) != 1 || atts[0].(map[string]any)["id"] != mid {
		t.Fatalf("published media %v", statuses[0]["media_attachments"])
	}
}
