package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// tagData is what a hashtag page shows.
type tagData struct {
	Tag   string
	Cards []*card
	More  string
	Live  string
}

// tagQuery is the query behind a hashtag page and its live stream: public statuses with the
// tag, as the viewer may see them (blocks and mutes applied).
func tagQuery(tag, viewer string) store.Timeline {
	return store.Timeline{Viewer: viewer, Public: true, Tags: []string{tag}}
}

// tagOf reads the {name} of /tags/{name}: a valid hashtag, lowercased as stored.
func tagOf(r *http.Request) (string, bool) {
	tag, ok := markup.NormalizeHashtag(r.PathValue("name"))
	return strings.ToLower(tag), ok
}

// tag is GET /tags/{name}: public posts with the hashtag, newest first, live.
func (s *Service) tag(w http.ResponseWriter, r *http.Request, rq *request) error {
	tag, ok := tagOf(r)
	if !ok {
		return errNotFound
	}
	path := "/tags/" + url.PathEscape(tag)
	if r.URL.EscapedPath() != path && r.URL.Path != path {
		http.Redirect(w, r, path, http.StatusMovedPermanently) // one URL per tag: /tags/Art is /tags/art
		return nil
	}
	q := tagQuery(tag, rq.viewer())
	q.Page = store.Page{MaxID: validID(r.URL.Query().Get("max_id")), Limit: pageSize}
	rows, err := s.api().Timeline(r.Context(), rq.user, q)
	if err != nil {
		return err
	}
	cards, err := s.cards(r.Context(), rq, rows)
	if err == nil {
		cards, err = s.filterTimeline(r.Context(), rq, q, cards) // filters.go
	}
	if err != nil {
		return err
	}
	d := &tagData{Tag: tag, Cards: cards, Live: path + "/live"}
	if len(rows) == pageSize {
		d.More = path + "?max_id=" + rows[len(rows)-1].ID
	}
	if isHTMX(r) && q.Page.MaxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: cards, More: d.More})
		return nil
	}
	s.renderPage(w, http.StatusOK, "tags", s.view(rq, "#"+tag, d))
	return nil
}

// tagLive is GET /tags/{name}/live: new, edited and deleted posts of the hashtag page, each
// checked with the page's own query for this viewer.
func (s *Service) tagLive(w http.ResponseWriter, r *http.Request, rq *request) error {
	tag, ok := tagOf(r)
	if !ok {
		return errNotFound
	}
	q := tagQuery(tag, rq.viewer())
	return s.serveEvents(w, r, func(ctx context.Context, e stream.Event) ([]byte, error) {
		return s.liveMessage(ctx, rq, q, e)
	})
}
