package web

import (
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// trendWindow is how far back explore counts hashtag use.
const trendWindow = 7 * 24 * time.Hour

// exploreData is what the explore page shows.
type exploreData struct {
	Tags  []tagRow
	Cards []*card
	More  string
	Live  string
}

// explore is GET /explore: the hashtags most people used this week, and recent public posts
// of every known server (the federated timeline's query, live like it).
func (s *Service) explore(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	q := timelineQuery(tabFederated, rq.viewer())
	q.Page = store.Page{MaxID: validID(r.URL.Query().Get("max_id")), Limit: pageSize}
	rows, err := s.api().Timeline(ctx, rq.user, q)
	if err != nil {
		return err
	}
	cards, err := s.cards(ctx, rq, rows)
	if err == nil {
		cards, err = s.filterTimeline(ctx, rq, q, cards) // filters.go
	}
	if err != nil {
		return err
	}
	d := &exploreData{Cards: cards, Live: "/live?timeline=" + tabFederated}
	if len(rows) == pageSize {
		d.More = "/explore?max_id=" + rows[len(rows)-1].ID
	}
	if isHTMX(r) && q.Page.MaxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: cards, More: d.More})
		return nil
	}
	tags, err := s.opt.Store.TrendingTags(ctx, s.now().Add(-trendWindow), 0, 10) // the API's /api/v1/trends/tags
	if err != nil {
		return err
	}
	for _, t := range tags {
		d.Tags = append(d.Tags, tagRowOf(store.TagCount{Tag: t}))
	}
	v := s.view(rq, "Explore", d)
	v.Active = "explore"
	s.renderPage(w, http.StatusOK, "explore", v)
	return nil
}
