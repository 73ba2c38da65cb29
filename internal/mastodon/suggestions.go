package mastodon

import (
	"net/http"
	"strconv"

	"github.com/egregoros/egregoros/internal/store"
)

// Suggestion is the Mastodon Suggestion entity. Ours are the most followed discoverable
// people the viewer does not follow yet.
type Suggestion struct {
	Source  string   `json:"source"` // deprecated; "global" as Mastodon sends for most_followed
	Sources []string `json:"sources"`
	Account Account  `json:"account"`
}

// suggestedAccounts reads limit (40, up to 80) and renders the suggestions.
func (s *Service) suggestedAccounts(r *http.Request, v *viewer) ([]Account, error) {
	limit := 40
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, badRequest("limit must be a positive integer")
		}
		limit = min(n, 80)
	}
	users, err := s.Store.Suggestions(r.Context(), v.user.APID, limit)
	if err != nil {
		return nil, err
	}
	return s.renderAccounts(r.Context(), users)
}

// suggestionsV2 is GET /api/v2/suggestions.
func (s *Service) suggestionsV2(w http.ResponseWriter, r *http.Request, v *viewer) error {
	accts, err := s.suggestedAccounts(r, v)
	if err != nil {
		return err
	}
	out := make([]Suggestion, 0, len(accts))
	for _, a := range accts {
		out = append(out, Suggestion{Source: "global", Sources: []string{"most_followed"}, Account: a})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// suggestionsV1 is GET /api/v1/suggestions: the accounts alone.
func (s *Service) suggestionsV1(w http.ResponseWriter, r *http.Request, v *viewer) error {
	accts, err := s.suggestedAccounts(r, v)
	if err != nil {
		return err
	}
	if accts == nil {
		accts = []Account{}
	}
	writeJSON(w, http.StatusOK, accts)
	return nil
}

// dismissSuggestion is DELETE /api/v1/suggestions/:account_id: never suggest that account
// again.
func (s *Service) dismissSuggestion(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("account_id"))
	if err != nil {
		return err
	}
	if _, err := s.Store.PutRelationship(r.Context(), &store.Relationship{Type: store.RelDismissSuggestion, Actor: v.user.APID, Object: u.APID}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}
