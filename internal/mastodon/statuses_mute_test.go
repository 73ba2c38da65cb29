package mastodon_test

import (
	"context"
	"testing"
)

func TestMuteThread(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read", "write")
	root := a.stPost(at, map[string]any{"status": "thread"})
	reply := a.stPost(bt, map[string]any{"status": "reply", "in_reply_to_id": root})
	path := "/api/v1/statuses/" + reply

	wantError(t, a.do("POST", path+"/mute", "", nil), 401)
	wantError(t, a.do("POST", path+"/mute", a.token(alice, "read"), nil), 403)
	wantError(t, a.do("POST", "/api/v1/statuses/nope/mute", at, nil), 404)
	dm := a.stPost(bt, map[string]any{"status": "@alice psst", "visibility": "direct"})
	wantError(t, a.do("POST", "/api/v1/statuses/"+dm+"/mute", ct, nil), 404)
	wantError(t, a.do("POST", "/api/v1/statuses/"+dm+"/unmute", ct, nil), 404)

	r := stOK(t, a.do("POST", path+"/mute", at, nil))
	acctSchema(t, "Status", r.Body.Bytes())
	if r.obj()["muted"] != true {
		t.Fatalf("mute %v", r.obj()["muted"])
	}
	// The whole thread is muted for alice, not for bob.
	root0, _ := a.st.ObjectByID(context.Background(), root)
	if m, err := a.st.ThreadMuted(context.Background(), alice.APID, root0.APID); err != nil || !m {
		t.Fatalf("thread muted for alice = %v, %v", m, err)
	}
	if m, _ := a.st.ThreadMuted(context.Background(), bob.APID, root0.APID); m {
		t.Fatal("thread muted for bob")
	}
	if r := stOK(t, a.do("POST", path+"/unmute", at, nil)); r.obj()["muted"] != false {
		t.Fatalf("unmute %v", r.obj()["muted"])
	}
	if m, _ := a.st.ThreadMuted(context.Background(), alice.APID, root0.APID); m {
		t.Fatal("thread still muted")
	}
}
