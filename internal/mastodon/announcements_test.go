package mastodon_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// announce creates an announcement through the service (as the admin API, the command line
// and the web admin page do).
func (a *api) announce(text string, starts, ends *time.Time, allDay bool) *store.Announcement {
	a.t.Helper()
	ann, err := a.svc.CreateAnnouncement(a.ctx, mastodon.AnnouncementParams{Text: text, StartsAt: starts, EndsAt: ends, AllDay: allDay})
	if err != nil {
		a.t.Fatal(err)
	}
	return ann
}

// announcements lists the announcements as the token sees them.
func (a *api) announcements(token string) []map[string]any {
	a.t.Helper()
	r := a.do("GET", "/api/v1/announcements", token, nil)
	if r.Code != 200 {
		a.t.Fatalf("announcements: %d %s", r.Code, r.Body.String())
	}
	acctSchema(a.t, "[]Announcement", r.Body.Bytes())
	var list []map[string]any
	r.json(&list)
	return list
}

func annAt(t time.Time) *time.Time { return &t }

func TestAnnouncementsListAndDismiss(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")
	now := time.Now()
	first := a.announce("Maintenance tonight <b>not bold</b> @alice #Ops https://example.org/x", nil, nil, false)
	second := a.announce("Window", annAt(now.Add(-time.Hour)), annAt(now.Add(time.Hour)), false)
	a.announce("Not yet", annAt(now.Add(time.Hour)), nil, false)
	a.announce("Over", annAt(now.Add(-2*time.Hour)), annAt(now.Add(-time.Hour)), false)
	a.announce("All of yesterday", annAt(now.Add(-48*time.Hour)), annAt(now.Add(-24*time.Hour)), true)
	// Shown until the day ends (UTC); its start, a minute ago, sorts before first's publication.
	today := a.announce("All of today", annAt(now.Add(-time.Minute)), annAt(now), true)

	list := a.announcements(at)
	var ids []string
	for _, e := range list {
		ids = append(ids, e["id"].(string))
	}
	// Oldest start first: second an hour ago, today a minute ago, first at its publication.
	if len(list) != 3 || !slices.Contains(ids, first.ID) || !slices.Contains(ids, second.ID) || !slices.Contains(ids, today.ID) {
		t.Fatalf("shown: %v", ids)
	}
	if !slices.Equal(ids, []string{second.ID, today.ID, first.ID}) {
		t.Fatalf("order %v, want second, today, first", ids)
	}
	e := annByID(list, first.ID)
	content := e["content"].(string)
	if strings.Contains(content, "<b>") || !strings.Contains(content, "&lt;b&gt;") || !strings.Contains(content, `href="https://example.org/x"`) {
		t.Fatalf("content not rendered as local text: %s", content)
	}
	if e["read"] != false || e["starts_at"] != nil || e["all_day"] != false {
		t.Fatalf("first: %v", e)
	}
	if m := e["mentions"].([]any); len(m) != 1 || m[0].(map[string]any)["id"] != alice.ID || m[0].(map[string]any)["acct"] != "alice" {
		t.Fatalf("mentions %v", m)
	}
	if tags := e["tags"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "ops" {
		t.Fatalf("tags %v", tags)
	}
	if w := annByID(list, today.ID); w["all_day"] != true || w["starts_at"] == nil || w["ends_at"] == nil {
		t.Fatalf("all-day: %v", w)
	}

	if r := a.do("POST", "/api/v1/announcements/"+first.ID+"/dismiss", at, nil); r.Code != 200 {
		t.Fatalf("dismiss: %d %s", r.Code, r.Body.String())
	}
	if r := a.do("POST", "/api/v1/announcements/"+first.ID+"/dismiss", at, nil); r.Code != 200 {
		t.Fatalf("dismiss again: %d", r.Code)
	}
	if e := annByID(a.announcements(at), first.ID); e["read"] != true {
		t.Fatalf("alice after dismiss: %v", e["read"])
	}
	if e := annByID(a.announcements(bt), first.ID); e["read"] != false {
		t.Fatalf("bob has not read it: %v", e["read"])
	}

	// An app token sees them without read; no token is a 401 (Mastodon wants read).
	app := a.do("POST", "/api/v1/apps", "", url.Values{"client_name": {"x"}, "redirect_uris": {mastodon.OOB}, "scopes": {"read"}}).obj()
	tok := a.do("POST", "/oauth/token", "", url.Values{"grant_type": {"client_credentials"}, "client_id": {app["client_id"].(string)},
		"client_secret": {app["client_secret"].(string)}, "scope": {"read"}}).obj()
	if e := annByID(a.announcements(tok["access_token"].(string)), first.ID); e == nil || e["read"] != nil {
		t.Fatalf("app token: %v", e)
	}
	wantError(t, a.do("GET", "/api/v1/announcements", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/announcements/"+first.ID+"/dismiss", a.token(alice, "read"), nil), 403)

	// Unknown, not started and ended announcements are 404.
	for _, id := range []string{"nope", store.NewID()} {
		wantError(t, a.do("POST", "/api/v1/announcements/"+id+"/dismiss", at, nil), 404)
		wantError(t, a.do("PUT", "/api/v1/announcements/"+id+"/reactions/%F0%9F%91%8D", at, nil), 404)
	}
}

func TestAnnouncementsHiddenOutsideTheirWindow(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	at := a.token(a.user("alice"), "read", "write")
	now := time.Now()
	later := a.announce("Not yet", annAt(now.Add(time.Hour)), nil, false)
	over := a.announce("Over", nil, annAt(now.Add(-time.Minute)), false)
	if list := a.announcements(at); len(list) != 0 {
		t.Fatalf("shown: %v", list)
	}
	for _, ann := range []*store.Announcement{later, over} {
		wantError(t, a.do("POST", "/api/v1/announcements/"+ann.ID+"/dismiss", at, nil), 404)
		wantError(t, a.do("PUT", "/api/v1/announcements/"+ann.ID+"/reactions/%F0%9F%91%8D", at, nil), 404)
	}
}

func TestAnnouncementReactions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	at, bt := a.token(a.user("alice"), "read", "write"), a.token(a.user("bob"), "read", "write")
	ann := a.announce("React to me", nil, nil, false)
	path := "/api/v1/announcements/" + ann.ID + "/reactions/"
	thumbs := url.PathEscape("👍")
	for i := 0; i < 2; i++ { // twice is once
		if r := a.do("PUT", path+thumbs, at, nil); r.Code != 200 || strings.TrimSpace(r.Body.String()) != "{}" {
			t.Fatalf("react: %d %s", r.Code, r.Body.String())
		}
	}
	if r := a.do("PUT", path+thumbs, bt, nil); r.Code != 200 {
		t.Fatalf("bob reacts: %d", r.Code)
	}
	if r := a.do("PUT", path+url.PathEscape("🎉"), bt, nil); r.Code != 200 {
		t.Fatalf("bob reacts again: %d", r.Code)
	}
	reactions := func(token string) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, r := range annByID(a.announcements(token), ann.ID)["reactions"].([]any) {
			m := r.(map[string]any)
			out[m["name"].(string)] = m
		}
		return out
	}
	if got := reactions(at); got["👍"]["count"] != 2.0 || got["👍"]["me"] != true || got["🎉"]["count"] != 1.0 || got["🎉"]["me"] != false {
		t.Fatalf("alice sees %v", got)
	}
	if got := reactions(bt); got["👍"]["me"] != true || got["🎉"]["me"] != true {
		t.Fatalf("bob sees %v", got)
	}
	// Removing: once, then again (nothing to remove).
	for i := 0; i < 2; i++ {
		if r := a.do("DELETE", path+thumbs, at, nil); r.Code != 200 {
			t.Fatalf("unreact: %d %s", r.Code, r.Body.String())
		}
	}
	if got := reactions(at); got["👍"]["count"] != 1.0 || got["👍"]["me"] != false {
		t.Fatalf("after alice's removal %v", got)
	}
	// Not an emoji, an unknown custom emoji: 422. Scope: write:favourites.
	for _, name := range []string{"hello", url.PathEscape(":blobcat:"), "blobcat", url.PathEscape("👍👍")} {
		wantError(t, a.do("PUT", path+name, at, nil), 422)
	}
	wantError(t, a.do("PUT", path+thumbs, a.token(a.user("carol"), "read", "write:accounts"), nil), 403)
	wantError(t, a.do("PUT", path+thumbs, "", nil), 401)
	// At most eight different reactions.
	for _, e := range []string{"😀", "😁", "😂", "🤣", "😃", "😄"} {
		if r := a.do("PUT", path+url.PathEscape(e), at, nil); r.Code != 200 {
			t.Fatalf("react %s: %d %s", e, r.Code, r.Body.String())
		}
	}
	wantError(t, a.do("PUT", path+url.PathEscape("😅"), at, nil), 422)
	if r := a.do("PUT", path+thumbs, at, nil); r.Code != 200 { // an existing one is still fine
		t.Fatalf("existing reaction: %d %s", r.Code, r.Body.String())
	}
}

func TestAdminAnnouncements(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	boss, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: "boss", Password: "password123", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	admin := a.token(boss, "read", "write", "admin:read", "admin:write")
	alice := a.token(a.user("alice"), "read", "write", "admin:read", "admin:write")

	r := a.do("POST", "/api/v1/admin/announcements", admin, map[string]any{"text": "Hello <script>x</script>",
		"starts_at": "2020-01-01T00:00:00Z", "ends_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
	if r.Code != 200 {
		t.Fatalf("create: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "Announcement", r.Body.Bytes())
	created := r.obj()
	id := created["id"].(string)
	if strings.Contains(created["content"].(string), "<script>") || created["starts_at"] != "2020-01-01T00:00:00.000Z" {
		t.Fatalf("created %v", created)
	}
	if list := a.announcements(alice); len(list) != 1 || list[0]["id"] != id {
		t.Fatalf("users see %v", list)
	}

	r = a.do("PUT", "/api/v1/admin/announcements/"+id, admin, url.Values{"text": {"Changed"}, "ends_at": {""}})
	if r.Code != 200 {
		t.Fatalf("update: %d %s", r.Code, r.Body.String())
	}
	acctSchema(t, "Announcement", r.Body.Bytes())
	if u := r.obj(); u["content"] != "<p>Changed</p>" || u["ends_at"] != nil || u["starts_at"] != "2020-01-01T00:00:00.000Z" {
		t.Fatalf("updated %v", u)
	}

	r = a.do("GET", "/api/v1/admin/announcements", admin, nil)
	acctSchema(t, "[]Announcement", r.Body.Bytes())
	var all []map[string]any
	r.json(&all)
	if r.Code != 200 || len(all) != 1 {
		t.Fatalf("admin list: %d %v", r.Code, all)
	}

	// Not an admin: 403; without a token: 401; without the scope: 403.
	wantError(t, a.do("GET", "/api/v1/admin/announcements", alice, nil), 403)
	wantError(t, a.do("POST", "/api/v1/admin/announcements", alice, map[string]any{"text": "x"}), 403)
	wantError(t, a.do("PUT", "/api/v1/admin/announcements/"+id, alice, map[string]any{"text": "x"}), 403)
	wantError(t, a.do("DELETE", "/api/v1/admin/announcements/"+id, alice, nil), 403)
	wantError(t, a.do("GET", "/api/v1/admin/announcements", "", nil), 401)
	wantError(t, a.do("POST", "/api/v1/admin/announcements", "", map[string]any{"text": "x"}), 401)
	wantError(t, a.do("POST", "/api/v1/admin/announcements", a.token(boss, "read", "write"), map[string]any{"text": "x"}), 403)
	// Bad input: 422; unknown id: 404.
	wantError(t, a.do("POST", "/api/v1/admin/announcements", admin, map[string]any{"text": "  "}), 422)
	wantError(t, a.do("POST", "/api/v1/admin/announcements", admin, map[string]any{"text": "x", "starts_at": "tomorrow"}), 422)
	wantError(t, a.do("POST", "/api/v1/admin/announcements", admin, map[string]any{"text": "x",
		"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"}), 422)
	wantError(t, a.do("PUT", "/api/v1/admin/announcements/"+store.NewID(), admin, map[string]any{"text": "x"}), 404)
	wantError(t, a.do("DELETE", "/api/v1/admin/announcements/"+store.NewID(), admin, nil), 404)

	if r := a.do("DELETE", "/api/v1/admin/announcements/"+id, admin, nil); r.Code != 200 {
		t.Fatalf("delete: %d %s", r.Code, r.Body.String())
	}
	if list := a.announcements(alice); len(list) != 0 {
		t.Fatalf("after delete %v", list)
	}
	wantError(t, a.do("DELETE", "/api/v1/admin/announcements/"+id, admin, nil), 404)
}

func TestAnnouncementStreams(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	boss, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: "boss", Password: "password123", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	admin := a.token(boss, "read", "write", "admin:write")
	bt := a.token(a.user("bob"), "read", "write")
	ct := a.token(a.user("carol"), "read")

	bobWS := a.dialStream(t, srv, bt, "?stream=user")
	carolWS := a.dialStream(t, srv, ct, "")
	carolWS.send(map[string]string{"type": "subscribe", "stream": "user"})
	pub := a.dialStream(t, srv, "", "?stream=public")
	time.Sleep(200 * time.Millisecond) // let the subscriptions register before publishing

	created := a.do("POST", "/api/v1/admin/announcements", admin, map[string]any{"text": "Streamed #news"}).obj()
	id := created["id"].(string)
	for name, ws := range map[string]*wsClient{"bob": bobWS, "carol": carolWS} {
		ev := ws.next(5 * time.Second)
		if ev == nil || ev["event"] != "announcement" || ev["stream"].([]any)[0] != "user" {
			t.Fatalf("%s: %v", name, ev)
		}
		acctSchema(t, "Announcement", []byte(ev["payload"].(string)))
		var p map[string]any
		json.Unmarshal([]byte(ev["payload"].(string)), &p)
		if p["id"] != id || !strings.Contains(p["content"].(string), "#<span>news</span>") {
			t.Fatalf("%s payload %v", name, p)
		}
	}

	if r := a.do("PUT", "/api/v1/announcements/"+id+"/reactions/"+url.PathEscape("🎉"), bt, nil); r.Code != 200 {
		t.Fatalf("react: %d %s", r.Code, r.Body.String())
	}
	for name, ws := range map[string]*wsClient{"bob": bobWS, "carol": carolWS} {
		ev := ws.next(5 * time.Second)
		if ev == nil || ev["event"] != "announcement.reaction" {
			t.Fatalf("%s: %v", name, ev)
		}
		var p map[string]any
		json.Unmarshal([]byte(ev["payload"].(string)), &p)
		if p["name"] != "🎉" || p["count"] != 1.0 || p["announcement_id"] != id {
			t.Fatalf("%s reaction payload %v", name, p)
		}
	}
	if r := a.do("DELETE", "/api/v1/announcements/"+id+"/reactions/"+url.PathEscape("🎉"), bt, nil); r.Code != 200 {
		t.Fatalf("unreact: %d", r.Code)
	}
	for name, ws := range map[string]*wsClient{"bob": bobWS, "carol": carolWS} {
		if ev := ws.next(5 * time.Second); ev == nil || ev["event"] != "announcement.reaction" || !strings.Contains(ev["payload"].(string), `"count":0`) {
			t.Fatalf("%s: unreact event: %v", name, ev)
		}
	}

	if r := a.do("DELETE", "/api/v1/admin/announcements/"+id, admin, nil); r.Code != 200 {
		t.Fatalf("delete: %d", r.Code)
	}
	if ev := carolWS.next(5 * time.Second); ev == nil || ev["event"] != "announcement.delete" || ev["payload"] != id {
		t.Fatalf("delete event: %v", ev)
	}
	// The public stream is not a user stream: none of this reached it.
	if ev := pub.next(300 * time.Millisecond); ev != nil {
		t.Fatalf("public stream got %v", ev)
	}
}

// TestPublishAnnouncement is the job run at an announcement's start or end, or after the
// command line changed it: announcement while shown, announcement.delete when over or gone.
func TestPublishAnnouncement(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	ws := a.dialStream(t, srv, a.token(a.user("bob"), "read"), "?stream=user")
	time.Sleep(200 * time.Millisecond)
	now := time.Now()
	soon := &store.Announcement{Text: "later", StartsAt: annAt(now.Add(time.Hour))}
	shown := &store.Announcement{Text: "now"}
	over := &store.Announcement{Text: "over", EndsAt: annAt(now.Add(-time.Second))}
	for _, ann := range []*store.Announcement{soon, shown, over} {
		if err := a.st.CreateAnnouncement(a.ctx, ann); err != nil { // no events: straight to the store
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ id, want string }{
		{soon.ID, ""}, {shown.ID, "announcement"}, {over.ID, "announcement.delete"}, {store.NewID(), "announcement.delete"},
	} {
		if err := a.svc.PublishAnnouncement(a.ctx, c.id); err != nil {
			t.Fatal(err)
		}
		ev := ws.next(time.Second)
		if c.want == "" {
			if ev != nil {
				t.Fatalf("%s: not started, got %v", c.id, ev)
			}
			continue
		}
		if ev == nil || ev["event"] != c.want {
			t.Fatalf("%s: %v, want %s", c.id, ev, c.want)
		}
	}
}

func annByID(list []map[string]any, id string) map[string]any {
	for _, e := range list {
		if e["id"] == id {
			return e
		}
	}
	return nil
}

// An announcement event's payload is made once for all the user streams: more subscribers
// cost no more statements.
func TestAnnouncementStreamRendersOnce(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	var subs []*wsClient
	publish := func() int64 {
		t.Helper()
		time.Sleep(200 * time.Millisecond) // let the subscriptions register
		queries := a.st.CountQueries()
		ann := a.announce("Hello #all", nil, nil, false)
		for i, c := range subs {
			ev := c.next(10 * time.Second)
			if ev == nil || ev["event"] != "announcement" || !strings.Contains(ev["payload"].(string), ann.ID) {
				t.Fatalf("subscriber %d: %v", i, ev)
			}
		}
		return queries()
	}
	var tokens []string // first: users are slow to make, and a connection lives 20 seconds
	for i := range 8 {
		tokens = append(tokens, a.token(a.user("u"+strconv.Itoa(i)), "read"))
	}
	for _, tok := range tokens[:2] {
		subs = append(subs, a.dialStream(t, srv, tok, "?stream=user"))
	}
	two := publish()
	for _, tok := range tokens[2:] {
		subs = append(subs, a.dialStream(t, srv, tok, "?stream=user"))
	}
	eight := publish()
	t.Logf("statements per announcement: %d with 2 user streams, %d with 8", two, eight)
	if eight != two {
		t.Fatalf("2 subscribers: %d statements; 8 subscribers: %d — work is repeated per connection", two, eight)
	}
}

// The statuses an announcement links to are listed when anyone may see them.
func TestAnnouncementLinkedStatuses(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	at := a.token(a.user("alice"), "read", "write")
	public := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "release notes"}).obj()
	private := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "secret", "visibility": "private"}).obj()
	ann := a.announce("Read "+public["url"].(string)+". Not "+private["url"].(string)+" nor "+private["uri"].(string), nil, nil, false)
	e := annByID(a.announcements(at), ann.ID)
	st := e["statuses"].([]any)
	if len(st) != 1 || st[0].(map[string]any)["id"] != public["id"] || st[0].(map[string]any)["url"] != public["url"] {
		t.Fatalf("statuses %v (public %v)", st, public["url"])
	}
}
