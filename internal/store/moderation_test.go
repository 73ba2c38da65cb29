package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestRegistrationsSettingOverridesTheDefault(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	for _, def := range []bool{true, false} {
		if open, err := st.RegistrationsOpen(ctx, def); err != nil || open != def {
			t.Fatalf("unset, default %t: %t %v", def, open, err)
		}
	}
	for _, set := range []bool{false, true, false} {
		if err := st.SetRegistrationsOpen(ctx, set); err != nil {
			t.Fatal(err)
		}
		for _, def := range []bool{true, false} {
			if open, err := st.RegistrationsOpen(ctx, def); err != nil || open != set {
				t.Fatalf("set %t, default %t: %t %v", set, def, open, err)
			}
		}
	}
}

func TestRelaySubscriptions(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	const relay = "https://relay.test/actor"
	r := &store.Relay{APID: relay, Inbox: "https://relay.test/inbox"}
	if err := st.AddRelay(ctx, r); err != nil || r.State != store.RelayPending || r.ID == "" {
		t.Fatalf("add: %+v %v", r, err)
	}
	if err := st.AddRelay(ctx, &store.Relay{APID: relay}); !errors.Is(err, store.ErrTaken) {
		t.Fatalf("twice: %v", err)
	}
	if ok, err := st.AcceptedRelay(ctx, relay); ok || err != nil {
		t.Fatalf("pending counts as accepted: %t %v", ok, err)
	}
	if err := st.SetRelayFollow(ctx, relay, "http://localhost/objects/f"); err != nil {
		t.Fatal(err)
	}
	if found, err := st.SetRelayState(ctx, relay, store.RelayAccepted); !found || err != nil {
		t.Fatalf("accept: %t %v", found, err)
	}
	if ok, err := st.AcceptedRelay(ctx, relay); !ok || err != nil {
		t.Fatalf("accepted: %t %v", ok, err)
	}
	got, err := st.RelayByID(ctx, r.ID)
	if err != nil || got.APID != relay || got.State != store.RelayAccepted || got.FollowAPID != "http://localhost/objects/f" {
		t.Fatalf("by id: %+v %v", got, err)
	}
	if list, err := st.Relays(ctx); err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	if found, err := st.DeleteRelay(ctx, relay); !found || err != nil {
		t.Fatalf("delete: %t %v", found, err)
	}
	if _, err := st.RelayByAPID(ctx, relay); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestInstanceDomainBlocksCoverSubdomains(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	for in, want := range map[string]string{"Example.COM": "example.com", "https://bad.test/about": "bad.test",
		"bad.test.": "bad.test", "*.bad.test": "bad.test", "host.test:8443": "host.test"} {
		if got, err := store.NormalizeDomain(in); err != nil || got != want {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "a b", "bad..test", "ünï.test"} {
		if _, err := store.NormalizeDomain(bad); !errors.Is(err, store.ErrBadDomain) {
			t.Errorf("NormalizeDomain(%q): %v", bad, err)
		}
	}
	if err := st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "Spam.Test", Severity: store.SeveritySilence,
		PublicComment: "spam"}); err != nil {
		t.Fatal(err)
	}
	if err := st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "evil.test", Severity: "ban"}); err == nil {
		t.Fatal("a bad severity was stored")
	}
	if err := st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "spam.test", Severity: store.SeveritySuspend,
		RejectMedia: true}); err != nil { // changes the block
		t.Fatal(err)
	}
	list, err := st.InstanceDomainBlocks(ctx)
	if err != nil || len(list) != 1 || list[0].Domain != "spam.test" || list[0].Severity != store.SeveritySuspend ||
		!list[0].RejectMedia || list[0].PublicComment != "" {
		t.Fatalf("list: %+v %v", list, err)
	}
	// sha256("spam.test")
	if d := list[0].Digest(); d != sha256Hex("spam.test") || len(d) != 64 {
		t.Fatalf("digest %q", d)
	}
	for host, want := range map[string]bool{"spam.test": true, "a.b.spam.test": true, "spam.test:8443": true,
		"notspam.test": false, "spam.test.example": false, "other.test": false} {
		if got, err := st.DomainSuspended(ctx, host); err != nil || got != want {
			t.Errorf("DomainSuspended(%q) = %t %v, want %t", host, got, err, want)
		}
	}
	if found, err := st.UnblockInstanceDomain(ctx, "SPAM.test"); !found || err != nil {
		t.Fatalf("unblock: %t %v", found, err)
	}
	if got, _ := st.DomainSuspended(ctx, "a.spam.test"); got {
		t.Fatal("still suspended")
	}
}

