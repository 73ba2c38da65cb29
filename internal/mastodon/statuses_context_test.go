package mastodon_test

import (
	"slices"
	"testing"
)

func TestStatusContext(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow"), a.token(carol, "read", "write")
	reply := func(tok, parent, text string, extra ...string) string {
		body := map[string]any{"status": text, "in_reply_to_id": parent}
		if len(extra) > 0 {
			body["visibility"] = extra[0]
		}
		return a.stPost(tok, body)
	}
	root := a.stPost(at, map[string]any{"status": "root"})
	b1 := reply(bt, root, "b1")
	a2 := reply(at, b1, "a2")
	c1 := reply(ct, root, "c1")
	dm := reply(bt, root, "@alice secret", "direct")        // bob to alice only
	underDM := reply(at, dm, "@bob still secret", "direct") // alice to bob
	fo := reply(bt, b1, "for bob's followers", "private")
	b3 := reply(bt, a2, "b3")

	ctxOf := func(id, tok string) (anc, desc []string) {
		t.Helper()
		r := stOK(t, a.do("GET", "/api/v1/statuses/"+id+"/context", tok, nil))
		acctSchema(t, "Context", r.Body.Bytes())
		var c struct{ Ancestors, Descendants []map[string]any }
		r.json(&c)
		return stIDs(c.Ancestors), stIDs(c.Descendants)
	}

	// Depth first; what the viewer may not see is left out. (Siblings are oldest first, but
	// statuses posted in the same second have no order.)
	parent := map[string]string{b1: root, a2: b1, c1: root, dm: root, underDM: dm, fo: b1, b3: a2}
	anc, desc := ctxOf(root, "")
	if len(anc) != 0 {
		t.Fatalf("anonymous ancestors of root: %v", anc)
	}
	wantDepthFirst(t, desc, parent, b1, a2, b3, c1)
	_, desc = ctxOf(root, at)
	wantDepthFirst(t, desc, parent, b1, a2, b3, c1, dm, underDM)
	_, desc = ctxOf(root, ct)
	wantDepthFirst(t, desc, parent, b1, a2, b3, c1)
	stOK(t, a.do("POST", "/api/v1/accounts/"+bob.ID+"/follow", ct, nil))
	_, desc = ctxOf(root, ct)
	wantDepthFirst(t, desc, parent, b1, a2, b3, fo, c1)
	if anc, desc := ctxOf(b3, ""); !stSame(anc, []string{root, b1, a2}) || len(desc) != 0 {
		t.Fatalf("context of b3: %v %v", anc, desc)
	}
	if anc, _ := ctxOf(underDM, bt); !stSame(anc, []string{root, dm}) {
		t.Fatalf("bob's context of the reply to his dm: %v", anc)
	}

	// A status outside the viewer's audience has no context for them.
	wantError(t, a.do("GET", "/api/v1/statuses/"+dm+"/context", ct, nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/"+dm+"/context", "", nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/"+fo+"/context", at, nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/nope/context", "", nil), 404)
	wantError(t, a.do("GET", "/api/v1/statuses/"+root+"/context", "bogus", nil), 401)

	// A boost's context is its status's.
	boost := stOK(t, a.do("POST", "/api/v1/statuses/"+b1+"/reblog", ct, nil)).obj()["id"].(string)
	if anc, desc := ctxOf(boost, ""); !stSame(anc, []string{root}) || !stSame(desc, []string{a2, b3}) {
		t.Fatalf("context of a boost: %v %v", anc, desc)
	}
	_ = alice
}

// wantDepthFirst checks that got holds exactly want, each status after its parent and right
// after its parent or the last status of an earlier sibling's subtree (depth-first order).
func wantDepthFirst(t *testing.T, got []string, parent map[string]string, want ...string) {
	t.Helper()
	if !stSame(sorted(got), sorted(want)) {
		t.Fatalf("descendants %v, want %v", got, want)
	}
	for i := 1; i < len(got); i++ {
		ok := false
		for prev := got[i-1]; prev != ""; prev = parent[prev] {
			if parent[got[i]] == prev || parent[got[i]] == parent[prev] {
				ok = true
				break
			}
		}
		if !ok {
			t.Fatalf("descendants %v: %s is out of depth-first order", got, got[i])
		}
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
