package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// Cookies of the UI. The session cookie carries a random token whose digest is the sessions
// row; the pre-session cookie binds the login form's CSRF token before there is a session.
const (
	sessionCookie    = "_egregoros_session"
	preSessionCookie = "_egregoros_csrf"
)

const (
	sessionLifetime = 30 * 24 * time.Hour // sliding: each use (at most hourly) extends it
	touchEvery      = time.Hour
	preSessionAge   = 12 * time.Hour
)

// session resolves the browser's session (clearing a stale cookie) and computes the CSRF
// token of the forms this request renders.
func (s *Service) session(w http.ResponseWriter, r *http.Request) (*request, error) {
	rq := &request{}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && len(c.Value) <= 128 {
		now := s.now()
		sess, u, err := s.opt.Store.SessionUser(r.Context(), store.Digest(c.Value), now)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.setCookie(w, sessionCookie, "", -1)
		case err != nil:
			return rq, err
		default:
			rq.user, rq.session = u, sess
			if now.Sub(sess.LastSeenAt) >= touchEvery {
				if err := s.opt.Store.TouchSession(r.Context(), sess.ID, now, now.Add(sessionLifetime)); err != nil {
					return rq, err
				}
				s.setCookie(w, sessionCookie, c.Value, sessionLifetime)
			}
		}
	}
	if rq.session != nil {
		rq.csrf = s.csrfToken(rq.session.ID)
		return rq, nil
	}
	if c, err := r.Cookie(preSessionCookie); err == nil && len(c.Value) == 43 {
		rq.csrf = s.csrfToken("pre:" + c.Value)
	} else if r.Method == http.MethodGet {
		v := randomToken()
		s.setCookie(w, preSessionCookie, v, preSessionAge)
		rq.csrf = s.csrfToken("pre:" + v)
	}
	return rq, nil
}

// startSession signs u in with a new session: the old session (if any) is deleted, so a
// session id planted before login is worthless (renewal on login).
func (s *Service) startSession(w http.ResponseWriter, r *http.Request, rq *request, u *store.User) error {
	if rq.session != nil {
		if err := s.opt.Store.DeleteSession(r.Context(), rq.session.ID); err != nil {
			return err
		}
	}
	token := randomToken()
	now := s.now()
	sess := &store.Session{ID: store.Digest(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(sessionLifetime)}
	if err := s.opt.Store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	s.setCookie(w, sessionCookie, token, sessionLifetime)
	s.setCookie(w, preSessionCookie, "", -1)
	return nil
}

// endSession deletes the session and its cookie.
func (s *Service) endSession(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.session != nil {
		if err := s.opt.Store.DeleteSession(r.Context(), rq.session.ID); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	return nil
}

// setCookie sets (maxAge > 0) or clears (maxAge < 0) one of our cookies: HttpOnly,
// SameSite=Lax, Secure on https, with the configured Domain.
func (s *Service) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", Domain: s.opt.CookieDomain, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure, MaxAge: int(maxAge / time.Second)}
	if maxAge < 0 {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// csrfToken is the form token bound to binding (a session digest, or "pre:" and the
// pre-session cookie): an HMAC under the server secret, so it can be neither guessed nor
// reused with another session.
func (s *Service) csrfToken(binding string) string {
	m := hmac.New(sha256.New, []byte(s.opt.Secret))
	m.Write([]byte("egregoros web csrf\x00"))
	m.Write([]byte(binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validCSRF checks the csrf_token form field (or the X-CSRF-Token header) against the token
// of this request's session or pre-session cookie.
func (s *Service) validCSRF(r *http.Request, rq *request) bool {
	if rq.csrf == "" {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(rq.csrf)) == 1
}

// randomToken returns 32 random bytes, base64url without padding (43 characters).
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// SignedIn returns the user whose live session the request carries, or nil for a visitor,
// without touching the session. The OAuth consent page uses it (with CSRFToken and
// CheckCSRF) so that a signed-in browser approves an app without typing its password again.
func (s *Service) SignedIn(r *http.Request) (*store.User, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return nil, nil
	}
	_, u, err := s.opt.Store.SessionUser(r.Context(), store.Digest(c.Value), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// SignedInActor is the actor id of the signed-in user, "" for a visitor or on any error: the
// media service uses it to decide who may see followers-only and direct uploads.
func (s *Service) SignedInActor(r *http.Request) string {
	u, err := s.SignedIn(r)
	if err != nil || u == nil {
		return ""
	}
	return u.APID
}

// CSRFToken is the form token bound to the request's session ("" without one).
func (s *Service) CSRFToken(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return ""
	}
	return s.csrfToken(store.Digest(c.Value))
}

// CheckCSRF reports whether a POST carries the token of its session (see CSRFToken).
func (s *Service) CheckCSRF(r *http.Request) bool {
	want := s.CSRFToken(r)
	return want != "" && s.validCSRF(r, &request{csrf: want})
}
