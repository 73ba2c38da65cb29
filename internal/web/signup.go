package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

// signupData is what the sign-up page shows: the values typed so far and what is wrong with
// them, by field.
type signupData struct {
	Username string
	Email    string
	Errors   map[string]string
}

var errSignupClosed = &httpError{Status: http.StatusForbidden, Msg: "Registrations are closed on this server."}

// registrationsOpen is whether sign-up is open now: the admin page's choice once made, else
// EGREGOROS_REGISTRATIONS_OPEN (store.RegistrationsOpen); closed when it cannot be read.
func (s *Service) registrationsOpen(ctx context.Context) bool {
	open, err := s.opt.Store.RegistrationsOpen(ctx, s.opt.RegistrationsOpen)
	return err == nil && open
}

// signupForm is GET /signup, when registrations are open; a signed-in browser goes home.
func (s *Service) signupForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !s.registrationsOpen(r.Context()) {
		return errSignupClosed
	}
	if rq.user != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.renderSignup(w, http.StatusOK, rq, &signupData{Errors: map[string]string{}})
	return nil
}

func (s *Service) renderSignup(w http.ResponseWriter, status int, rq *request, d *signupData) {
	v := s.view(rq, "Create an account", d)
	v.Active = "login"
	s.renderPage(w, status, "signup", v)
}

// signup is POST /signup: the account is created by auth.CreateLocal, the code behind the
// API's POST /api/v1/accounts, which holds the rules (nickname, email, password, reserved
// names); the form only adds what a form needs (the password typed twice, the rules
// accepted, an email address as the API requires). Success signs the browser in.
func (s *Service) signup(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !s.registrationsOpen(r.Context()) {
		return errSignupClosed
	}
	ctx := r.Context()
	d := &signupData{Username: strings.TrimSpace(r.PostFormValue("username")), Email: strings.TrimSpace(r.PostFormValue("email")),
		Errors: map[string]string{}}
	password := r.PostFormValue("password")
	if d.Username == "" {
		d.Errors["username"] = "Choose a username."
	}
	if d.Email == "" {
		d.Errors["email"] = "Enter your email address."
	}
	if password != r.PostFormValue("password_confirmation") {
		d.Errors["password"] = "The two passwords differ."
	}
	if r.PostFormValue("agreement") == "" {
		d.Errors["agreement"] = "Accept the server's rules to continue."
	}
	if len(d.Errors) > 0 {
		s.renderSignup(w, http.StatusUnprocessableEntity, rq, d)
		return nil
	}
	u, err := auth.CreateLocal(ctx, s.opt.Store, s.opt.BaseURL, auth.NewUser{Nickname: d.Username, Email: d.Email, Password: password})
	switch {
	case err == nil:
	case errors.Is(err, auth.ErrInvalidNickname):
		d.Errors["username"] = "Use 1 to 30 letters, digits or underscores (some names are reserved)."
	case errors.Is(err, auth.ErrWeakPassword):
		d.Errors["password"] = auth.ErrWeakPassword.Error() + "."
	case errors.Is(err, store.ErrTaken):
		if _, lerr := s.opt.Store.LocalUser(ctx, d.Username); lerr == nil {
			d.Errors["username"] = "This username is taken."
		} else {
			d.Errors["email"] = "This email address is already used by an account."
		}
	case strings.Contains(err.Error(), "email"): // auth.CreateLocal's "invalid email address"
		d.Errors["email"] = "This email address is not valid."
	default:
		return err
	}
	if len(d.Errors) > 0 {
		s.renderSignup(w, http.StatusUnprocessableEntity, rq, d)
		return nil
	}
	if err := s.startSession(w, r, rq, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