// TestModerationHidesFromTimelines checks that a suspended account's posts and boosts of them
// leave every timeline, and that posts from (sub)domains the instance blocks leave the public
// timelines only.
func TestModerationHidesFromTimelines(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	users := map[string]*store.User{}
	for nick, domain := range map[string]string{"alice": "", "mallory": "", "bob": "a.silenced.test:8443", "carol": "fine.test"} {
		u := &store.User{APID: "https://" + domain + "/users/" + nick, Nickname: nick, Domain: domain, Local: domain == ""}
		if u.Local {
			u.APID = "http://localhost:4000/users/" + nick
		}
		if u.Local {
			if err := st.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		} else if err := st.UpsertRemoteUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users[nick] = u
	}
	post := func(actor, id, typ, object string) {
		t.Helper()
		o := &store.Object{APID: id, Type: typ, Actor: actor, Object: object, Data: []byte(`{}`), Visibility: ap.VisibilityPublic}
		if _, err := st.InsertObject(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	post(users["alice"].APID, "http://localhost:4000/objects/a", "Note", "")
	post(users["mallory"].APID, "http://localhost:4000/objects/m", "Note", "")
	post(users["bob"].APID, "https://a.silenced.test:8443/notes/b", "Note", "")
	post(users["carol"].APID, "https://fine.test/notes/c", "Note", "")
	post(users["alice"].APID, "http://localhost:4000/objects/boost", "Announce", "http://localhost:4000/objects/m")
	timeline := func(public bool) []string {
		t.Helper()
		m, err := st.Moderation(ctx, public)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.Timeline(ctx, store.Timeline{Public: public, Actor: map[bool]string{false: users["alice"].APID}[public],
			Hiding: store.Hiding{Moderation: m}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, o := range rows {
			ids = append(ids, o.APID)
		}
		return ids
	}
	if got := timeline(true); len(got) != 4 {
		t.Fatalf("public before: %v", got)
	}
	if got := timeline(false); len(got) != 2 {
		t.Fatalf("alice's before: %v", got)
	}
	now := time.Now()
	if err := st.SetSuspended(ctx, users["mallory"].ID, &now); err != nil {
		t.Fatal(err)
	}
	if err := st.BlockInstanceDomain(ctx, &store.InstanceDomainBlock{Domain: "silenced.test", Severity: store.SeveritySilence}); err != nil {
		t.Fatal(err)
	}
	if got := timeline(true); len(got) != 2 || got[0] != "https://fine.test/notes/c" || got[1] != "http://localhost:4000/objects/a" {
		t.Fatalf("public after: %v", got)
	}
	if got := timeline(false); len(got) != 1 || got[0] != "http://localhost:4000/objects/a" {
		t.Fatalf("alice's after (the boost of mallory's post is hidden): %v", got)
	}
	if ok, err := st.Suspended(ctx, users["mallory"].APID); !ok || err != nil {
		t.Fatalf("Suspended: %t %v", ok, err)
	}
	if u, err := st.UserByID(ctx, users["mallory"].ID); err != nil || u.SuspendedAt == nil {
		t.Fatalf("user: %+v %v", u, err)
	}
	if err := st.SetSuspended(ctx, users["mallory"].ID, nil); err != nil {
		t.Fatal(err)
	}
	if got := timeline(false); len(got) != 2 {
		t.Fatalf("alice's after the suspension is lifted: %v", got)
	}
}

func TestSuspendedUsersHaveNoSession(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	u := &store.User{APID: "http://localhost:4000/users/sam", Nickname: "sam", Local: true}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if err := st.CreateSession(ctx, &store.Session{ID: store.Digest("t"), UserID: u.ID, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, store.Digest("t"), now); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSuspended(ctx, u.ID, &now); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, store.Digest("t"), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("suspended: %v", err)
	}
	// A refetch of a remote actor does not lift its suspension.
	r := &store.User{APID: "https://r.test/users/x", Nickname: "x", Domain: "r.test"}
	if err := st.UpsertRemoteUser(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSuspended(ctx, r.ID, &now); err != nil {
		t.Fatal(err)
	}
	again := &store.User{APID: "https://r.test/users/x", Nickname: "x", Domain: "r.test", Name: "X"}
	if err := st.UpsertRemoteUser(ctx, again); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.UserByAPID(ctx, r.APID); got.SuspendedAt == nil || got.Name != "X" {
		t.Fatalf("after refetch: %+v", got)
	}
	if list, err := st.SuspendedRemoteUsers(ctx, 10); err != nil || len(list) != 1 || list[0].APID != r.APID {
		t.Fatalf("suspended remote users: %v %v", list, err)
	}
}

func TestReportsResolveAndReopen(t *testing.T) {
	t.Parallel()
	st := testutil.NewStore(t)
	ctx := context.Background()
	flag := &store.Object{APID: "https://r.test/flags/1", Type: "Flag", Actor: "https://r.test/actor",
		Data: []byte(`{"id":"https://r.test/flags/1","type":"Flag","actor":"https://r.test/actor","content":"spam!",
			"object":["http://localhost:4000/users/alice","http://localhost:4000/objects/1"]}`)}
	if _, err := st.InsertObject(ctx, flag); err != nil {
		t.Fatal(err)
	}
	open, err := st.Reports(ctx, false, 10)
	if err != nil || len(open) != 1 || open[0].Comment != "spam!" || len(open[0].Objects) != 2 || open[0].ResolvedAt != nil {
		t.Fatalf("open: %+v %v", open, err)
	}
	if err := st.SetReportResolved(ctx, flag.APID, "http://localhost:4000/users/admin", true); err != nil {
		t.Fatal(err)
	}
	if open, _ := st.Reports(ctx, false, 10); len(open) != 0 {
		t.Fatalf("still open: %+v", open)
	}
	done, err := st.Reports(ctx, true, 10)
	if err != nil || len(done) != 1 || done[0].ResolvedAt == nil || done[0].ResolvedBy != "http://localhost:4000/users/admin" {
		t.Fatalf("resolved: %+v %v", done, err)
	}
	if err := st.SetReportResolved(ctx, flag.APID, "http://localhost:4000/users/admin", false); err != nil {
		t.Fatal(err)
	}
	if open, _ := st.Reports(ctx, false, 10); len(open) != 1 || open[0].ResolvedBy != "" {
		t.Fatalf("reopened: %+v", open)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
