package mastodon_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// orgRemoteNote delivers a public note by a remote author mentioning the local user to, and
// returns the status id.
func (a *api) orgRemoteNote(author, to *store.User, n int, text string) string {
	a.t.Helper()
	id := fmt.Sprintf("%s/notes/%d", author.APID, n)
	note := map[string]any{"id": id, "type": "Note", "attributedTo": author.APID, "content": text,
		"to": []any{"https://www.w3.org/ns/activitystreams#Public"}, "cc": []any{to.APID},
		"tag":       []any{map[string]any{"type": "Mention", "href": to.APID}},
		"published": time.Now().UTC().Format(time.RFC3339)}
	create := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": id + "/activity", "type": "Create",
		"actor": author.APID, "to": note["to"], "cc": note["cc"], "object": note}
	if _, err := a.svc.Pipeline.Ingest(a.ctx, create, activity.Origin{Source: activity.Inbox, InboxUser: to.APID}); err != nil {
		a.t.Fatal(err)
	}
	o, err := a.st.ObjectByAPID(a.ctx, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return o.ID
}

// orgRemoteFollow delivers a Follow of the local user by a remote account.
func (a *api) orgRemoteFollow(follower, followed *store.User) {
	a.t.Helper()
	follow := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": follower.APID + "/follows/1",
		"type": "Follow", "actor": follower.APID, "object": followed.APID}
	if _, err := a.svc.Pipeline.Ingest(a.ctx, follow, activity.Origin{Source: activity.Inbox, InboxUser: followed.APID}); err != nil {
		a.t.Fatal(err)
	}
}

