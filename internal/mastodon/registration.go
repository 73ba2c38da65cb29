package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"strings"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,30}$`)

// fieldError is one entry of the details of a failed registration, as Mastodon writes them.
type fieldError struct {
	Error       string `json:"error"`
	Description string `json:"description"`
}

// registration is a validated POST /api/v1/accounts.
type registration struct {
	username, email, password, locale string
	details                           map[string][]fieldError
}

func (g *registration) fail(field, code, desc string) {
	g.details[field] = append(g.details[field], fieldError{Error: code, Description: desc})
}

// registrationsOpen is whether sign-up is open now: the admin's choice, once made on the admin
// page, else EGREGOROS_REGISTRATIONS_OPEN (store.RegistrationsOpen).
func (s *Service) registrationsOpen(ctx context.Context) (bool, error) {
	return s.Store.RegistrationsOpen(ctx, s.RegistrationsOpen)
}

// registerAccount is POST /api/v1/accounts: a new local account, when registrations are open,
// through an app's token. It answers with a user token for the same app and scopes.
func (s *Service) registerAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if open, err := s.registrationsOpen(r.Context()); err != nil || !open {
		if err != nil {
			return err
		}
		return errorf(http.StatusForbidden, "Registrations are closed on this server")
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	g, err := s.checkRegistration(r, p)
	if err != nil {
		return err
	}
	if len(g.details) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "Validation failed", "details": g.details})
		return nil
	}
	ctx := r.Context()
	u, err := auth.CreateLocal(ctx, s.Store, s.BaseURL, auth.NewUser{Nickname: g.username, Email: g.email, Password: g.password})
	if errors.Is(err, store.ErrTaken) {
		return badRequest("Validation failed: Username or e-mail address has already been taken")
	}
	if errors.Is(err, auth.ErrInvalidNickname) { // a reserved name
		return badRequest("Validation failed: Username is reserved")
	}
	if err != nil {
		return err
	}
	if g.locale != "" {
		if u.Data, err = json.Marshal(map[string]string{"locale": g.locale}); err != nil {
			return err
		}
		if err := s.Store.UpdateUser(ctx, u); err != nil {
			return err
		}
	}
	tok, err := s.NewToken(ctx, v.token.AppID, u.ID, strings.Fields(v.token.Scopes))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tok)
	return nil
}

var localeRE = regexp.MustCompile(`^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})?$`)

// checkRegistration validates the parameters, collecting every problem by field.
func (s *Service) checkRegistration(r *http.Request, p *params) (*registration, error) {
	ctx := r.Context()
	g := &registration{username: strings.TrimSpace(p.String("username")), email: strings.TrimSpace(p.String("email")),
		password: p.String("password"), locale: p.String("locale"), details: map[string][]fieldError{}}
	switch {
	case g.username == "":
		g.fail("username", "ERR_BLANK", "can't be blank")
	case !usernameRE.MatchString(g.username):
		g.fail("username", "ERR_INVALID", "must contain only letters, numbers and underscores (at most 30)")
	default:
		if _, err := s.Store.LocalUser(ctx, g.username); err == nil {
			g.fail("username", "ERR_TAKEN", "is already taken")
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	if g.email == "" {
		g.fail("email", "ERR_BLANK", "can't be blank")
	} else if addr, err := mail.ParseAddress(g.email); err != nil || addr.Address != g.email {
		g.fail("email", "ERR_INVALID", "is invalid")
	} else if _, err := s.Store.LocalUserByEmail(ctx, g.email); err == nil {
		g.fail("email", "ERR_TAKEN", "is already taken")
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	switch n := len(g.password); {
	case n == 0:
		g.fail("password", "ERR_BLANK", "can't be blank")
	case n < auth.MinPasswordLen:
		g.fail("password", "ERR_TOO_SHORT", fmt.Sprintf("is too short (minimum is %d characters)", auth.MinPasswordLen))
	case n > auth.MaxPasswordLen:
		g.fail("password", "ERR_TOO_LONG", "is too long")
	}
	if agreed, _, _ := p.Bool("agreement"); !agreed {
		g.fail("agreement", "ERR_ACCEPTED", "must be accepted")
	}
	if g.locale != "" && !localeRE.MatchString(g.locale) {
		g.fail("locale", "ERR_INCLUSION", "is not included in the list")
	}
	return g, nil
}
