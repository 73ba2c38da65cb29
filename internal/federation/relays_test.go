package federation_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// jobRecorder stands for the jobs package: it records the deliveries and fetches the
// pipeline enqueues.
type jobRecorder struct {
	mu        sync.Mutex
	delivered []*store.Object
	fetched   []string
}

func (j *jobRecorder) Deliver(_ context.Context, _ *sql.Tx, a *store.Object) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.delivered = append(j.delivered, a)
	return nil
}

func (j *jobRecorder) Fetch(_ context.Context, _ *sql.Tx, apID string, _ int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.fetched = append(j.fetched, apID)
	return nil
}

// deliverLast sends the last enqueued local activity to its inboxes, as the deliver job does.
func (f *inboxFixture) deliverLast(jobs *jobRecorder) *store.Object {
	f.t.Helper()
	ctx := context.Background()
	a := jobs.delivered[len(jobs.delivered)-1]
	inboxes, err := f.fed.Inboxes(ctx, a)
	if err != nil || len(inboxes) == 0 {
		f.t.Fatalf("inboxes of %s: %v %v", a.Type, inboxes, err)
	}
	for _, inbox := range inboxes {
		if err := f.fed.Post(ctx, a, inbox); err != nil {
			f.t.Fatal(err)
		}
	}
	return a
}

// receive POSTs an activity signed by nick of peer to path and ingests what was enqueued, as
// the ingest job does.
func (f *inboxFixture) receive(p *peer, nick, path string, doc map[string]any) {
	f.t.Helper()
	body, _ := json.Marshal(doc)
	before := f.count()
	if rec := f.send(p.signedPost(base+path, nick, body)); rec.Code != http.StatusAccepted {
		f.t.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body.String())
	}
	if f.count() != before+1 {
		f.t.Fatal("nothing enqueued")
	}
	q := f.last()
	obj, err := ap.Parse(q.raw)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.fed.Pipeline.Ingest(context.Background(), obj, activity.Origin{Source: activity.Inbox, InboxUser: q.inboxUser}); err != nil {
		f.t.Fatal(err)
	}
}

// TestRelaySubscription follows a fake relay: the instance actor's signed Follow reaches the
// relay's inbox, the relay's Accept (at the instance actor's inbox) makes the subscription
// accepted, a relayed Announce brings the announced post to the federated timeline without
// any boost, an unsubscription sends Undo(Follow), and a Reject removes the subscription.
func TestRelaySubscription(t *testing.T) {
	f := newInboxFixture(t)
	ctx := context.Background()
	jobs := &jobRecorder{}
	f.fed.Pipeline.Deliver, f.fed.Pipeline.Fetch = jobs, jobs
	relayPeer, origin := newPeer(t), newPeer(t)
	relay := relayPeer.actor("relay")
	author := origin.actor("carol")

	r, err := f.fed.SubscribeRelay(ctx, relay)
	if err != nil || r.State != store.RelayPending || r.FollowAPID == "" {
		t.Fatalf("subscribe: %+v %v", r, err)
	}
	if _, err := f.fed.SubscribeRelay(ctx, relay); err == nil {
		t.Fatal("subscribed twice")
	}
	follow := f.deliverLast(jobs)
	relayPeer.mu.Lock()
	got, sig := string(relayPeer.inbox[len(relayPeer.inbox)-1]), relayPeer.posts[len(relayPeer.posts)-1].Header.Get("Signature")
	relayPeer.mu.Unlock()
	if follow.Type != "Follow" || !strings.Contains(got, `"object":"`+relay+`"`) || !strings.Contains(got, `"actor":"`+base+`/actor"`) ||
		!strings.Contains(sig, `keyId="`+base+`/actor#main-key"`) {
		t.Fatalf("delivered %s, signature %s", got, sig)
	}

	f.receive(relayPeer, "relay", "/actor/inbox", map[string]any{"id": relayPeer.srv.URL + "/accept/1", "type": "Accept",
		"actor": relay, "object": r.FollowAPID})
	if ok, err := f.st.AcceptedRelay(ctx, relay); !ok || err != nil {
		t.Fatalf("after the Accept: %t %v", ok, err)
	}

	noteID := origin.serveDoc("/notes/1", map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": origin.srv.URL + "/notes/1", "type": "Note", "attributedTo": author, "content": "<p>relayed hello</p>",
		"to": []any{ap.Public}, "published": "2026-01-02T03:04:05Z"})
	announceID := relayPeer.srv.URL + "/announce/1"
	f.receive(relayPeer, "relay", "/inbox", map[string]any{"id": announceID, "type": "Announce", "actor": relay,
		"object": noteID, "to": []any{relay + "/followers"}, "cc": []any{ap.Public}})
	if len(jobs.fetched) != 1 || jobs.fetched[0] != noteID {
		t.Fatalf("fetches: %v", jobs.fetched)
	}
	if _, err := f.st.ObjectByAPID(ctx, announceID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the relay's Announce was stored as a boost: %v", err)
	}
	if err := f.fed.Resolve(ctx, noteID, 1); err != nil { // the fetch job
		t.Fatal(err)
	}
	remote := false
	rows, err := f.st.Timeline(ctx, store.Timeline{Public: true, Local: &remote})
	if err != nil || len(rows) != 1 || rows[0].APID != noteID || rows[0].Type != "Note" {
		t.Fatalf("federated timeline: %v %v", rows, err)
	}
	if boosts, _ := f.st.RelationshipActors(ctx, store.RelAnnounce, noteID); len(boosts) != 0 {
		t.Fatalf("boosted by %v", boosts)
	}

	if err := f.fed.UnsubscribeRelay(ctx, r); err != nil {
		t.Fatal(err)
	}
	undo := f.deliverLast(jobs)
	relayPeer.mu.Lock()
	got = string(relayPeer.inbox[len(relayPeer.inbox)-1])
	relayPeer.mu.Unlock()
	if undo.Type != "Undo" || !strings.Contains(got, `"type":"Undo"`) || !strings.Contains(got, r.FollowAPID) {
		t.Fatalf("unsubscribe delivered %s", got)
	}
	if _, err := f.st.RelayByAPID(ctx, relay); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("still subscribed: %v", err)
	}

	// A relay that refuses: the subscription goes away.
	r, err = f.fed.SubscribeRelay(ctx, relay)
	if err != nil {
		t.Fatal(err)
	}
	f.receive(relayPeer, "relay", "/actor/inbox", map[string]any{"id": relayPeer.srv.URL + "/reject/1", "type": "Reject",
		"actor": relay, "object": r.FollowAPID})
	if _, err := f.st.RelayByAPID(ctx, relay); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("rejected but still subscribed: %v", err)
	}
}
