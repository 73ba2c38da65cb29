package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// viewer is who is calling: the token, its app, and its user (nil for an app-only token).
type viewer struct {
	user   *store.User
	token  *store.Token
	app    *store.App
	scopes []string
}

// apID is the viewer's actor id, "" when anonymous or app-only.
func (v *viewer) apID() string {
	if v == nil || v.user == nil {
		return ""
	}
	return v.user.APID
}

type ctxKey struct{}

func viewerFrom(ctx context.Context) *viewer {
	v, _ := ctx.Value(ctxKey{}).(*viewer)
	return v
}

// bearer returns the access token of a request: the Authorization header only (tokens in query
// strings end up in logs; the streaming endpoint reads its own).
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// lookupToken resolves a raw token to a viewer.
func (s *Service) lookupToken(ctx context.Context, raw string) (*viewer, error) {
	if raw == "" || len(raw) > 512 {
		return nil, errUnauthorized
	}
	t, err := s.Store.TokenByDigest(ctx, store.Digest(raw))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnauthorized
	}
	if err != nil {
		return nil, err
	}
	v := &viewer{token: t, scopes: strings.Fields(t.Scopes)}
	if t.UserID != "" {
		if v.user, err = s.Store.UserByID(ctx, t.UserID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, errUnauthorized
			}
			return nil, err
		}
		if v.user.SuspendedAt != nil {
			return nil, errorf(http.StatusForbidden, "Your login is currently disabled")
		}
	}
	return v, nil
}

// access says what a route needs: a scope, and whether a user (not just an app) must be
// signed in.
type access struct {
	scope    string
	user     bool // a user token is required
	optional bool // anonymous callers are allowed (public timelines, statuses)
}

var (
	public    = access{optional: true}
	needRead  = func(scope string) access { return access{scope: scope, user: true} }
	needWrite = func(scope string) access { return access{scope: scope, user: true} }
	appOnly   = func(scope string) access { return access{scope: scope} }
)

// handler is the shape of every API handler: the viewer is resolved before it runs.
type handler func(w http.ResponseWriter, r *http.Request, v *viewer) error

// with authenticates a request according to a, then runs h and writes its error.
func (s *Service) with(a access, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var v *viewer
		raw := bearer(r)
		switch {
		case raw != "":
			var err error
			if v, err = s.lookupToken(r.Context(), raw); err != nil {
				fail(w, r, err)
				return
			}
			if !grants(v.scopes, a.scope) && !(a.optional && a.scope == "") {
				fail(w, r, errForbidden)
				return
			}
			if a.user && v.user == nil {
				fail(w, r, errorf(http.StatusUnprocessableEntity, "This method requires an authenticated user"))
				return
			}
		case !a.optional:
			fail(w, r, errorf(http.StatusUnauthorized, "The access token is invalid"))
			return
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, v)
		if err := h(w, r.WithContext(ctx), v); err != nil {
			fail(w, r, err)
		}
	}
}
