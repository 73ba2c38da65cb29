package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// loginData is what the login page shows.
type loginData struct {
	Login string
	Next  string
	Error string
}

// loginForm is GET /login; a signed-in browser goes straight on.
func (s *Service) loginForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	next := localPath(r.URL.Query().Get("next"), "/")
	if rq.user != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	v := s.view(rq, "Sign in", &loginData{Next: next})
	v.Active = "login"
	s.renderPage(w, http.StatusOK, "login", v)
	return nil
}

// login is POST /login: it checks the credentials, renews the session and goes to next.
func (s *Service) login(w http.ResponseWriter, r *http.Request, rq *request) error {
	login := strings.TrimSpace(r.PostFormValue("username"))
	next := localPath(r.PostFormValue("next"), "/")
	u, err := s.checkLogin(r.Context(), login, r.PostFormValue("password"))
	if err != nil {
		v := s.view(rq, "Sign in", &loginData{Login: login, Next: next, Error: "Invalid username or password."})
		v.Active = "login"
		s.renderPage(w, http.StatusUnauthorized, "login", v)
		return nil
	}
	if err := s.startSession(w, r, rq, u); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout is POST /logout.
func (s *Service) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.endSession(w, r, rq); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// dummyHash is a real argon2id hash, so that an unknown login costs the same work as a known
// one (auth.CheckPassword returns at once on an empty hash).
var dummyHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("not the password of anyone")
	if err != nil {
		panic(err)
	}
	return h
})

// checkLogin finds a local user by nickname or email and checks the password, doing the same
// hashing work for unknown users. It is the rule of the API's password grant and consent page
// (mastodon.checkLogin); both should call one auth.CheckLogin.
func (s *Service) checkLogin(ctx context.Context, login, password string) (*store.User, error) {
	login = strings.TrimPrefix(login, "@")
	if login == "" || password == "" || len(login) > 320 {
		return nil, errors.New("missing credentials")
	}
	u, err := s.opt.Store.LocalUser(ctx, login)
	if errors.Is(err, store.ErrNotFound) && strings.Contains(login, "@") {
		u, err = s.opt.Store.LocalUserByEmail(ctx, login)
	}
	if err != nil {
		auth.CheckPassword(dummyHash(), password) // as slow as a wrong password
		return nil, err
	}
	if u.ActorType == "Application" || !auth.CheckPassword(u.PasswordHash, password) {
		return nil, errors.New("wrong password")
	}
	return u, nil
}
