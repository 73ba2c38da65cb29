package mastodon_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// TestRegistrationsToggleIsSeenEverywhere checks that the admin page's choice (stored in
// instance_settings) overrides EGREGOROS_REGISTRATIONS_OPEN at once for both instance
// documents and POST /api/v1/accounts, both ways.
func TestRegistrationsToggleIsSeenEverywhere(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	app := a.appToken("read write follow")
	check := func(step string, want bool) {
		t.Helper()
		v2 := a.do("GET", "/api/v2/instance", "", nil)
		acctSchema(t, "Instance", v2.Body.Bytes())
		if got := v2.obj()["registrations"].(map[string]any)["enabled"]; got != want {
			t.Fatalf("%s: v2 registrations.enabled = %v, want %t", step, got, want)
		}
		if got := a.do("GET", "/api/v1/instance", "", nil).obj()["registrations"]; got != want {
			t.Fatalf("%s: v1 registrations = %v, want %t", step, got, want)
		}
	}
	a.svc.RegistrationsOpen = false // EGREGOROS_REGISTRATIONS_OPEN
	check("default", false)
	wantError(t, a.do("POST", "/api/v1/accounts", app, signup("early")), 403)

	if err := a.st.SetRegistrationsOpen(a.ctx, true); err != nil {
		t.Fatal(err)
	}
	check("opened", true)
	if r := a.do("POST", "/api/v1/accounts", app, signup("welcome")); r.Code != 200 {
		t.Fatalf("sign-up while open: %d %s", r.Code, r.Body.String())
	}

	a.svc.RegistrationsOpen = true
	if err := a.st.SetRegistrationsOpen(a.ctx, false); err != nil {
		t.Fatal(err)
	}
	check("closed over an open default", false)
	wantError(t, a.do("POST", "/api/v1/accounts", app, signup("late")), 403)
}

