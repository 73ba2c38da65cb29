package mastodon_test

import (
	"slices"
	"testing"
)

// A status shown on its own carries the viewer's thread filters, hide filters included (the
// client hides it), as Mastodon; home-only filters and the viewer's own statuses do not; the
// v2 grouped notifications carry the notifications context's.
func TestFilteredOnSingleStatusesAndGroupedNotifications(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	a.fltCreate(at, map[string]any{"title": "Thread hide", "context": []string{"thread"}, "filter_action": "hide",
		"keywords_attributes": []map[string]any{{"keyword": "spoiler"}}})
	a.fltCreate(at, map[string]any{"title": "Home only", "context": []string{"home"},
		"keywords_attributes": []map[string]any{{"keyword": "kale"}}})
	a.fltCreate(at, map[string]any{"title": "Notified", "context": []string{"notifications"},
		"keywords_attributes": []map[string]any{{"keyword": "ping"}}})

	show := func(tok, id string) map[string]any {
		t.Helper()
		r := stOK(t, a.do("GET", "/api/v1/statuses/"+id, tok, nil))
		acctSchema(t, "Status", r.Body.Bytes())
		return r.obj()
	}
	spoiler := a.stPost(bt, map[string]any{"status": "a big spoiler ahead"})
	st := show(at, spoiler)
	titles, kws := fltMatches(st)
	if !slices.Equal(titles, []string{"Thread hide"}) || !slices.Equal(kws, []string{"spoiler"}) {
		t.Fatalf("shown status filtered %v %v", titles, kws)
	}
	fr := asList(st["filtered"])[0].(map[string]any)
	if fr["filter"].(map[string]any)["filter_action"] != "hide" || len(asList(fr["status_matches"])) != 0 {
		t.Fatalf("filter result %v", fr)
	}
	if st := show(bt, spoiler); st["filtered"] != nil {
		t.Fatalf("the author's own view is filtered: %v", st["filtered"])
	}
	if st := show("", spoiler); st["filtered"] != nil {
		t.Fatalf("an anonymous view is filtered: %v", st["filtered"])
	}
	kale := a.stPost(bt, map[string]any{"status": "kale salad"})
	if st := show(at, kale); st["filtered"] != nil {
		t.Fatalf("a home filter applied to a shown status: %v", st["filtered"])
	}
	// A status filter (no keywords) matches by id, and so the status's boost.
	f := a.fltCreate(at, map[string]any{"title": "This one", "context": []string{"thread"}})
	acctOK(t, a.do("POST", "/api/v2/filters/"+f["id"].(string)+"/statuses", at, map[string]any{"status_id": kale}))
	st = show(at, kale)
	if titles, _ := fltMatches(st); !slices.Equal(titles, []string{"This one"}) ||
		!slices.Equal(asList(asList(st["filtered"])[0].(map[string]any)["status_matches"]), []any{kale}) {
		t.Fatalf("status filter on a shown status: %v", st["filtered"])
	}
	boost := acctOK(t, a.do("POST", "/api/v1/statuses/"+kale+"/reblog", bt, nil))["id"].(string)
	if st := show(at, boost); st["filtered"] == nil || st["reblog"].(map[string]any)["filtered"] == nil {
		t.Fatalf("boost of a filtered status: %v", st)
	}
	// The context of a reply: the hide filter drops the spoiler ancestor (as in timelines).
	reply := a.stPost(bt, map[string]any{"status": "a reply about kale", "in_reply_to_id": spoiler})
	var thread struct{ Ancestors, Descendants []map[string]any }
	r := stOK(t, a.do("GET", "/api/v1/statuses/"+reply+"/context", at, nil))
	acctSchema(t, "Context", r.Body.Bytes())
	r.json(&thread)
	if len(thread.Ancestors) != 0 {
		t.Fatalf("hidden ancestor in the context: %v", thread.Ancestors)
	}

	// Grouped notifications: the status of a mention carries the notifications filter.
	a.stPost(bt, map[string]any{"status": "@alice ping"})
	r = stOK(t, specUnchecked(a).do("GET", "/api/v2/notifications?types[]=mention", at, nil))
	groupedSchema(t, r.Body.Bytes()) // notifications_v2_test.go
	var g struct{ Statuses []map[string]any }
	r.json(&g)
	if len(g.Statuses) != 1 {
		t.Fatalf("grouped statuses %v", g.Statuses)
	}
	if titles, _ := fltMatches(g.Statuses[0]); !slices.Equal(titles, []string{"Notified"}) {
		t.Fatalf("grouped notification status filtered %v", titles)
	}
}
