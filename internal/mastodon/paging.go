package mastodon

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/egregoros/egregoros/internal/store"
)

// page reads max_id, since_id, min_id and limit (default 20, at most max).
func page(r *http.Request, max int) (store.Page, bool, error) {
	q := r.URL.Query()
	p := store.Page{MaxID: q.Get("max_id"), Limit: 20}
	ascend := false
	if v := q.Get("since_id"); v != "" {
		p.MinID = v
	}
	if v := q.Get("min_id"); v != "" {
		p.MinID, ascend = v, true
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, false, badRequest("limit must be a positive integer")
		}
		p.Limit = min(n, max)
	}
	for _, id := range []string{p.MaxID, p.MinID} {
		if len(id) > 64 {
			return p, false, badRequest("invalid id")
		}
	}
	return p, ascend, nil
}

// setLink writes the Link header for a page whose items run from newest to oldest id.
func setLink(w http.ResponseWriter, r *http.Request, s *Service, newest, oldest string) {
	if newest == "" {
		return
	}
	u := func(k, v string) string {
		q := url.Values{}
		for key, vs := range r.URL.Query() {
			if key != "max_id" && key != "min_id" && key != "since_id" {
				q[key] = vs
			}
		}
		q.Set(k, v)
		return s.BaseURL + r.URL.Path + "?" + q.Encode()
	}
	w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="prev"`, u("max_id", oldest), u("min_id", newest)))
}
