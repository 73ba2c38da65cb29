package jobs_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestRejectMediaDomainsAreNotCached: a post of a domain the instance blocks with
// reject_media (here a parent domain, silenced) is stored, but its media are not copied.
func TestRejectMediaDomainsAreNotCached(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewStore(t)
	_, j := setup(t, st, &sentLog{ch: make(chan string, 8)}, 1)
	c := &cacheLog{ids: make(chan string, 8)}
	j.UseMedia(c)
	if err := st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "remote.test", Severity: store.SeveritySilence,
		RejectMedia: true}); err != nil {
		t.Fatal(err)
	}
	author := "https://media.remote.test/users/carol"
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: author, Nickname: "carol", Domain: "media.remote.test",
		Inbox: author + "/inbox"}); err != nil {
		t.Fatal(err)
	}
	id := "https://media.remote.test/notes/pic"
	note := map[string]any{"id": id, "type": "Note", "attributedTo": author, "content": "x",
		"to":         []any{"https://www.w3.org/ns/activitystreams#Public"},
		"attachment": []any{map[string]any{"type": "Document", "url": "https://media.remote.test/a.png"}}}
	raw, _ := json.Marshal(map[string]any{"id": id + "/activity", "type": "Create", "actor": author, "to": note["to"], "object": note})
	if err := j.EnqueueIngest(ctx, raw, ""); err != nil {
		t.Fatal(err)
	}
	if err := j.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer j.Stop(context.Background())
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := st.ObjectByAPID(ctx, id); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the post was not ingested")
		}
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case got := <-c.ids:
		t.Fatalf("the media of a reject_media domain were cached: %s", got)
	case <-time.After(time.Second):
	}
}
