package mastodon_test

import (
	"testing"
)

func TestPinUnpin(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write")
	id := a.stPost(at, map[string]any{"status": "pin me"})
	path := "/api/v1/statuses/" + id

	wantError(t, a.do("POST", path+"/pin", "", nil), 401)
	wantError(t, a.do("POST", path+"/pin", a.token(alice, "write:statuses"), nil), 403)
	wantError(t, a.do("POST", "/api/v1/statuses/nope/pin", at, nil), 404)
	wantError(t, a.do("POST", path+"/pin", bt, nil), 422) // someone else's, as Mastodon answers
	private := a.stPost(at, map[string]any{"status": "followers", "visibility": "private"})
	wantError(t, a.do("POST", "/api/v1/statuses/"+private+"/pin", at, nil), 422)
	wantError(t, a.do("POST", "/api/v1/statuses/"+private+"/pin", bt, nil), 404)
	boost := stOK(t, a.do("POST", path+"/reblog", at, nil)).obj()["id"].(string)
	wantError(t, a.do("POST", "/api/v1/statuses/"+boost+"/pin", at, nil), 422)

	r := stOK(t, a.do("POST", path+"/pin", at, nil))
	acctSchema(t, "Status", r.Body.Bytes())
	if r.obj()["pinned"] != true {
		t.Fatalf("pin %v", r.obj()["pinned"])
	}
	stOK(t, a.do("POST", path+"/pin", at, nil)) // twice is once
	for range 4 {
		stOK(t, a.do("POST", "/api/v1/statuses/"+a.stPost(at, map[string]any{"status": "more"})+"/pin", at, nil))
	}
	sixth := a.stPost(at, map[string]any{"status": "one too many"})
	wantError(t, a.do("POST", "/api/v1/statuses/"+sixth+"/pin", at, nil), 422)
	pins, err := a.st.PinnedStatuses(a.ctx, alice.APID, "")
	if err != nil || len(pins) != 5 {
		t.Fatalf("pins %d, %v", len(pins), err)
	}

	if r := stOK(t, a.do("POST", path+"/unpin", at, nil)); r.obj()["pinned"] != false {
		t.Fatalf("unpin %v", r.obj()["pinned"])
	}
	stOK(t, a.do("POST", "/api/v1/statuses/"+sixth+"/pin", at, nil))
	stOK(t, a.do("POST", path+"/unpin", bt, nil)) // nothing of bob's to unpin
	wantError(t, a.do("POST", "/api/v1/statuses/"+private+"/unpin", bt, nil), 404)
}
