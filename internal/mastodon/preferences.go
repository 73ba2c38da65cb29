package mastodon

import "net/http"

// preferences is GET /api/v1/preferences: the posting defaults set through
// update_credentials' source, and reading preferences (Mastodon's defaults: not settable yet).
func (s *Service) preferences(w http.ResponseWriter, r *http.Request, v *viewer) error {
	src := sourceOf(v.user)
	var lang *string
	if src.Language != "" {
		lang = &src.Language
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"posting:default:visibility": src.Privacy,
		"posting:default:sensitive":  src.Sensitive,
		"posting:default:language":   lang,
		"reading:expand:media":       "default",
		"reading:expand:spoilers":    false,
	})
	return nil
}
