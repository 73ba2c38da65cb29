package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
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
	a, err := s.renderAccount(r.Context(), v.user)
	if err != nil {
		return err
	}
	requests, err := s.Store.CountRelationships(r.Context(), store.RelFollowRequest, v.user.APID)
	if err != nil {
		return err
	}
	var data struct {
		Source struct {
			Note string `json:"note"`
		} `json:"source"`
	}
	_ = json.Unmarshal(v.user.Data, &data)
	note := data.Source.Note
	if note == "" {
		note = markup.StripTags(v.user.Bio)
	}
	a.Source = &Source{Privacy: "public", Language: "", Note: note, Fields: a.Fields, FollowRequestsCount: requests,
		Discoverable: v.user.Discoverable, Indexable: v.user.Discoverable, AttributionDomains: []string{}}
	role := Role{ID: "-99", Name: "", Permissions: "0", Color: ""}
	if v.user.Admin {
		role = Role{ID: "3", Name: "Owner", Permissions: "1", Color: "", Highlighted: true}
	}
	a.Role = &role
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
