package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Env is what the cases run against: a seeded store, the users they read as, and the client
// API over that store.
type Env struct {
	Store     *store.Store
	BaseURL   string
	Viewer    *store.User // local1: follows FollowsPerUser authors
	NoFollows *store.User // edge_nofollows
	Dormant   *store.User // edge_dormant
	// Parents are the ap_ids of the 20 oldest root notes, which all have replies.
	Parents []string
	// Root is the oldest root note: the top of a thread with one reply.
	Root *store.Object
	// Token is an access token of Viewer (scopes read write follow).
	Token string
	// API is the client API (mastodon.Service routes) over Store.
	API http.Handler
}

// DatabaseVersion names the database server and its version ("PostgreSQL 15.2 …", "SQLite 3.49.1").
func DatabaseVersion(ctx context.Context, st *store.Store) string {
	q, prefix := `SELECT version()`, ""
	if st.Dialect().Name() == "sqlite" {
		q, prefix = `SELECT sqlite_version()`, "SQLite "
	}
	var v string
	if err := st.SQL().QueryRowContext(ctx, q).Scan(&v); err != nil {
		return st.Dialect().Name()
	}
	if i := strings.Index(v, " on "); i > 0 {
		v = v[:i]
	}
	return prefix + v
}

// ErrNotSeeded is returned by NewEnv on a database without the benchmark dataset.
var ErrNotSeeded = errors.New("no benchmark dataset: run `egregoros bench seed` first")

// NewEnv loads the users and notes the cases need from a seeded store, and issues an access
// token for local1.
func NewEnv(ctx context.Context, st *store.Store, baseURL string) (*Env, error) {
	e := &Env{Store: st, BaseURL: baseURL}
	for nick, dst := range map[string]**store.User{"local1": &e.Viewer, EdgeNoFollows: &e.NoFollows, EdgeDormant: &e.Dormant} {
		u, err := st.LocalUser(ctx, nick)
		if errors.Is(err, store.ErrNotFound) {
			return nil, ErrNotSeeded
		}
		if err != nil {
			return nil, err
		}
		*dst = u
	}
	oldest, err := st.Timeline(ctx, store.Timeline{Public: true, Page: store.Page{MinID: "0", Limit: 20}, MinIDAscend: true})
	if err != nil {
		return nil, err
	}
	if len(oldest) == 0 {
		return nil, ErrNotSeeded
	}
	for i := len(oldest) - 1; i >= 0; i-- { // Timeline returns newest first
		e.Parents = append(e.Parents, oldest[i].APID)
	}
	e.Root = oldest[len(oldest)-1]
	if e.Token, err = issueToken(ctx, st, e.Viewer); err != nil {
		return nil, err
	}
	e.API = apiHandler(st, baseURL)
	return e, nil
}

// With returns a copy of e whose cases run on st (a recording store, for plans).
func (e *Env) With(st *store.Store) *Env {
	cp := *e
	cp.Store, cp.API = st, apiHandler(st, e.BaseURL)
	return &cp
}

// apiService is the client API over st, without federation (nothing here delivers or
// resolves remote objects).
func apiService(st *store.Store, baseURL string) *mastodon.Service {
	bus := stream.NewMemory(16)
	return &mastodon.Service{BaseURL: baseURL, Secret: strings.Repeat("b", 48), Store: st,
		Pipeline: &activity.Pipeline{Store: st, BaseURL: baseURL, Bus: bus}, Bus: bus, Limits: mastodon.DefaultLimits}
}

// apiHandler is the client API routes alone (no access log or other middleware) over st.
func apiHandler(st *store.Store, baseURL string) http.Handler {
	mux := http.NewServeMux()
	apiService(st, baseURL).Routes(mux)
	return mux
}

// issueToken stores an app and an access token for u, as the OAuth flow would.
func issueToken(ctx context.Context, st *store.Store, u *store.User) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := hex.EncodeToString(raw)
	app := &store.App{Name: "egregoros bench", RedirectURIs: "urn:ietf:wg:oauth:2.0:oob", Scopes: "read write follow",
		ClientID: "bench-" + token[:16], SecretDigest: store.Digest(token[16:32])}
	if err := st.CreateApp(ctx, app); err != nil {
		return "", err
	}
	t := &store.Token{Digest: store.Digest(token), AppID: app.ID, UserID: u.ID, Scopes: "read write follow"}
	if err := st.CreateToken(ctx, t); err != nil {
		return "", err
	}
	return token, nil
}

// get runs GET path through the API in-process, as token's user ("" for anonymous), and
// returns the response body.
func (e *Env) get(ctx context.Context, path, token string) ([]byte, error) {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, e.BaseURL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.API.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %s", path, rec.Code, strings.TrimSpace(string(body)))
	}
	return body, nil
}
