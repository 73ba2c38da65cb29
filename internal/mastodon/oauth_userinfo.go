package mastodon

import "net/http"

// userinfo is GET /oauth/userinfo: the OpenID Connect claims about the token's user
// (scope profile, which read and read:accounts also grant), as Mastodon 4.4 answers them.
func (s *Service) userinfo(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := s.renderAccount(r.Context(), v.user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"iss":                s.BaseURL + "/",
		"sub":                v.user.APID,
		"name":               a.DisplayName,
		"preferred_username": v.user.Nickname,
		"profile":            a.URL,
		"picture":            a.Avatar,
	})
	return nil
}
