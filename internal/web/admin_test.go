package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/web"
)

// fakeRelays stands for the federation service: it stores the subscriptions as it would,
// without the network (internal/federation/relays_test.go covers the Follow and the Accept).
type fakeRelays struct {
	st      *store.Store
	removed []string
}

func (f *fakeRelays) ResolveHandle(ctx context.Context, nick, domain string) (*store.User, error) {
	return nil, store.ErrNotFound
}

func (f *fakeRelays) SubscribeRelay(ctx context.Context, actorURL string) (*store.Relay, error) {
	r := &store.Relay{APID: actorURL, Inbox: actorURL + "/inbox"}
	return r, f.st.AddRelay(ctx, r)
}

func (f *fakeRelays) UnsubscribeRelay(ctx context.Context, r *store.Relay) error {
	f.removed = append(f.removed, r.APID)
	_, err := f.st.DeleteRelay(ctx, r.APID)
	return err
}

// TestAdminModeration drives every action of the admin page: only admins (404 for others),
// only with the CSRF token (403), and each with its effect.
func TestAdminModeration(t *testing.T) {
	relays := &fakeRelays{}
	s := newSiteWith(t, func(o *web.Options) {
		relays.st = o.Store
		o.Remote = relays
	})
	root, bob := s.user("root"), s.user("bob")
	root.Admin = true
	if err := s.st.UpdateUser(s.ctx, root); err != nil {
		t.Fatal(err)
	}
	rootB, bobB := s.browser(), s.browser()
	rootB.login("root")
	bobB.login("bob")

	routes := map[string]url.Values{
		"/admin/registrations":                  {"registrations": {"open"}},
		"/admin/relays":                         {"url": {"https://relay.test/actor"}},
		"/admin/relays/01NOPE/delete":           nil,
		"/admin/domain_blocks":                  {"domain": {"spam.test"}, "severity": {"suspend"}},
		"/admin/domain_blocks/delete":           {"domain": {"spam.test"}},
		"/admin/reports/01NOPE/resolve":         nil,
		"/admin/users/" + bob.ID + "/suspend":   nil,
		"/admin/users/" + bob.ID + "/unsuspend": nil,
		"/admin/accounts/suspend":               {"account": {"bob"}},
	}
	t.Run("only admins, only with the token", func(t *testing.T) {
		wantStatus(t, bobB.get("/admin"), http.StatusNotFound)
		wantStatus(t, s.browser().get("/admin"), http.StatusNotFound)
		for path, form := range routes {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			wantStatus(t, bobB.post(path, f), http.StatusNotFound)
			wantStatus(t, rootB.do("POST", path, f, nil), http.StatusForbidden)
		}
		if u, _ := s.st.UserByID(s.ctx, bob.ID); u.SuspendedAt != nil {
			t.Fatal("a refused request suspended bob")
		}
		if blocks, _ := s.st.InstanceDomainBlocks(s.ctx); len(blocks) != 0 {
			t.Fatal("a refused request blocked a domain")
		}
		page := rootB.get("/admin")
		wantStatus(t, page, http.StatusOK)
		for _, want := range []string{`aria-labelledby="admin-reports"`, `for="admin-block-domain"`, `for="admin-relay-url"`,
			`name="registrations" value="open"`, "Suspend @bob"} {
			if !strings.Contains(page.body, want) {
				t.Fatalf("admin page lacks %q", want)
			}
		}
	})

	t.Run("registrations", func(t *testing.T) {
		visitor := s.browser()
		wantStatus(t, visitor.get("/signup"), http.StatusForbidden) // EGREGOROS_REGISTRATIONS_OPEN is false
		wantStatus(t, rootB.post("/admin/registrations", url.Values{"registrations": {"open"}}), http.StatusSeeOther)
		wantStatus(t, visitor.get("/signup"), http.StatusOK)
		if !strings.Contains(visitor.get("/login").body, `href="/signup"`) {
			t.Fatal("the login page does not offer sign-up")
		}
		wantStatus(t, rootB.post("/admin/registrations", url.Values{"registrations": {"maybe"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/registrations", url.Values{"registrations": {"closed"}}), http.StatusSeeOther)
		wantStatus(t, visitor.get("/signup"), http.StatusForbidden)
	})

	t.Run("domain blocks", func(t *testing.T) {
		wantStatus(t, rootB.post("/admin/domain_blocks", url.Values{"domain": {"Spam.Test"}, "severity": {"silence"},
			"reject_media": {"true"}, "public_comment": {"bulk spam"}}), http.StatusSeeOther)
		blocks, err := s.st.InstanceDomainBlocks(s.ctx)
		if err != nil || len(blocks) != 1 || blocks[0].Domain != "spam.test" || blocks[0].Severity != "silence" ||
			!blocks[0].RejectMedia || blocks[0].PublicComment != "bulk spam" {
			t.Fatalf("blocks: %+v %v", blocks, err)
		}
		if page := rootB.get("/admin").body; !strings.Contains(page, "spam.test") || !strings.Contains(page, "Silenced") {
			t.Fatal("the block is not listed")
		}
		wantStatus(t, rootB.post("/admin/domain_blocks", url.Values{"domain": {"x.test"}, "severity": {"ban"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/domain_blocks", url.Values{"domain": {"not a domain"}, "severity": {"silence"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/domain_blocks/delete", url.Values{"domain": {"spam.test"}}), http.StatusSeeOther)
		if blocks, _ := s.st.InstanceDomainBlocks(s.ctx); len(blocks) != 0 {
			t.Fatalf("after unblock: %+v", blocks)
		}
		wantStatus(t, rootB.post("/admin/domain_blocks/delete", url.Values{"domain": {"spam.test"}}), http.StatusNotFound)
	})

	t.Run("relays", func(t *testing.T) {
		wantStatus(t, rootB.post("/admin/relays", url.Values{"url": {"relay.test"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/relays", url.Values{"url": {"https://relay.test/actor"}}), http.StatusSeeOther)
		r, err := s.st.RelayByAPID(s.ctx, "https://relay.test/actor")
		if err != nil || r.State != store.RelayPending {
			t.Fatalf("relay: %+v %v", r, err)
		}
		if page := rootB.get("/admin").body; !strings.Contains(page, "https://relay.test/actor") || !strings.Contains(page, "Waiting for the relay") {
			t.Fatal("the relay is not listed")
		}
		wantStatus(t, rootB.post("/admin/relays", url.Values{"url": {"https://relay.test/actor"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/relays/"+r.ID+"/delete", nil), http.StatusSeeOther)
		if len(relays.removed) != 1 {
			t.Fatalf("unsubscribed %v", relays.removed)
		}
		wantStatus(t, rootB.post("/admin/relays/"+r.ID+"/delete", nil), http.StatusNotFound)
	})

	t.Run("reports", func(t *testing.T) {
		spammer := s.remoteUser("spammer", "spam.test")
		note := s.remoteNote(spammer, "https://spam.test/notes/1", "<p>buy now</p>")
		flag := ap.Object{"id": s.p.NewObjectID(), "type": "Flag", "actor": bob.APID, "object": []any{spammer.APID, note.APID},
			"content": "this is spam"}
		row, err := s.p.Ingest(s.ctx, flag, activity.Origin{Source: activity.Local})
		if err != nil {
			t.Fatal(err)
		}
		page := rootB.get("/admin").body
		for _, want := range []string{"this is spam", "@bob", "@spammer@spam.test", "buy now", "Resolve report"} {
			if !strings.Contains(page, want) {
				t.Fatalf("the report lacks %q", want)
			}
		}
		wantStatus(t, rootB.post("/admin/reports/"+row.ID+"/resolve", nil), http.StatusSeeOther)
		if page := rootB.get("/admin").body; strings.Contains(page, "this is spam") {
			t.Fatal("a resolved report is still listed as open")
		}
		if page := rootB.get("/admin?reports=resolved").body; !strings.Contains(page, "this is spam") || !strings.Contains(page, "Reopen report") {
			t.Fatal("the resolved report is not listed")
		}
		wantStatus(t, rootB.post("/admin/reports/"+row.ID+"/reopen", nil), http.StatusSeeOther)
		if page := rootB.get("/admin").body; !strings.Contains(page, "this is spam") {
			t.Fatal("the reopened report is not listed")
		}
		wantStatus(t, rootB.post("/admin/reports/"+note.ID+"/resolve", nil), http.StatusNotFound) // not a Flag
		wantStatus(t, rootB.post("/admin/reports/"+row.ID+"/delete", nil), http.StatusNotFound)

		// Suspending the reported remote account hides its post.
		wantStatus(t, rootB.post("/admin/users/"+spammer.ID+"/suspend", nil), http.StatusSeeOther)
		if page := rootB.get("/admin").body; !strings.Contains(page, "Lift suspension of @spammer@spam.test") {
			t.Fatal("the suspended remote account is not listed")
		}
		wantStatus(t, bobB.get("/@spammer@spam.test/"+note.ID), http.StatusNotFound)
	})

	t.Run("suspensions", func(t *testing.T) {
		post := bobB.compose("bob was here", "public")
		path := s.threadPath("bob", post)
		wantStatus(t, s.browser().get(path), http.StatusOK)
		wantStatus(t, rootB.post("/admin/users/"+root.ID+"/suspend", nil), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.post("/admin/users/"+bob.ID+"/suspend", nil), http.StatusSeeOther)
		if u, _ := s.st.UserByID(s.ctx, bob.ID); u.SuspendedAt == nil {
			t.Fatal("bob is not suspended")
		}
		if bobB.get("/settings/profile").StatusCode == http.StatusOK {
			t.Fatal("bob's session still works")
		}
		if r := s.browser().post("/login", url.Values{"username": {"bob"}, "password": {password}}); r.StatusCode == http.StatusSeeOther {
			t.Fatal("a suspended account signed in")
		}
		wantStatus(t, s.browser().get(path), http.StatusNotFound)
		wantStatus(t, rootB.get(path), http.StatusNotFound)
		if page := rootB.get("/admin").body; !strings.Contains(page, "Lift suspension of @bob") {
			t.Fatal("the suspension is not shown")
		}
		wantStatus(t, rootB.post("/admin/users/"+bob.ID+"/unsuspend", nil), http.StatusSeeOther)
		wantStatus(t, s.browser().get(path), http.StatusOK)
		bobB.login("bob")
		wantStatus(t, rootB.post("/admin/accounts/suspend", url.Values{"account": {"@bob"}}), http.StatusSeeOther)
		if u, _ := s.st.UserByID(s.ctx, bob.ID); u.SuspendedAt == nil {
			t.Fatal("bob is not suspended by handle")
		}
		wantStatus(t, rootB.post("/admin/accounts/suspend", url.Values{"account": {"nobody@nowhere.test"}}), http.StatusUnprocessableEntity)
	})
}
