package web

import (
	"context"
	"net/http"
	"strings"

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

// checkLogin is auth.CheckLogin on this server's store.
func (s *Service) checkLogin(ctx context.Context, login, password string) (*store.User, error) {
	return auth.CheckLogin(ctx, s.opt.Store, login, password)
}
