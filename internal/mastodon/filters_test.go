package mastodon_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"
)

// fltCreate creates a filter for tok from a JSON body and returns it.
func (a *api) fltCreate(tok string, body map[string]any) map[string]any {
	a.t.Helper()
	r := a.do("POST", "/api/v2/filters", tok, body)
	acctSchema(a.t, "Filter", r.Body.Bytes())
	return acctOK(a.t, r)
}

// fltStatus finds a status by id in a JSON list of statuses.
func fltStatus(t *testing.T, r response, id string) map[string]any {
	t.Helper()
	if r.Code != 200 {
		t.Fatalf("status %d: %s", r.Code, r.Body.String())
	}
	var list []map[string]any
	r.json(&list)
	for _, st := range list {
		if st["id"] == id {
			return st
		}
	}
	return nil
}

// fltMatches returns the titles and keyword matches of a status's filter results.
func fltMatches(st map[string]any) (titles, keywords []string) {
	fr, _ := st["filtered"].([]any)
	for _, x := range fr {
		m := x.(map[string]any)
		titles = append(titles, m["filter"].(map[string]any)["title"].(string))
		for _, k := range asList(m["keyword_matches"]) {
			keywords = append(keywords, k.(string))
		}
	}
	return titles, keywords
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestFiltersCRUD(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")

	wantError(t, a.do("GET", "/api/v2/filters", "", nil), 401)
	wantError(t, a.do("GET", "/api/v2/filters", a.token(alice, "write"), nil), 403)
	wantError(t, a.do("POST", "/api/v2/filters", a.token(alice, "read"), map[string]any{"title": "x", "context": []string{"home"}}), 403)
	for _, bad := range []map[string]any{
		{"context": []string{"home"}},
		{"title": "x"},
		{"title": "x", "context": []string{"everywhere"}},
		{"title": "x", "context": []string{"home"}, "filter_action": "explode"},
		{"title": "x", "context": []string{"home"}, "expires_in": "soon"},
		{"title": "x", "context": []string{"home"}, "keywords_attributes": []map[string]any{{"keyword": " "}}},
	} {
		wantError(t, a.do("POST", "/api/v2/filters", at, bad), 422)
	}

	// Form encoding, Rails style.
	r := a.do("POST", "/api/v2/filters", at, url.Values{"title": {"Spoilers"}, "context[]": {"home", "public"},
		"filter_action": {"hide"}, "expires_in": {"3600"},
		"keywords_attributes[][keyword]": {"ending", "plot"}, "keywords_attributes[][whole_word]": {"false", "true"}})
	acctSchema(t, "Filter", r.Body.Bytes())
	f := acctOK(t, r)
	fid := f["id"].(string)
	kws := asList(f["keywords"])
	if f["title"] != "Spoilers" || f["filter_action"] != "hide" || f["expires_at"] == nil || len(kws) != 2 ||
		len(asList(f["context"])) != 2 || len(asList(f["statuses"])) != 0 {
		t.Fatalf("created %v", f)
	}
	k0 := kws[0].(map[string]any)
	if k0["keyword"] != "ending" || k0["whole_word"] != false || kws[1].(map[string]any)["whole_word"] != true {
		t.Fatalf("keywords %v", kws)
	}
	// JSON: keywords as objects; whole_word defaults to true; action to warn.
	g := a.fltCreate(at, map[string]any{"title": "Words", "context": []string{"notifications"},
		"keywords_attributes": []map[string]any{{"keyword": "foo"}}})
	if g["filter_action"] != "warn" || g["expires_at"] != nil || asList(g["keywords"])[0].(map[string]any)["whole_word"] != true {
		t.Fatalf("json created %v", g)
	}
	r = a.do("GET", "/api/v2/filters", at, nil)
	acctSchema(t, "[]Filter", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{fid, g["id"].(string)}) {
		t.Fatalf("filters %v", got)
	}
	if got := acctIDs(t, a.do("GET", "/api/v2/filters", bt, nil)); len(got) != 0 {
		t.Fatalf("bob's filters %v", got)
	}
	// Another user's filter is not found, whatever the route.
	kid := k0["id"].(string)
	for _, req := range [][2]string{{"GET", "/api/v2/filters/" + fid}, {"PUT", "/api/v2/filters/" + fid},
		{"DELETE", "/api/v2/filters/" + fid}, {"GET", "/api/v2/filters/" + fid + "/keywords"},
		{"POST", "/api/v2/filters/" + fid + "/keywords"}, {"GET", "/api/v2/filters/" + fid + "/statuses"},
		{"GET", "/api/v2/filters/keywords/" + kid}, {"PUT", "/api/v2/filters/keywords/" + kid},
		{"DELETE", "/api/v2/filters/keywords/" + kid}, {"GET", "/api/v1/filters/" + kid}} {
		wantError(t, a.do(req[0], req[1], bt, map[string]any{"keyword": "x", "title": "x"}), 404)
	}

	// Update: title, keywords by id (change one, destroy one, add one), no expiry.
	r = a.do("PUT", "/api/v2/filters/"+fid, at, map[string]any{"title": "Plot", "expires_in": "", "filter_action": "warn",
		"keywords_attributes": []map[string]any{{"id": kid, "keyword": "finale"}, {"id": kws[1].(map[string]any)["id"], "_destroy": true},
			{"keyword": "twist", "whole_word": false}}})
	acctSchema(t, "Filter", r.Body.Bytes())
	u := acctOK(t, r)
	var words []string
	for _, k := range asList(u["keywords"]) {
		words = append(words, k.(map[string]any)["keyword"].(string))
	}
	if u["title"] != "Plot" || u["expires_at"] != nil || u["filter_action"] != "warn" || !slices.Equal(words, []string{"finale", "twist"}) {
		t.Fatalf("updated %v", u)
	}
	wantError(t, a.do("PUT", "/api/v2/filters/"+fid, at, map[string]any{"keywords_attributes": []map[string]any{{"id": "01NOSUCH", "keyword": "x"}}}), 404)
	wantError(t, a.do("PUT", "/api/v2/filters/"+fid, at, url.Values{"context[]": {""}}), 422)

	// Keywords.
	r = a.do("POST", "/api/v2/filters/"+fid+"/keywords", at, map[string]any{"keyword": "reveal", "whole_word": false})
	acctSchema(t, "FilterKeyword", r.Body.Bytes())
	nk := acctOK(t, r)
	wantError(t, a.do("POST", "/api/v2/filters/"+fid+"/keywords", at, map[string]any{"keyword": ""}), 422)
	r = a.do("GET", "/api/v2/filters/"+fid+"/keywords", at, nil)
	acctSchema(t, "[]FilterKeyword", r.Body.Bytes())
	if got := acctIDs(t, r); len(got) != 3 || got[2] != nk["id"] {
		t.Fatalf("keywords %v", got)
	}
	r = a.do("GET", "/api/v2/filters/keywords/"+nk["id"].(string), at, nil)
	acctSchema(t, "FilterKeyword", r.Body.Bytes())
	if acctOK(t, r)["keyword"] != "reveal" {
		t.Fatalf("keyword %s", r.Body.String())
	}
	if k := acctOK(t, a.do("PUT", "/api/v2/filters/keywords/"+nk["id"].(string), at, map[string]any{"whole_word": true})); k["whole_word"] != true || k["keyword"] != "reveal" {
		t.Fatalf("keyword update %v", k)
	}
	acctOK(t, a.do("DELETE", "/api/v2/filters/keywords/"+nk["id"].(string), at, nil))
	wantError(t, a.do("GET", "/api/v2/filters/keywords/"+nk["id"].(string), at, nil), 404)

	// Statuses: visible ones, once.
	post := a.stPost(bt, map[string]any{"status": "bob's"})
	dm := a.stPost(bt, map[string]any{"status": "@carol only", "visibility": "direct"})
	r = a.do("POST", "/api/v2/filters/"+fid+"/statuses", at, map[string]any{"status_id": post})
	acctSchema(t, "FilterStatus", r.Body.Bytes())
	fs := acctOK(t, r)
	if fs["status_id"] != post {
		t.Fatalf("filter status %v", fs)
	}
	wantError(t, a.do("POST", "/api/v2/filters/"+fid+"/statuses", at, map[string]any{"status_id": post}), 422)
	wantError(t, a.do("POST", "/api/v2/filters/"+fid+"/statuses", at, map[string]any{"status_id": dm}), 404)
	wantError(t, a.do("POST", "/api/v2/filters/"+fid+"/statuses", at, map[string]any{"status_id": "01NOSUCH"}), 404)
	wantError(t, a.do("POST", "/api/v2/filters/"+fid+"/statuses", at, map[string]any{}), 422)
	stOK(t, a.do("GET", "/api/v2/filters/"+dmFilterOwner(t, a, ct, dm)+"/statuses", ct, nil))
	r = a.do("GET", "/api/v2/filters/"+fid+"/statuses", at, nil)
	acctSchema(t, "[]FilterStatus", r.Body.Bytes())
	if got := acctIDs(t, r); !slices.Equal(got, []string{fs["id"].(string)}) {
		t.Fatalf("filter statuses %v", got)
	}
	r = a.do("GET", "/api/v2/filters/statuses/"+fs["id"].(string), at, nil)
	acctSchema(t, "FilterStatus", r.Body.Bytes())
	wantError(t, a.do("GET", "/api/v2/filters/statuses/"+fs["id"].(string), bt, nil), 404)
	wantError(t, a.do("DELETE", "/api/v2/filters/statuses/"+fs["id"].(string), bt, nil), 404)
	acctOK(t, a.do("DELETE", "/api/v2/filters/statuses/"+fs["id"].(string), at, nil))
	wantError(t, a.do("GET", "/api/v2/filters/statuses/"+fs["id"].(string), at, nil), 404)

	// v1: each keyword as a filter.
	// The OpenAPI file describes GET /api/v1/filters as one V1Filter; Mastodon answers an array
	// of them (docs.joinmastodon.org/methods/filters/#get-v1): the array is checked element by
	// element, on the router without the whole-response check.
	raw := a.h
	a.h = a.h.(specChecked).h
	r = a.do("GET", "/api/v1/filters", at, nil)
	a.h = raw
	acctSchema(t, "[]V1Filter", r.Body.Bytes())
	var v1 []map[string]any
	r.json(&v1)
	if len(v1) != 3 || v1[0]["phrase"] != "finale" || v1[0]["irreversible"] != false || v1[2]["phrase"] != "foo" {
		t.Fatalf("v1 filters %v", v1)
	}
	r = a.do("GET", "/api/v1/filters/"+kid, at, nil)
	acctSchema(t, "V1Filter", r.Body.Bytes())

	acctOK(t, a.do("DELETE", "/api/v2/filters/"+fid, at, nil))
	wantError(t, a.do("GET", "/api/v2/filters/"+fid, at, nil), 404)
	wantError(t, a.do("DELETE", "/api/v2/filters/"+fid, at, nil), 404)
}

// dmFilterOwner checks that carol, who may see the direct message, can filter it, and returns
// her filter's id.
func dmFilterOwner(t *testing.T, a *api, ct, dm string) string {
	t.Helper()
	f := a.fltCreate(ct, map[string]any{"title": "dm", "context": []string{"home"}})
	acctOK(t, a.do("POST", "/api/v2/filters/"+f["id"].(string)+"/statuses", ct, map[string]any{"status_id": dm}))
	return f["id"].(string)
}

func TestFiltersAppliedToTimelinesNotificationsAndThreads(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	a.orgFollow(at, bob.ID)
	all := []string{"home", "notifications", "public", "thread", "account"}
	a.fltCreate(at, map[string]any{"title": "Cats", "context": all, "keywords_attributes": []map[string]any{{"keyword": "cat", "whole_word": true}}})
	a.fltCreate(at, map[string]any{"title": "Hidden at home", "context": []string{"home"}, "filter_action": "hide",
		"keywords_attributes": []map[string]any{{"keyword": "secret", "whole_word": false}}})
	a.fltCreate(at, map[string]any{"title": "Quiet", "context": []string{"notifications"}, "filter_action": "hide",
		"keywords_attributes": []map[string]any{{"keyword": "hush"}}})
	a.fltCreate(at, map[string]any{"title": "Gone", "context": all, "filter_action": "hide", "expires_in": 1,
		"keywords_attributes": []map[string]any{{"keyword": "ephemeral"}}})

	cats := a.stPost(bt, map[string]any{"status": "I love cats"})
	cat := a.stPost(bt, map[string]any{"status": "my <b>cat</b> is here"})
	cw := a.stPost(bt, map[string]any{"status": "nothing to see", "spoiler_text": "Cat pictures"})
	poll := a.stPost(bt, map[string]any{"status": "vote", "poll": map[string]any{"options": []string{"Dog", "CAT"}, "expires_in": 3600}})
	secret := a.stPost(bt, map[string]any{"status": "a topsecret plan"})
	own := a.stPost(at, map[string]any{"status": "my own cat"})
	boost := acctOK(t, a.do("POST", "/api/v1/statuses/"+cat+"/reblog", bt, nil))["id"].(string)

	home := a.do("GET", "/api/v1/timelines/home", at, nil)
	acctSchema(t, "[]Status", home.Body.Bytes())
	for _, id := range []string{cat, cw, poll} {
		st := fltStatus(t, home, id)
		if st == nil {
			t.Fatalf("%s missing from home", id)
		}
		if titles, kws := fltMatches(st); !slices.Equal(titles, []string{"Cats"}) || !slices.Equal(kws, []string{"cat"}) {
			t.Fatalf("%s filtered %v %v", id, titles, kws)
		}
		if f := asList(st["filtered"])[0].(map[string]any)["filter"].(map[string]any); f["keywords"] != nil || f["statuses"] != nil {
			t.Fatalf("a FilterResult's filter has its keywords: %v", f)
		}
	}
	if st := fltStatus(t, home, boost); st == nil || st["filtered"] == nil || st["reblog"].(map[string]any)["filtered"] == nil {
		t.Fatalf("boost of a filtered status %v", st)
	}
	for _, id := range []string{cats, own} {
		if st := fltStatus(t, home, id); st == nil || st["filtered"] != nil {
			t.Fatalf("%s (whole word, or the viewer's own) filtered: %v", id, st)
		}
	}
	if fltStatus(t, home, secret) != nil {
		t.Fatal("a hide filter's status is in the home timeline")
	}
	public := a.do("GET", "/api/v1/timelines/public", at, nil)
	if st := fltStatus(t, public, secret); st == nil || st["filtered"] != nil {
		t.Fatalf("home-only filter applied to the public timeline: %v", st)
	}
	if st := fltStatus(t, public, cat); st == nil || st["filtered"] == nil {
		t.Fatalf("public: %v", st)
	}
	if st := fltStatus(t, a.do("GET", "/api/v1/accounts/"+bob.ID+"/statuses", at, nil), cat); st == nil || st["filtered"] == nil {
		t.Fatalf("account statuses: %v", st)
	}
	// Anonymous viewers and other users are not filtered.
	if st := fltStatus(t, a.do("GET", "/api/v1/timelines/public", "", nil), cat); st == nil || st["filtered"] != nil {
		t.Fatalf("anonymous: %v", st)
	}

	// A status filter hides a status without keywords, and its boosts.
	plain := a.stPost(bt, map[string]any{"status": "plain words"})
	f := a.fltCreate(at, map[string]any{"title": "This one", "context": []string{"home"}, "filter_action": "hide"})
	acctOK(t, a.do("POST", "/api/v2/filters/"+f["id"].(string)+"/statuses", at, map[string]any{"status_id": plain}))
	if fltStatus(t, a.do("GET", "/api/v1/timelines/home", at, nil), plain) != nil {
		t.Fatal("a filtered status is in the home timeline")
	}

	// Threads.
	reply := a.stPost(bt, map[string]any{"status": "another cat", "in_reply_to_id": plain})
	var thread struct{ Descendants []map[string]any }
	r := a.do("GET", "/api/v1/statuses/"+plain+"/context", at, nil)
	r.json(&thread)
	if len(thread.Descendants) != 1 || thread.Descendants[0]["id"] != reply || thread.Descendants[0]["filtered"] == nil {
		t.Fatalf("thread %v", thread.Descendants)
	}

	// Notifications: warn marks the status, hide drops the notification.
	a.stPost(bt, map[string]any{"status": "@alice look, a cat"})
	a.stPost(bt, map[string]any{"status": "@alice hush now"})
	var ns []map[string]any
	r = a.do("GET", "/api/v1/notifications?types[]=mention", at, nil)
	acctSchema(t, "[]Notification", r.Body.Bytes())
	r.json(&ns)
	if len(ns) != 1 || ns[0]["status"].(map[string]any)["filtered"] == nil {
		t.Fatalf("mention notifications %v", ns)
	}

	// An expired filter no longer applies.
	time.Sleep(1100 * time.Millisecond)
	gone := a.stPost(bt, map[string]any{"status": "ephemeral thing"})
	if st := fltStatus(t, a.do("GET", "/api/v1/timelines/home", at, nil), gone); st == nil || st["filtered"] != nil {
		t.Fatalf("expired filter applied: %v", st)
	}
}

func TestFiltersInStreaming(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	a.orgFollow(at, bob.ID)
	a.fltCreate(at, map[string]any{"title": "Hide", "context": []string{"home"}, "filter_action": "hide",
		"keywords_attributes": []map[string]any{{"keyword": "secret"}}})
	a.fltCreate(at, map[string]any{"title": "Warn", "context": []string{"home"},
		"keywords_attributes": []map[string]any{{"keyword": "cat"}}})

	ws := a.dialStream(t, srv, at, "")
	ws.send(map[string]string{"type": "subscribe", "stream": "user"})
	ws.send(map[string]string{"type": "subscribe", "stream": "public"})
	time.Sleep(200 * time.Millisecond)

	a.stPost(bt, map[string]any{"status": "the secret"})
	// Hidden at home, still on the public stream (the filter's context is home only).
	e := ws.next(5 * time.Second)
	if e == nil || e["stream"].([]any)[0] != "public" {
		t.Fatalf("event %v", e)
	}
	if e := ws.next(500 * time.Millisecond); e != nil {
		t.Fatalf("a hidden status reached the user stream: %v", e)
	}
	catID := a.stPost(bt, map[string]any{"status": "a cat"})
	got := map[string]map[string]any{}
	for range 2 {
		e := ws.next(5 * time.Second)
		if e == nil {
			t.Fatalf("events %v", got)
		}
		var st map[string]any
		_ = json.Unmarshal([]byte(e["payload"].(string)), &st)
		if st["id"] != catID {
			t.Fatalf("event for %v", st["id"])
		}
		got[e["stream"].([]any)[0].(string)] = st
	}
	if got["user"]["filtered"] == nil || got["public"]["filtered"] != nil {
		t.Fatalf("filtered on user %v, on public %v", got["user"]["filtered"], got["public"]["filtered"])
	}

	// Changing filters tells the user stream.
	a.fltCreate(at, map[string]any{"title": "More", "context": []string{"public"}})
	e = ws.next(5 * time.Second)
	if e == nil || e["event"] != "filters_changed" || !slices.Equal(asList(e["stream"]), []any{"user"}) {
		t.Fatalf("filters_changed %v", e)
	}
	if _, has := e["payload"]; has {
		t.Fatalf("filters_changed with a payload: %v", e)
	}
}

func TestV1FiltersOverV2(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	a.orgFollow(at, bob.ID)
	wantError(t, a.do("POST", "/api/v1/filters", at, map[string]any{"phrase": "", "context": []string{"home"}}), 422)
	wantError(t, a.do("POST", "/api/v1/filters", at, map[string]any{"phrase": "x"}), 422)
	wantError(t, a.do("POST", "/api/v1/filters", a.token(alice, "read"), map[string]any{"phrase": "x", "context": []string{"home"}}), 403)

	r := a.do("POST", "/api/v1/filters", at, url.Values{"phrase": {"spoiler"}, "context[]": {"home"}, "irreversible": {"true"},
		"whole_word": {"false"}})
	acctSchema(t, "V1Filter", r.Body.Bytes())
	v1 := acctOK(t, r)
	if v1["phrase"] != "spoiler" || v1["irreversible"] != true || v1["whole_word"] != false || v1["expires_at"] != nil {
		t.Fatalf("v1 filter %v", v1)
	}
	// It is a v2 filter titled with the phrase, hiding.
	var v2 []map[string]any
	a.do("GET", "/api/v2/filters", at, nil).json(&v2)
	if len(v2) != 1 || v2[0]["title"] != "spoiler" || v2[0]["filter_action"] != "hide" {
		t.Fatalf("v2 view %v", v2)
	}
	hidden := a.stPost(bt, map[string]any{"status": "big spoilers ahead"})
	if fltStatus(t, a.do("GET", "/api/v1/timelines/home", at, nil), hidden) != nil {
		t.Fatal("an irreversible v1 filter did not hide")
	}
	id := v1["id"].(string)
	u := acctOK(t, a.do("PUT", "/api/v1/filters/"+id, at, map[string]any{"phrase": "plot", "irreversible": false, "context": []string{"home", "public"}}))
	if u["phrase"] != "plot" || u["irreversible"] != false || len(asList(u["context"])) != 2 {
		t.Fatalf("updated %v", u)
	}
	a.do("GET", "/api/v2/filters", at, nil).json(&v2)
	if v2[0]["title"] != "spoiler" || v2[0]["filter_action"] != "warn" {
		t.Fatalf("v2 after the v1 update %v", v2)
	}
	wantError(t, a.do("PUT", "/api/v1/filters/"+id, bt, map[string]any{"phrase": "mine"}), 404)
	wantError(t, a.do("DELETE", "/api/v1/filters/"+id, bt, nil), 404)
	acctOK(t, a.do("DELETE", "/api/v1/filters/"+id, at, nil))
	a.do("GET", "/api/v2/filters", at, nil).json(&v2)
	if len(v2) != 0 {
		t.Fatalf("the filter of the last keyword remains: %v", v2)
	}
}
