package mastodon

import (
	"net/http"
	"time"
)

// Trends are computed from the last week of public activity: tags by how many accounts used
// them (then how often), statuses by the favourites and boosts they got.
const trendWindow = 7 * 24 * time.Hour

// trendsTags is GET /api/v1/trends/tags (and /api/v1/trends): limit 10, up to 20.
func (s *Service) trendsTags(w http.ResponseWriter, r *http.Request, v *viewer) error {
	offset, limit, err := trendPage(r, 10, 20)
	if err != nil {
		return err
	}
	names, err := s.Store.TrendingTags(r.Context(), time.Now().Add(-trendWindow), offset, limit)
	if err != nil {
		return err
	}
	tags, err := s.renderTags(r.Context(), v, names) // tags.go
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tags)
	return nil
}

// trendsStatuses is GET /api/v1/trends/statuses: limit 20, up to 40.
func (s *Service) trendsStatuses(w http.ResponseWriter, r *http.Request, v *viewer) error {
	offset, limit, err := trendPage(r, 20, 40)
	if err != nil {
		return err
	}
	rows, err := s.Store.TrendingStatuses(r.Context(), time.Now().Add(-trendWindow), offset, limit)
	if err != nil {
		return err
	}
	out, err := s.renderStatuses(r.Context(), v, rows)
	if err != nil {
		return err
	}
	if out == nil {
		out = []Status{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// trendsLinks is GET /api/v1/trends/links: always empty, because this server makes no link
// preview cards (Status.card is null), and link trends are made of them.
func (s *Service) trendsLinks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if _, _, err := trendPage(r, 10, 20); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, []any{})
	return nil
}

func trendPage(r *http.Request, def, most int) (offset, limit int, err error) {
	if offset, err = intParam(r, "offset", 0); err != nil { // directory.go
		return 0, 0, err
	}
	if limit, err = intParam(r, "limit", def); err != nil {
		return 0, 0, err
	}
	return min(offset, 10000), min(max(limit, 1), most), nil
}
