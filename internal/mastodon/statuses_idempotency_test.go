package mastodon_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// postWithKey posts a status with an Idempotency-Key header.
func (a *api) postWithKey(tok, key, body string) response {
	a.t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/statuses", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Idempotency-Key", key)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec, a.t}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write"), a.token(bob, "read", "write")

	first := stOK(t, a.postWithKey(at, "k1", `{"status":"once"}`)).obj()["id"]
	again := stOK(t, a.postWithKey(at, "k1", `{"status":"once"}`))
	acctSchema(t, "Status", again.Body.Bytes())
	if again.obj()["id"] != first {
		t.Fatalf("same key posted again: %v then %v", first, again.obj()["id"])
	}
	if other := stOK(t, a.postWithKey(at, "k2", `{"status":"once"}`)).obj()["id"]; other == first {
		t.Fatal("another key returned the first status")
	}
	if bobs := stOK(t, a.postWithKey(bt, "k1", `{"status":"once"}`)).obj()["id"]; bobs == first {
		t.Fatal("another user's key returned alice's status")
	}
	var list []map[string]any
	a.do("GET", "/api/v1/accounts/"+alice.ID+"/statuses", at, nil).json(&list)
	if len(list) != 2 {
		t.Fatalf("alice's statuses %v", stIDs(list))
	}

	// A refused post frees its key; a deleted status too.
	wantError(t, a.postWithKey(at, "k3", `{"status":" "}`), 422)
	stOK(t, a.postWithKey(at, "k3", `{"status":"now valid"}`))
	stOK(t, a.do("DELETE", "/api/v1/statuses/"+first.(string), at, nil))
	if again := stOK(t, a.postWithKey(at, "k1", `{"status":"once more"}`)).obj()["id"]; again == first {
		t.Fatal("the deleted status came back")
	}
	wantError(t, a.postWithKey(at, strings.Repeat("k", 513), `{"status":"x"}`), 422)
}
