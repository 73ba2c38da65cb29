package mastodon_test

import (
	"net/http"
	"testing"
)

// Helpers of the status endpoint tests (edit, context, interactors, mutes, pins, reactions,
// bookmarks, idempotency). Entities are checked with checkSchema (accounts_schema_test.go).

// stPost posts a status as tok and returns its id.
func (a *api) stPost(tok string, body map[string]any) string {
	a.t.Helper()
	r := a.do("POST", "/api/v1/statuses", tok, body)
	if r.Code != http.StatusOK {
		a.t.Fatalf("post %v: %d %s", body, r.Code, r.Body.String())
	}
	return r.obj()["id"].(string)
}

// stOK checks a 200 and returns the response.
func stOK(t *testing.T, r response) response {
	t.Helper()
	if r.Code != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.Code, r.Body.String())
	}
	return r
}

// stIDs lists the ids of a JSON array of statuses or accounts.
func stIDs(list []map[string]any) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m["id"].(string))
	}
	return out
}

func stSame(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
