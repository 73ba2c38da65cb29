package mastodon_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// fakeFederation gives the API an instance actor, as federation.Service does.
type fakeFederation struct{ st *store.Store }

func (f fakeFederation) ResolveHandle(context.Context, string, string) (*store.User, error) {
	return nil, store.ErrNotFound
}
func (f fakeFederation) Resolve(context.Context, string, int) error { return store.ErrNotFound }
func (f fakeFederation) EnsureInstanceActor(ctx context.Context) (*store.User, error) {
	if u, err := f.st.LocalUser(ctx, "instance.actor"); err == nil {
		return u, nil
	}
	u := &store.User{APID: base + "/actor", Nickname: "instance.actor", Local: true, ActorType: "Application"}
	return u, f.st.CreateUser(ctx, u)
}

func TestReports(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	a.svc.Remote = fakeFederation{a.st}
	alice, bob := a.user("alice"), a.user("bob")
	admin, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: "root", Password: "password123", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	eve := &store.User{APID: "https://remote.test/users/eve", Nickname: "eve", Domain: "remote.test", Inbox: "https://remote.test/users/eve/inbox"}
	if err := a.st.CreateUser(a.ctx, eve); err != nil {
		t.Fatal(err)
	}
	eveNote := &store.Object{APID: "https://remote.test/notes/1", Type: "Note", Actor: eve.APID, Visibility: "public",
		Published: time.Now(), Data: json.RawMessage(`{"id":"https://remote.test/notes/1","type":"Note","attributedTo":"https://remote.test/users/eve","content":"spam","to":["https://www.w3.org/ns/activitystreams#Public"]}`)}
	if _, err := a.st.InsertObject(a.ctx, eveNote); err != nil {
		t.Fatal(err)
	}
	eveNote, _ = a.st.ObjectByAPID(a.ctx, eveNote.APID)
	bobPost := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "rude"}).obj()
	bobDM := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "@root private", "visibility": "direct"}).obj()

	// Bad input.
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{}), 422)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": "nope"}), 404)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "category": "boring"}), 422)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "comment": strings.Repeat("x", 1001)}), 422)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "rule_ids": []string{"1"}}), 422)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": alice.ID}), 422)
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "status_ids": []string{eveNote.ID}}), 422)
	// A status alice cannot see is unknown to her.
	wantError(t, a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "status_ids": []string{bobDM["id"].(string)}}), 404)
	wantError(t, a.do("POST", "/api/v1/reports", "", map[string]any{"account_id": bob.ID}), 401)
	wantError(t, a.do("POST", "/api/v1/reports", a.token(alice, "read"), map[string]any{"account_id": bob.ID}), 403)

	// A local report: the admin is notified once; nothing is forwarded.
	r := a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": bob.ID, "status_ids": []string{bobPost["id"].(string)},
		"comment": "please look", "category": "spam", "forward": true})
	if r.Code != 200 {
		t.Fatalf("report: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "Report", r.Body.Bytes())
	rep := r.obj()
	if rep["category"] != "spam" || rep["comment"] != "please look" || rep["forwarded"] != false || rep["action_taken"] != false ||
		rep["target_account"].(map[string]any)["id"] != bob.ID || rep["status_ids"].([]any)[0] != bobPost["id"] {
		t.Fatalf("report %v", rep)
	}
	reports := func() (out []*store.Notification) {
		ns, err := a.st.NotificationsPage(a.ctx, store.NotificationFilter{UserID: admin.ID, Types: []string{"admin.report"}, Page: store.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	if ns := reports(); len(ns) != 1 || ns[0].Actor != alice.APID {
		t.Fatalf("admin notifications %+v", ns)
	}

	// A remote report with forward: the reporter's Flag, and one from the instance actor
	// addressed to eve (which delivery takes to her server); the admin is told once more.
	r = a.do("POST", "/api/v1/reports", at, map[string]any{"account_id": eve.ID, "status_ids": []string{eveNote.ID}, "forward": "true"})
	if r.Code != 200 || r.obj()["forwarded"] != true {
		t.Fatalf("forwarded report: %d %s", r.Code, r.Body.String())
	}
	flags, err := a.st.ObjectsByTypeAndTarget(a.ctx, "Flag", eve.APID)
	if err != nil {
		t.Fatal(err)
	}
	var fromInstance int
	for _, f := range flags {
		if f.Actor == base+"/actor" {
			fromInstance++
			var doc map[string]any
			json.Unmarshal(f.Data, &doc)
			if strings.Contains(string(f.Data), alice.APID) || !strings.Contains(string(f.Data), eveNote.APID) ||
				doc["to"].([]any)[0] != eve.APID {
				t.Fatalf("forwarded flag %s", f.Data)
			}
		}
	}
	if fromInstance != 1 {
		t.Fatalf("%d flags from the instance actor among %d", fromInstance, len(flags))
	}
	if ns := reports(); len(ns) != 2 {
		t.Fatalf("admin notifications after the forward: %d", len(ns))
	}
}
