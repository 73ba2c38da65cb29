package mastodon_test

import (
	"net/url"
	"testing"
)

func TestEmojiReactions(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	id := a.stPost(at, map[string]any{"status": "react to me"})
	rbase := "/api/v1/pleroma/statuses/" + id + "/reactions"
	thumbs := rbase + "/" + url.PathEscape("👍")

	wantError(t, a.do("PUT", thumbs, "", nil), 401)
	wantError(t, a.do("PUT", thumbs, a.token(bob, "read"), nil), 403)
	wantError(t, a.do("PUT", "/api/v1/pleroma/statuses/nope/reactions/"+url.PathEscape("👍"), bt, nil), 404)
	wantError(t, a.do("PUT", rbase+"/:blobcat:", bt, nil), 422)
	wantError(t, a.do("PUT", rbase+"/abc", bt, nil), 422)
	wantError(t, a.do("PUT", rbase+"/"+url.PathEscape("👍👍"), bt, nil), 422)

	r := stOK(t, a.do("PUT", thumbs, bt, nil))
	acctSchema(t, "Status", r.Body.Bytes())
	rs := r.obj()["pleroma"].(map[string]any)["emoji_reactions"].([]any)
	if len(rs) != 1 || rs[0].(map[string]any)["name"] != "👍" || rs[0].(map[string]any)["count"] != float64(1) || rs[0].(map[string]any)["me"] != true {
		t.Fatalf("reactions after react %v", rs)
	}
	stOK(t, a.do("PUT", thumbs, bt, nil)) // twice is once
	stOK(t, a.do("PUT", thumbs, ct, nil))
	stOK(t, a.do("PUT", rbase+"/"+url.PathEscape("🎉"), bt, nil))

	var list []map[string]any
	stOK(t, a.do("GET", rbase, at, nil)).json(&list)
	if len(list) != 2 || list[0]["name"] != "👍" || list[0]["count"] != float64(2) || list[0]["me"] != false ||
		len(list[0]["accounts"].([]any)) != 2 || list[1]["name"] != "🎉" || list[1]["count"] != float64(1) {
		t.Fatalf("reactions %v", list)
	}
	stOK(t, a.do("GET", rbase+"/"+url.PathEscape("🎉"), bt, nil)).json(&list)
	if len(list) != 1 || list[0]["me"] != true || list[0]["accounts"].([]any)[0].(map[string]any)["id"] != bob.ID {
		t.Fatalf("🎉 reactions %v", list)
	}
	stOK(t, a.do("GET", rbase+"/"+url.PathEscape("😀"), "", nil)).json(&list)
	if len(list) != 0 {
		t.Fatalf("😀 reactions %v", list)
	}

	// The author is told.
	var ns []map[string]any
	a.do("GET", "/api/v1/notifications?types[]=pleroma:emoji_reaction", at, nil).json(&ns)
	if len(ns) != 3 || ns[0]["emoji"] == "" {
		t.Fatalf("notifications %v", ns)
	}

	// Undo: only one's own.
	r = stOK(t, a.do("DELETE", thumbs, bt, nil))
	rs = r.obj()["pleroma"].(map[string]any)["emoji_reactions"].([]any)
	if len(rs) != 2 {
		t.Fatalf("reactions after unreact %v", rs)
	}
	for _, x := range rs {
		if m := x.(map[string]any); m["name"] == "👍" && (m["count"] != float64(1) || m["me"] != false) {
			t.Fatalf("👍 after bob's unreact %v", m)
		}
	}
	stOK(t, a.do("DELETE", thumbs, bt, nil)) // nothing left to undo
	wantError(t, a.do("DELETE", thumbs, "", nil), 401)

	// Outside the audience: 404 everywhere.
	dm := a.stPost(at, map[string]any{"status": "@bob psst", "visibility": "direct"})
	dmBase := "/api/v1/pleroma/statuses/" + dm + "/reactions"
	stOK(t, a.do("PUT", dmBase+"/"+url.PathEscape("👍"), bt, nil))
	wantError(t, a.do("PUT", dmBase+"/"+url.PathEscape("👍"), ct, nil), 404)
	wantError(t, a.do("DELETE", dmBase+"/"+url.PathEscape("👍"), ct, nil), 404)
	wantError(t, a.do("GET", dmBase, ct, nil), 404)
	wantError(t, a.do("GET", dmBase, "", nil), 404)
}