func TestInstanceDomainBlocksAreListed(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for _, b := range []*store.InstanceDomainBlock{
		{Domain: "spam.test", Severity: store.SeveritySuspend, PublicComment: "spam"},
		{Domain: "loud.test", Severity: store.SeveritySilence},
	} {
		if err := a.st.BlockInstanceDomain(a.ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	r := a.do("GET", "/api/v1/instance/domain_blocks", "", nil)
	acctSchema(t, "[]DomainBlock", r.Body.Bytes())
	var got []struct {
		Domain, Digest, Severity string
		Comment                  *string
	}
	r.json(&got)
	digest := func(s string) string { d := sha256.Sum256([]byte(s)); return hex.EncodeToString(d[:]) }
	if len(got) != 2 || got[0].Domain != "loud.test" || got[0].Severity != "silence" || got[0].Comment != nil ||
		got[0].Digest != digest("loud.test") || got[1].Domain != "spam.test" || got[1].Severity != "suspend" ||
		got[1].Comment == nil || *got[1].Comment != "spam" || got[1].Digest != digest("spam.test") {
		t.Fatalf("domain blocks: %s", r.Body.String())
	}
}

// TestSuspendedAccounts checks that a suspended account's tokens are refused (403) and that
// its posts are hidden from everyone else, on timelines and by id, until it is unsuspended.
func TestSuspendedAccounts(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	mal, viewer := a.user("mal"), a.user("viewer")
	malTok, viewerTok := a.token(mal, "read", "write"), a.token(viewer, "read")
	st := a.do("POST", "/api/v1/statuses", malTok, url.Values{"status": {"buy my stuff"}}).obj()
	id := st["id"].(string)
	public := func() int {
		var list []map[string]any
		a.do("GET", "/api/v1/timelines/public", viewerTok, nil).json(&list)
		return len(list)
	}
	if public() != 1 {
		t.Fatal("the post is not on the public timeline")
	}
	now := time.Now()
	if err := a.st.SetSuspended(a.ctx, mal.ID, &now); err != nil {
		t.Fatal(err)
	}
	wantError(t, a.do("GET", "/api/v1/accounts/verify_credentials", malTok, nil), 403)
	wantError(t, a.do("GET", "/api/v1/statuses/"+id, viewerTok, nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/"+id, "", nil), 404)
	if n := public(); n != 0 {
		t.Fatalf("%d posts of a suspended account on the public timeline", n)
	}
	var list []map[string]any
	a.do("GET", "/api/v1/accounts/"+mal.ID+"/statuses", viewerTok, nil).json(&list)
	if len(list) != 0 {
		t.Fatalf("the suspended account's own timeline shows %d posts", len(list))
	}
	if err := a.st.SetSuspended(a.ctx, mal.ID, nil); err != nil {
		t.Fatal(err)
	}
	if r := a.do("GET", "/api/v1/statuses/"+id, viewerTok, nil); r.Code != 200 || public() != 1 {
		t.Fatalf("after the suspension is lifted: %d, %d on the public timeline", r.Code, public())
	}
	if r := a.do("GET", "/api/v1/accounts/verify_credentials", malTok, nil); r.Code != 200 {
		t.Fatalf("token after the suspension is lifted: %d", r.Code)
	}
}

// TestStreamsFollowModeration: a post from a silenced domain does not reach the public
// stream (one from elsewhere does), and nothing of a suspended account is streamed.
func TestStreamsFollowModeration(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	if err := a.st.BlockInstanceDomain(a.ctx, &store.InstanceDomainBlock{Domain: "loud.test", Severity: store.SeveritySilence}); err != nil {
		t.Fatal(err)
	}
	pub := a.dialStream(t, srv, "", "?stream=public")
	time.Sleep(200 * time.Millisecond) // let the subscription register
	remoteNote := func(domain, n string) string {
		t.Helper()
		author := "https://" + domain + "/users/someone"
		if err := a.st.UpsertRemoteUser(a.ctx, &store.User{APID: author, Nickname: "someone", Domain: domain,
			Inbox: author + "/inbox", FollowersURL: author + "/followers"}); err != nil {
			t.Fatal(err)
		}
		id := "https://" + domain + "/notes/" + n
		note := ap.Object{"id": id, "type": "Note", "attributedTo": author, "content": "hi from " + domain,
			"to": []any{ap.Public}}
		if _, err := a.svc.Pipeline.Ingest(a.ctx, note, activity.Origin{Source: activity.Fetched}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	remoteNote("sub.loud.test", "1")
	if e := pub.next(700 * time.Millisecond); e != nil {
		t.Fatalf("a silenced domain's post was streamed: %v", e)
	}
	remoteNote("quiet.test", "1")
	if e := pub.next(5 * time.Second); e == nil || e["event"] != "update" || !strings.Contains(e["payload"].(string), "hi from quiet.test") {
		t.Fatalf("public stream: %v", e)
	}
	// A boost, by an account the viewer follows, of a suspended account's post is not
	// streamed; a boost of another post is.
	mal := "https://bad.test/users/someone"
	malNote := remoteNote("bad.test", "1")
	quietNote := "https://quiet.test/notes/1"
	if u, err := a.st.UserByAPID(a.ctx, mal); err != nil {
		t.Fatal(err)
	} else if err := a.st.SetSuspended(a.ctx, u.ID, &[]time.Time{time.Now()}[0]); err != nil {
		t.Fatal(err)
	}
	booster := "https://ok.test/users/someone"
	remoteNote("ok.test", "0")
	fan := a.user("fan")
	if _, err := a.st.PutRelationship(a.ctx, &store.Relationship{Type: store.RelFollow, Actor: fan.APID, Object: booster}); err != nil {
		t.Fatal(err)
	}
	home := a.dialStream(t, srv, a.token(fan, "read"), "?stream=user")
	time.Sleep(200 * time.Millisecond)
	boost := func(n, object string) {
		t.Helper()
		ann := ap.Object{"id": "https://ok.test/announces/" + n, "type": "Announce", "actor": booster, "object": object,
			"to": []any{ap.Public}}
		if _, err := a.svc.Pipeline.Ingest(a.ctx, ann, activity.Origin{Source: activity.Inbox}); err != nil {
			t.Fatal(err)
		}
	}
	boost("1", malNote)
	if e := home.next(700 * time.Millisecond); e != nil {
		t.Fatalf("a boost of a suspended account's post was streamed: %v", e)
	}
	boost("2", quietNote)
	if e := home.next(5 * time.Second); e == nil || e["event"] != "update" || !strings.Contains(e["payload"].(string), "hi from quiet.test") {
		t.Fatalf("home stream: %v", e)
	}
}
