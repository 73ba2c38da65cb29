package mastodon_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
)

const base = "http://localhost:4000"

// api is the client API behind the real router, on a fresh database.
type api struct {
	t   *testing.T
	st  *store.Store
	svc *mastodon.Service
	h   http.Handler
	ctx context.Context
}

func newAPI(t *testing.T) *api {
	t.Helper()
	st := testutil.NewStore(t)
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	svc := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits}
	cfg := &config.Config{Host: "localhost", Scheme: "http", Port: 4000}
	// Every JSON response is validated against the Mastodon OpenAPI spec (schema_test.go).
	h := specChecked{t: t, h: server.New(cfg, st, svc).Handler()}
	return &api{t: t, st: st, svc: svc, h: h, ctx: context.Background()}
}

// user creates a local user with password "password123".
func (a *api) user(nick string) *store.User {
	a.t.Helper()
	u, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: nick, Password: "password123"})
	if err != nil {
		a.t.Fatal(err)
	}
	return u
}

// token issues a token for nick with the given scopes through a registered app.
func (a *api) token(u *store.User, scopes ...string) string {
	a.t.Helper()
	app := &store.App{Name: "test", RedirectURIs: mastodon.OOB, Scopes: "read write follow push", ClientID: u.Nickname + "-client",
		SecretDigest: store.Digest("secret")}
	if _, err := a.st.AppByClientID(a.ctx, app.ClientID); err != nil {
		if err := a.st.CreateApp(a.ctx, app); err != nil {
			a.t.Fatal(err)
		}
	} else {
		app, _ = a.st.AppByClientID(a.ctx, app.ClientID)
	}
	resp, err := a.svc.NewToken(a.ctx, app.ID, u.ID, scopes)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp.AccessToken
}

type response struct {
	*httptest.ResponseRecorder
	t *testing.T
}

// json decodes the body into v.
func (r response) json(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.Body.Bytes(), v); err != nil {
		r.t.Fatalf("status %d body %q: %v", r.Code, r.Body.String(), err)
	}
}

// obj decodes the body as a JSON object.
func (r response) obj() map[string]any {
	var m map[string]any
	r.json(&m)
	return m
}

// do sends a request; body may be nil, url.Values (form), or anything else (JSON).
func (a *api) do(method, path, token string, body any) response {
	a.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	default:
		buf, _ := json.Marshal(b)
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return response{rec, a.t}
}

// wantError checks a Mastodon-style error response.
func wantError(t *testing.T, r response, status int) {
	t.Helper()
	if r.Code != status {
		t.Fatalf("status %d, want %d: %s", r.Code, status, r.Body.String())
	}
	var m map[string]any
	if err := json.Unmarshal(r.Body.Bytes(), &m); err != nil || m["error"] == nil {
		t.Fatalf("error body %q", r.Body.String())
	}
}
