package federation_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

type deliveries struct {
	mu  sync.Mutex
	ids []*store.Object
}

func (d *deliveries) Deliver(_ context.Context, _ *sql.Tx, o *store.Object) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ids = append(d.ids, o)
	return nil
}

// TestDeleteLocalAccount deletes a local account that has posts, local and remote followers,
// follows, and a remote like: everything it left goes, the Delete of the actor is delivered
// to every inbox we know, signed with the account's key, and the account answers 410 Gone.
func TestDeleteLocalAccount(t *testing.T) {
	f := newInboxFixture(t)
	ctx := context.Background()
	sent := &deliveries{}
	f.fed.Pipeline.Deliver = sent
	alice := f.user("alice")
	carol := f.user("carol")
	peer, other := newPeer(t), newPeer(t)
	bob, dave := peer.actor("bob"), other.actor("dave")
	for _, id := range []string{bob, dave} {
		if _, err := f.fed.Actor(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []store.Relationship{{Type: store.RelFollow, Actor: bob, Object: alice.APID},
		{Type: store.RelFollow, Actor: carol.APID, Object: alice.APID}, {Type: store.RelFollow, Actor: alice.APID, Object: carol.APID}} {
		if _, err := f.st.PutRelationship(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	noteID := f.fed.Pipeline.NewObjectID()
	post := map[string]any{"id": noteID, "type": "Note", "attributedTo": alice.APID, "content": "hi", "to": []any{ap.Public}}
	if _, err := f.fed.Pipeline.Ingest(ctx, ap.Object{"id": noteID + "/activity", "type": "Create", "actor": alice.APID,
		"object": post, "to": []any{ap.Public}}, activity.Origin{Source: activity.Local}); err != nil {
		t.Fatal(err)
	}
	like := peer.srv.URL + "/likes/1"
	if _, err := f.fed.Pipeline.Ingest(ctx, ap.Object{"id": like, "type": "Like", "actor": bob, "object": noteID},
		activity.Origin{Source: activity.Inbox}); err != nil {
		t.Fatal(err)
	}
	key := alice.PublicKey

	row, err := f.fed.DeleteLocalAccount(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if row == nil || row.Type != "Delete" || row.Actor != alice.APID || row.Object != alice.APID || !row.Local {
		t.Fatalf("Delete row %+v", row)
	}
	if len(sent.ids) < 1 || sent.ids[len(sent.ids)-1].APID != row.APID {
		t.Fatal("the Delete was not enqueued for delivery")
	}

	// Everything alice left is gone; carol's account is untouched.
	for _, id := range []string{noteID, noteID + "/activity", like} {
		if _, err := f.st.ObjectByAPID(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s still stored: %v", id, err)
		}
	}
	for _, r := range [][2]string{{bob, alice.APID}, {carol.APID, alice.APID}, {alice.APID, carol.APID}} {
		if ok, _ := f.st.HasRelationship(ctx, store.RelFollow, r[0], r[1]); ok {
			t.Errorf("follow %s → %s left", r[0], r[1])
		}
	}
	left, err := f.st.UserByAPID(ctx, alice.APID)
	if err != nil {
		t.Fatalf("the tombstoned users row: %v", err)
	}
	if left.PasswordHash != "" || left.PrivateKey == "" || left.Nickname != "alice" {
		t.Errorf("tombstone: password %q, key kept %v, nick %q", left.PasswordHash, left.PrivateKey != "", left.Nickname)
	}
	if _, err := auth.CheckLogin(ctx, f.st, "alice", "password123"); err == nil {
		t.Error("the deleted account can still log in")
	}
	if _, err := auth.CreateLocal(ctx, f.st, base, auth.NewUser{Nickname: "alice", Password: "password123"}); !errors.Is(err, store.ErrTaken) {
		t.Errorf("the nickname of a deleted account was given out again: %v", err)
	}

	// The Delete goes to every inbox we know (shared inboxes), signed by alice.
	inboxes, err := f.fed.Inboxes(ctx, row)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(inboxes)
	want := []string{peer.srv.URL + "/inbox", other.srv.URL + "/inbox"}
	slices.Sort(want)
	if !slices.Equal(inboxes, want) {
		t.Fatalf("inboxes %v, want %v", inboxes, want)
	}
	if err := f.fed.Post(ctx, row, peer.srv.URL+"/inbox"); err != nil {
		t.Fatal(err)
	}
	peer.mu.Lock()
	req, body := peer.posts[len(peer.posts)-1], peer.inbox[len(peer.inbox)-1]
	peer.mu.Unlock()
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil || got["type"] != "Delete" || got["actor"] != alice.APID || got["object"] != alice.APID {
		t.Fatalf("delivered %s (%v)", body, err)
	}
	parsed, err := httpsig.Parse(req)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := httpsig.ParsePublicKeyPEM(key)
	if parsed.KeyID != alice.APID+"#main-key" || httpsig.Verify(req, body, parsed, pub, httpsig.Options{Skew: time.Minute}) != nil {
		t.Fatalf("delivery not signed by alice (key id %s)", parsed.KeyID)
	}

	// The actor, its WebFinger and its inbox answer 410 Gone.
	rec := f.get("/users/alice", "application/activity+json")
	if rec.Code != http.StatusGone {
		t.Fatalf("actor: %d", rec.Code)
	}
	if m := decode(t, rec); m["type"] != "Tombstone" || m["id"] != alice.APID || m["formerType"] != "Person" {
		t.Fatalf("actor tombstone %v", m)
	}
	if rec := f.get("/.well-known/webfinger?resource=acct:alice@127.0.0.1:4721", ""); rec.Code != http.StatusGone {
		t.Fatalf("webfinger: %d", rec.Code)
	}
	if rec := f.send(peer.signedPost(base+"/users/alice/inbox", "bob", note(bob, peer.srv.URL+"/n/9", ap.Public))); rec.Code != http.StatusGone {
		t.Fatalf("inbox: %d", rec.Code)
	}
	if rec := f.get("/users/carol", "application/activity+json"); rec.Code != http.StatusOK {
		t.Fatalf("another account: %d", rec.Code)
	}

	// Deleting again sends nothing more.
	n := len(sent.ids)
	if again, err := f.fed.DeleteLocalAccount(ctx, left); err != nil || again != nil || len(sent.ids) != n {
		t.Fatalf("second deletion: %v, %v, %d deliveries", again, err, len(sent.ids)-n)
	}
}
