package mastodon

import (
	"net/http"
	"strconv"
)

// intParam reads a non-negative integer query parameter, def when absent.
func intParam(r *http.Request, k string, def int) (int, error) {
	v := r.URL.Query().Get(k)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest(k + " must be a non-negative integer")
	}
	return n, nil
}

// directory is GET /api/v1/directory: discoverable people, by recent activity
// (order=active, the default) or newest (order=new), only local ones with local=true.
func (s *Service) directory(w http.ResponseWriter, r *http.Request, v *viewer) error {
	offset, err := intParam(r, "offset", 0)
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 40)
	if err != nil {
		return err
	}
	limit = min(max(limit, 1), 80)
	order := r.URL.Query().Get("order")
	if order != "" && order != "active" && order != "new" {
		return badRequest("Validation failed: order must be active or new")
	}
	local := false
	switch r.URL.Query().Get("local") {
	case "true", "1", "on":
		local = true
	}
	users, err := s.Store.Directory(r.Context(), order, local, min(offset, 10000), limit)
	if err != nil {
		return err
	}
	accts, err := s.renderAccounts(r.Context(), users)
	if err != nil {
		return err
	}
	if accts == nil {
		accts = []Account{}
	}
	writeJSON(w, http.StatusOK, accts)
	return nil
}
