package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// FamiliarFollowers is the FamiliarFollowers entity: the accounts the viewer follows that
// follow the account id.
type FamiliarFollowers struct {
	ID       string    `json:"id"`
	Accounts []Account `json:"accounts"`
}

// Bounds of GET /api/v1/accounts/familiar_followers.
const (
	maxFamiliarIDs      = 40
	maxFamiliarAccounts = 40
)

// familiarFollowers is GET /api/v1/accounts/familiar_followers?id[]=…: for each known
// account, the accounts the viewer follows that follow it.
func (s *Service) familiarFollowers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	q := r.URL.Query()
	ids := append(q["id[]"], q["id"]...)
	if len(ids) > maxFamiliarIDs {
		ids = ids[:maxFamiliarIDs]
	}
	out := []FamiliarFollowers{}
	for _, id := range ids {
		u, err := s.accountByID(ctx, id)
		if err != nil {
			continue // unknown ids are left out, as Mastodon does
		}
		apIDs, err := s.Store.FamiliarFollowers(ctx, v.user.APID, u.APID, maxFamiliarAccounts)
		if err != nil {
			return err
		}
		byAPID, err := s.Store.UsersByAPIDs(ctx, apIDs)
		if err != nil {
			return err
		}
		var users []*store.User
		for _, a := range apIDs {
			if fu := byAPID[a]; fu != nil {
				users = append(users, fu)
			}
		}
		accounts, err := s.renderAccounts(ctx, users)
		if err != nil {
			return err
		}
		out = append(out, FamiliarFollowers{ID: u.ID, Accounts: accounts})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
