package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// accountByID finds an account by its id (users.id); 404 otherwise.
func (s *Service) accountByID(ctx context.Context, id string) (*store.User, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	u, err := s.Store.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.ActorType == "Application" && u.Local) {
		return nil, errNotFound
	}
	return u, err
}

// verifyCredentials is GET /api/v1/accounts/verify_credentials: the CredentialAccount.
func (s *Service) verifyCredentials(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := s.credentialAccount(r.Context(), v.user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// showAccount is GET /api/v1/accounts/:id.
func (s *Service) showAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	a, err := s.renderAccount(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// lookupAccount is GET /api/v1/accounts/lookup?acct=nick or nick@domain.
func (s *Service) lookupAccount(w http.ResponseWriter, r *http.Request, v *viewer) error {
	acct := strings.TrimPrefix(strings.TrimSpace(r.URL.Query().Get("acct")), "@")
	if acct == "" || len(acct) > 300 {
		return badRequest("acct is required")
	}
	nick, domain, _ := strings.Cut(acct, "@")
	u, err := s.resolveHandle(r.Context(), nick, domain)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.ActorType == "Application" && u.Local) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	a, err := s.renderAccount(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
