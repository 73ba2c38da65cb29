package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/testutil"
)

func TestHealth(t *testing.T) {
	st := testutil.NewStore(t)
	cfg := &config.Config{Host: "localhost", Scheme: "http", Port: 4000}
	h := server.New(cfg, st).Handler()

	get := func() (int, map[string]string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/health", nil))
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("body %q: %v", rec.Body.String(), err)
		}
		return rec.Code, body
	}
	if code, body := get(); code != http.StatusOK || body["status"] != "ok" || body["database"] != "ok" {
		t.Fatalf("healthy: %d %v", code, body)
	}
	st.Close() // the database goes away
	if code, body := get(); code != http.StatusServiceUnavailable || body["database"] != "error" {
		t.Fatalf("database down: %d %v", code, body)
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/nope", nil))
	if rec.Code != http.StatusNotFound || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("unknown path: %d %v", rec.Code, rec.Header())
	}
}
