package mastodon

import "net/http"

// customEmojis is GET /api/v1/custom_emojis: the emoji of this server, none until custom
// emoji can be added.
func (s *Service) customEmojis(w http.ResponseWriter, r *http.Request, v *viewer) error {
	writeJSON(w, http.StatusOK, []CustomEmoji{})
	return nil
}
