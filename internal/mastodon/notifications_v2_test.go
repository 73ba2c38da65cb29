package mastodon_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
)

// specUnchecked is the same API without the automatic response check, for the grouped
// notifications: the spec types NotificationGroup.most_recent_notification_id as an integer
// (Mastodon's ids are), ours are strings. Those responses are checked by groupedSchema.
func specUnchecked(a *api) *api {
	b := *a
	if sc, ok := a.h.(specChecked); ok {
		b.h = sc.h
	}
	return &b
}

// groupedSchema validates a GroupedNotificationsResults, most_recent_notification_id aside.
func groupedSchema(t *testing.T, body []byte) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	for _, g := range m["notification_groups"].([]any) {
		g.(map[string]any)["most_recent_notification_id"] = 1
	}
	b, _ := json.Marshal(m)
	acctSchema(t, "GroupedNotificationsResults", b)
}

func TestGroupedNotifications(t *testing.T) {
	t.Parallel()
	a := specUnchecked(newAPI(t))
	alice, bob, carol, dave := a.user("alice"), a.user("bob"), a.user("carol"), a.user("dave")
	at, bt, ct, dt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow"),
		a.token(carol, "read", "write", "follow"), a.token(dave, "read", "write", "follow")

	st := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "like me"}).obj()
	id := st["id"].(string)
	for _, tok := range []string{bt, ct, dt} {
		a.do("POST", "/api/v1/statuses/"+id+"/favourite", tok, nil)
	}
	a.do("POST", "/api/v1/statuses/"+id+"/reblog", bt, nil)
	a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil)
	a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", ct, nil)
	a.do("POST", "/api/v1/statuses", dt, map[string]any{"status": "@alice hi"})
	// A notification about a direct status between bob and carol: alice must never see it.
	dm := a.do("POST", "/api/v1/statuses", bt, map[string]any{"status": "@carol secret", "visibility": "direct"}).obj()
	dmRow, err := a.st.ObjectByID(a.ctx, dm["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.AddNotification(a.ctx, &store.Notification{UserID: alice.ID, Type: store.NotifyFavourite, Actor: carol.APID,
		Object: dmRow.APID, ActivityAPID: base + "/forged-like"}); err != nil {
		t.Fatal(err)
	}

	r := a.do("GET", "/api/v2/notifications", at, nil)
	if r.Code != 200 {
		t.Fatalf("%d %s", r.Code, r.Body.String())
	}
	groupedSchema(t, r.Body.Bytes())
	var res struct {
		Accounts []map[string]any `json:"accounts"`
		Statuses []map[string]any `json:"statuses"`
		Groups   []map[string]any `json:"notification_groups"`
	}
	r.json(&res)
	byType := map[string]map[string]any{}
	for _, g := range res.Groups {
		byType[g["type"].(string)] = g
	}
	if len(res.Groups) != 4 {
		t.Fatalf("groups %v", res.Groups)
	}
	fav := byType["favourite"]
	if fav["notifications_count"] != float64(3) || len(fav["sample_account_ids"].([]any)) != 3 || fav["status_id"] != id ||
		!strings.HasPrefix(fav["group_key"].(string), "favourite-"+id+"-") {
		t.Fatalf("favourites %v", fav)
	}
	if f := byType["follow"]; f["notifications_count"] != float64(2) {
		t.Fatalf("follows %v", f)
	}
	if m := byType["mention"]; m == nil || !strings.HasPrefix(m["group_key"].(string), "ungrouped-") {
		t.Fatalf("mention %v", m)
	}
	if len(res.Accounts) != 3 {
		t.Fatalf("accounts %v", res.Accounts)
	}
	for _, s := range res.Statuses {
		if s["id"] == dm["id"] {
			t.Fatal("a status alice cannot see is in her notifications")
		}
	}
	if r.Header().Get("Link") == "" {
		t.Fatal("no Link header")
	}

	// The v1 list names the same groups.
	var v1 []map[string]any
	a.do("GET", "/api/v1/notifications?types[]=favourite", at, nil).json(&v1)
	if len(v1) != 3 || v1[0]["group_key"] != fav["group_key"] {
		t.Fatalf("v1 group keys %v", v1)
	}

	// grouped_types empty-ish: only follows grouped; types filter; limit and paging.
	var res2 struct {
		Groups []map[string]any `json:"notification_groups"`
	}
	a.do("GET", "/api/v2/notifications?grouped_types[]=follow", at, nil).json(&res2)
	if len(res2.Groups) != 6 {
		t.Fatalf("favourites ungrouped: %d groups", len(res2.Groups))
	}
	a.do("GET", "/api/v2/notifications?types[]=follow&types[]=mention", at, nil).json(&res2)
	if len(res2.Groups) != 2 {
		t.Fatalf("types filter %v", res2.Groups)
	}
	r = a.do("GET", "/api/v2/notifications?limit=1", at, nil)
	r.json(&res2)
	if len(res2.Groups) != 1 || !strings.Contains(r.Header().Get("Link"), "max_id=") {
		t.Fatalf("limit 1: %v %s", res2.Groups, r.Header().Get("Link"))
	}
	r = a.do("GET", "/api/v2/notifications?types[]=favourite&expand_accounts=partial_avatars", at, nil)
	groupedSchema(t, r.Body.Bytes())
	var partial map[string]any
	r.json(&partial)
	if pa, _ := partial["partial_accounts"].([]any); len(pa) != 2 || len(partial["accounts"].([]any)) != 1 {
		t.Fatalf("partial accounts %v", partial["partial_accounts"])
	}
	wantError(t, a.do("GET", "/api/v2/notifications?expand_accounts=all", at, nil), 422)
	wantError(t, a.do("GET", "/api/v2/notifications", "", nil), 401)
	wantError(t, a.do("GET", "/api/v2/notifications", a.token(alice, "write"), nil), 403)

	// One group, its accounts, dismissing it.
	key := fav["group_key"].(string)
	r = a.do("GET", "/api/v2/notifications/"+key, at, nil)
	groupedSchema(t, r.Body.Bytes())
	var one struct {
		Groups []map[string]any `json:"notification_groups"`
	}
	r.json(&one)
	if len(one.Groups) != 1 || one.Groups[0]["notifications_count"] != float64(3) {
		t.Fatalf("group %v", one.Groups)
	}
	var accts []map[string]any
	r = a.do("GET", "/api/v2/notifications/"+key+"/accounts", at, nil)
	r.json(&accts)
	acctSchema(t, "[]Account", r.Body.Bytes())
	if len(accts) != 3 {
		t.Fatalf("accounts %v", accts)
	}
	wantError(t, a.do("GET", "/api/v2/notifications/"+key, bt, nil), 404) // not bob's
	wantError(t, a.do("POST", "/api/v2/notifications/"+key+"/dismiss", bt, nil), 404)
	wantError(t, a.do("GET", "/api/v2/notifications/favourite-nope-1", at, nil), 404)
	wantError(t, a.do("GET", "/api/v2/notifications/ungrouped-nope", at, nil), 404)
	// The forged favourite of the DM has a group key alice cannot open.
	wantError(t, a.do("GET", "/api/v2/notifications/"+strings.Replace(key, id, dm["id"].(string), 1), at, nil), 404)

	var count map[string]int
	a.do("GET", "/api/v2/notifications/unread_count", at, nil).json(&count)
	if count["count"] != 5 { // favourites, reblog, follows, mention, and the forged one's own group
		t.Fatalf("unread groups %v", count)
	}
	if r := a.do("POST", "/api/v2/notifications/"+key+"/dismiss", at, nil); r.Code != 200 {
		t.Fatalf("dismiss %d", r.Code)
	}
	wantError(t, a.do("GET", "/api/v2/notifications/"+key, at, nil), 404)
	a.do("GET", "/api/v2/notifications/unread_count", at, nil).json(&count)
	if count["count"] != 4 {
		t.Fatalf("unread groups after dismissing %v", count)
	}
}
