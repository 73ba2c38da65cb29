package mastodon_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Group keys are assigned when a notification is added: a favourite joins the status's latest
// favourite group while that group started less than 12 hours before, and starts a new group
// (a new hour bucket) after; the v2 list, one group and dismissing a group follow the keys.
func TestNotificationGroupsSpanTwelveHours(t *testing.T) {
	t.Parallel()
	a := specUnchecked(newAPI(t))
	alice := a.user("alice")
	at := a.token(alice, "read", "write", "follow")
	var toks []string
	for _, nick := range []string{"bob", "carol", "dave", "erin"} {
		toks = append(toks, a.token(a.user(nick), "read", "write", "follow"))
	}
	id := a.stPost(at, map[string]any{"status": "like me"})
	hour := time.Now().Unix() / 3600
	prefix := "favourite-" + id + "-"
	// setKeys rewrites the group key of alice's favourites, as if they were older.
	setKeys := func(bucket int64) {
		t.Helper()
		if _, err := a.st.SQL().Exec(fmt.Sprintf(`UPDATE notifications SET group_key = '%s%d' WHERE type = 'favourite'`,
			prefix, bucket)); err != nil {
			t.Fatal(err)
		}
	}
	groups := func() []map[string]any {
		t.Helper()
		r := a.do("GET", "/api/v2/notifications?types[]=favourite", at, nil)
		groupedSchema(t, r.Body.Bytes())
		var res struct {
			Groups []map[string]any `json:"notification_groups"`
		}
		r.json(&res)
		return res.Groups
	}

	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/favourite", toks[0], nil))
	if g := groups(); len(g) != 1 || g[0]["group_key"] != prefix+strconv.FormatInt(hour, 10) {
		if len(g) != 1 || g[0]["group_key"] != prefix+strconv.FormatInt(hour+1, 10) { // the hour just turned
			t.Fatalf("first favourite: %v", g)
		}
		hour++
	}
	// The group started 11 hours ago: a new favourite joins it.
	setKeys(hour - 11)
	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/favourite", toks[1], nil))
	old := prefix + strconv.FormatInt(hour-11, 10)
	if g := groups(); len(g) != 1 || g[0]["group_key"] != old || g[0]["notifications_count"] != float64(2) {
		t.Fatalf("favourite within the span: %v", g)
	}
	// The group started 12 hours ago: the next favourite starts a group of its own, which the
	// one after joins.
	setKeys(hour - 12)
	old = prefix + strconv.FormatInt(hour-12, 10)
	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/favourite", toks[2], nil))
	stOK(t, a.do("POST", "/api/v1/statuses/"+id+"/favourite", toks[3], nil))
	fresh := prefix + strconv.FormatInt(hour, 10)
	g := groups()
	if len(g) != 2 || g[0]["group_key"] != fresh || g[0]["notifications_count"] != float64(2) ||
		g[1]["group_key"] != old || g[1]["notifications_count"] != float64(2) {
		t.Fatalf("favourites across the span: %v", g)
	}
	// The v1 list carries the same keys; a group is read and dismissed by its key.
	var v1 []map[string]any
	a.do("GET", "/api/v1/notifications?types[]=favourite", at, nil).json(&v1)
	if len(v1) != 4 || v1[0]["group_key"] != fresh || v1[3]["group_key"] != old {
		t.Fatalf("v1 keys %v", v1)
	}
	r := a.do("GET", "/api/v2/notifications/"+old+"/accounts", at, nil)
	acctSchema(t, "[]Account", r.Body.Bytes())
	var accts []map[string]any
	r.json(&accts)
	if len(accts) != 2 {
		t.Fatalf("accounts of the old group %v", accts)
	}
	stOK(t, a.do("POST", "/api/v2/notifications/"+old+"/dismiss", at, nil))
	if g := groups(); len(g) != 1 || g[0]["group_key"] != fresh {
		t.Fatalf("after dismissing the old group: %v", g)
	}
	wantError(t, a.do("GET", "/api/v2/notifications/"+old, at, nil), 404)
	wantError(t, a.do("POST", "/api/v2/notifications/"+strings.Repeat("x", 200)+"/dismiss", at, nil), 404)

	// Follows group by type alone; other types are never grouped.
	for _, tok := range toks[:2] {
		stOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", tok, nil))
	}
	a.stPost(toks[0], map[string]any{"status": "@alice hi"})
	a.do("GET", "/api/v1/notifications?types[]=follow&types[]=mention", at, nil).json(&v1)
	follow := "follow-" + strconv.FormatInt(hour, 10)
	if len(v1) != 3 || v1[0]["group_key"] != "ungrouped-"+v1[0]["id"].(string) || v1[1]["group_key"] != follow || v1[2]["group_key"] != follow {
		t.Fatalf("follow and mention keys %v", v1)
	}
}