func TestDomainBlocks(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	fed := a.acctFederating()
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob := a.user("alice"), a.user("bob")
	carol, dan := a.acctRemote("carol", "remote.example"), a.acctRemote("dan", "elsewhere.example")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	a.orgRemoteFollow(carol, alice)
	note := a.orgRemoteNote(carol, alice, 1, "hello @alice")
	other := a.orgRemoteNote(dan, alice, 1, "hi @alice")

	seen := func(tok, path, id string) bool {
		t.Helper()
		return slices.Contains(acctIDs(t, a.do("GET", path, tok, nil)), id)
	}
	mentioned := func() []string {
		t.Helper()
		var ns []map[string]any
		a.do("GET", "/api/v1/notifications?types[]=mention", at, nil).json(&ns)
		var who []string
		for _, n := range ns {
			who = append(who, n["account"].(map[string]any)["acct"].(string))
		}
		return who
	}
	if !seen(at, "/api/v1/timelines/home", note) || !seen(at, "/api/v1/timelines/public", note) || len(mentioned()) != 2 {
		t.Fatal("carol's note not shown before the block")
	}
	if rel := a.acctRel(at, carol.ID); rel["followed_by"] != true || rel["domain_blocking"] != false {
		t.Fatalf("before %v", rel)
	}

	// Refusals.
	wantError(t, a.do("POST", "/api/v1/domain_blocks", "", url.Values{"domain": {"remote.example"}}), 401)
	wantError(t, a.do("POST", "/api/v1/domain_blocks", a.token(alice, "read"), url.Values{"domain": {"remote.example"}}), 403)
	wantError(t, a.do("GET", "/api/v1/domain_blocks", a.token(alice, "write"), nil), 403)
	for _, bad := range []string{"", "https://remote.example/", "a b", "localhost", "x..y"} {
		wantError(t, a.do("POST", "/api/v1/domain_blocks", at, url.Values{"domain": {bad}}), 422)
	}

	ws := a.dialStream(t, srv, at, "")
	ws.send(map[string]string{"type": "subscribe", "stream": "public"})
	time.Sleep(200 * time.Millisecond)

	acctOK(t, a.do("POST", "/api/v1/domain_blocks", at, url.Values{"domain": {"Remote.Example"}}))
	acctOK(t, a.do("POST", "/api/v1/domain_blocks", at, map[string]any{"domain": "remote.example"})) // twice is once
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public"} {
		if seen(at, path, note) {
			t.Fatalf("%s shows a blocked domain's status", path)
		}
		if !seen(at, path, other) {
			t.Fatalf("%s lost another domain's status", path)
		}
	}
	if got := mentioned(); !slices.Equal(got, []string{"dan@elsewhere.example"}) {
		t.Fatalf("mentions after the block %v", got)
	}
	// Carol no longer follows alice: a Reject of her Follow went out.
	rel := a.acctRel(at, carol.ID)
	if rel["followed_by"] != false || rel["domain_blocking"] != true {
		t.Fatalf("after %v", rel)
	}
	if rejects := fed.ofType("Reject"); len(rejects) != 1 || rejects[0]["to"].([]any)[0] != carol.APID {
		t.Fatalf("rejects %v", rejects)
	}
	// Bob blocks nothing.
	if !seen(bt, "/api/v1/timelines/public", note) {
		t.Fatal("another user's timeline is affected")
	}
	// New statuses and notifications from the domain stay hidden, on the streams too.
	later := a.orgRemoteNote(carol, alice, 2, "again @alice")
	if seen(at, "/api/v1/timelines/public", later) || len(mentioned()) != 1 {
		t.Fatal("a new status of a blocked domain is shown")
	}
	// Not by id either (nor in Web Push deliveries, which render the same way).
	all, err := a.st.NotificationsPage(a.ctx, store.NotificationFilter{UserID: alice.ID, Page: store.Page{Limit: 40}})
	if err != nil {
		t.Fatal(err)
	}
	hiddenOne := ""
	for _, n := range all {
		if n.Actor == carol.APID {
			hiddenOne = n.ID
		}
	}
	if hiddenOne == "" {
		t.Fatal("no stored notification of carol's new mention")
	}
	wantError(t, a.do("GET", "/api/v1/notifications/"+hiddenOne, at, nil), 404)
	var grouped struct {
		Accounts []map[string]any `json:"accounts"`
	}
	// (On the router without the whole-response check: the grouped notifications' own schema
	// is notifications_v2's business.)
	checked := a.h
	a.h = a.h.(specChecked).h
	stOK(t, a.do("GET", "/api/v2/notifications", at, nil)).json(&grouped)
	a.h = checked
	if len(grouped.Accounts) == 0 {
		t.Fatal("no grouped notifications at all")
	}
	for _, acct := range grouped.Accounts {
		if acct["acct"] == "carol@remote.example" {
			t.Fatalf("grouped notifications show the blocked domain: %v", grouped.Accounts)
		}
	}
	a.orgRemoteNote(dan, alice, 2, "me too @alice")
	if e := ws.next(5 * time.Second); e == nil || !slices.Contains([]string{"dan"}, acctOf(e)) {
		t.Fatalf("public stream after the block: %v", e)
	}

	// Listing, with paging.
	acctOK(t, a.do("POST", "/api/v1/domain_blocks", at, url.Values{"domain": {"bücher.example"}}))
	r := a.do("GET", "/api/v1/domain_blocks", at, nil)
	var list []string
	r.json(&list)
	if !slices.Equal(list, []string{"xn--bcher-kva.example", "remote.example"}) {
		t.Fatalf("domain blocks %v", list)
	}
	r = a.do("GET", "/api/v1/domain_blocks?limit=1", at, nil)
	r.json(&list)
	if !slices.Equal(list, []string{"xn--bcher-kva.example"}) {
		t.Fatalf("first page %v", list)
	}
	a.do("GET", acctNextLink(t, r), at, nil).json(&list)
	if !slices.Equal(list, []string{"remote.example"}) {
		t.Fatalf("second page %v", list)
	}
	var bobs []string
	a.do("GET", "/api/v1/domain_blocks", bt, nil).json(&bobs)
	if len(bobs) != 0 {
		t.Fatalf("bob's domain blocks %v", bobs)
	}

	acctOK(t, a.do("DELETE", "/api/v1/domain_blocks", at, url.Values{"domain": {"remote.example"}}))
	if !seen(at, "/api/v1/timelines/public", note) || a.acctRel(at, carol.ID)["domain_blocking"] != false {
		t.Fatal("unblocking did not bring the domain back")
	}
}

// acctOf is the username of the account of a streamed status.
func acctOf(e map[string]any) string {
	var st map[string]any
	if p, ok := e["payload"].(string); ok {
		_ = json.Unmarshal([]byte(p), &st)
	}
	acct, _ := st["account"].(map[string]any)
	name, _ := acct["username"].(string)
	return name
}

func TestDomainBlockOnNotificationStream(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice := a.user("alice")
	carol, dan := a.acctRemote("carol", "remote.example"), a.acctRemote("dan", "elsewhere.example")
	at := a.token(alice, "read", "write", "follow")
	acctOK(t, a.do("POST", "/api/v1/domain_blocks", at, url.Values{"domain": {"remote.example"}}))
	ws := a.dialStream(t, srv, at, "?stream=user:notification")
	time.Sleep(200 * time.Millisecond)
	a.orgRemoteNote(carol, alice, 1, "@alice from a blocked domain")
	a.orgRemoteNote(dan, alice, 1, "@alice from elsewhere")
	e := ws.next(5 * time.Second)
	if e == nil || e["event"] != "notification" {
		t.Fatalf("event %v", e)
	}
	var n map[string]any
	_ = json.Unmarshal([]byte(e["payload"].(string)), &n)
	if acct := n["account"].(map[string]any)["acct"]; acct != "dan@elsewhere.example" {
		t.Fatalf("notification from %v", acct)
	}
}
