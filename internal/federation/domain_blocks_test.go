package federation_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// TestSuspendedDomainIsDroppedAndNotContacted checks that a delivery signed by an actor of a
// suspended domain (subdomains too) is answered 202 and never enqueued, that nothing is
// fetched from or delivered to it, and that a silenced domain still delivers.
func TestSuspendedDomainIsDroppedAndNotContacted(t *testing.T) {
	f := newInboxFixture(t)
	ctx := context.Background()
	f.user("alice")
	p := newPeer(t)
	bob := p.actor("bob")
	body := note(bob, p.srv.URL+"/notes/1", ap.Public)

	if err := f.st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "127.0.0.1", Severity: store.SeveritySilence}); err != nil {
		t.Fatal(err)
	}
	if rec := f.send(p.signedPost(base+"/inbox", "bob", body)); rec.Code != http.StatusAccepted || f.count() != 1 {
		t.Fatalf("silenced: %d, %d enqueued", rec.Code, f.count())
	}

	if err := f.st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "127.0.0.1", Severity: store.SeveritySuspend}); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	gets := len(p.gets)
	p.mu.Unlock()
	for _, path := range []string{"/inbox", "/users/alice/inbox", "/actor/inbox"} {
		if rec := f.send(p.signedPost(base+path, "bob", body)); rec.Code != http.StatusAccepted {
			t.Fatalf("suspended, %s: %d %s", path, rec.Code, rec.Body.String())
		}
	}
	if f.count() != 1 {
		t.Fatalf("%d deliveries enqueued from a suspended domain", f.count())
	}
	if _, err := f.fed.FetchDocument(ctx, p.srv.URL+"/notes/1"); err == nil {
		t.Fatal("fetched from a suspended domain")
	}
	if _, err := f.fed.FetchActor(ctx, p.actor("carol")); err == nil {
		t.Fatal("fetched an actor of a suspended domain")
	}
	p.mu.Lock()
	if len(p.gets) != gets {
		t.Fatalf("the suspended peer was contacted: %v", p.gets)
	}
	p.mu.Unlock()
	obj := &store.Object{APID: base + "/objects/x", Type: "Create", Actor: base + "/users/alice", Data: []byte(`{}`)}
	if err := f.fed.Post(ctx, obj, p.srv.URL+"/inbox"); err == nil {
		t.Fatal("delivered to a suspended domain")
	}
	p.mu.Lock()
	if len(p.inbox) != 0 {
		t.Fatalf("the suspended peer received %d deliveries", len(p.inbox))
	}
	p.mu.Unlock()
	var perm interface{ Permanent() bool }
	if err := f.fed.Post(ctx, obj, p.srv.URL+"/inbox"); !errors.As(err, &perm) || !perm.Permanent() {
		t.Fatalf("delivery to a suspended domain is retried: %v", err)
	}

	// A suspended account of a domain in good standing: dropped as well.
	if _, err := f.st.UnblockInstanceDomain(ctx, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	signer, err := f.st.UserByAPID(ctx, bob)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := f.st.SetSuspended(ctx, signer.ID, &now); err != nil {
		t.Fatal(err)
	}
	if rec := f.send(p.signedPost(base+"/inbox", "bob", body)); rec.Code != http.StatusAccepted || f.count() != 1 {
		t.Fatalf("suspended account: %d, %d enqueued", rec.Code, f.count())
	}
	if err := f.st.SetSuspended(ctx, signer.ID, nil); err != nil {
		t.Fatal(err)
	}
	if rec := f.send(p.signedPost(base+"/inbox", "bob", body)); rec.Code != http.StatusAccepted || f.count() != 2 {
		t.Fatalf("after the suspension: %d, %d enqueued", rec.Code, f.count())
	}
}
