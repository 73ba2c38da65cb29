package mastodon

import (
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// writeStatuses renders a timeline page with its Link header.
func (s *Service) writeStatuses(w http.ResponseWriter, r *http.Request, v *viewer, rows []*store.Object) error {
	list, err := s.renderStatuses(r.Context(), v, rows)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		setLink(w, r, s, rows[0].ID, rows[len(rows)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Service) timeline(w http.ResponseWriter, r *http.Request, v *viewer, t store.Timeline) error {
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	t.Page, t.MinIDAscend, t.Viewer = p, ascend, v.apID()
	q := r.URL.Query()
	if b, _ := boolParam(q.Get("only_media")); b {
		t.OnlyMedia = true
	}
	rows, err := s.organizedTimeline(r.Context(), v, t) // domain blocks, exclusive lists, followed tags (tags.go)
	if err != nil {
		return err
	}
	return s.writeFiltered(w, r, v, rows, filterContextOf(t)) // the viewer's filters (filters.go)
}

func boolParam(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "1", "on":
		return true, true
	case "false", "0", "off":
		return false, true
	}
	return false, false
}

// homeTimeline is GET /api/v1/timelines/home.
func (s *Service) homeTimeline(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return s.timeline(w, r, v, store.Timeline{Home: true})
}

// publicTimeline is GET /api/v1/timelines/public (local, remote, only_media).
func (s *Service) publicTimeline(w http.ResponseWriter, r *http.Request, v *viewer) error {
	t := store.Timeline{Public: true}
	q := r.URL.Query()
	if b, _ := boolParam(q.Get("local")); b {
		t.Local = boolPtr(true)
	} else if b, _ := boolParam(q.Get("remote")); b {
		t.Local = boolPtr(false)
	}
	return s.timeline(w, r, v, t)
}

// tagTimeline is GET /api/v1/timelines/tag/:hashtag (any[], all[], none[], local, remote).
func (s *Service) tagTimeline(w http.ResponseWriter, r *http.Request, v *viewer) error {
	tag, ok := markup.NormalizeHashtag(r.PathValue("hashtag"))
	if !ok {
		return errNotFound
	}
	q := r.URL.Query()
	norm := func(list []string) []string {
		var out []string
		for _, t := range list {
			if n, ok := markup.NormalizeHashtag(t); ok && len(out) < 4 {
				out = append(out, n)
			}
		}
		return out
	}
	t := store.Timeline{Public: true, Tags: append([]string{tag}, norm(q["any[]"])...), AllTags: norm(q["all[]"]), NoneTags: norm(q["none[]"])}
	if b, _ := boolParam(q.Get("local")); b {
		t.Local = boolPtr(true)
	} else if b, _ := boolParam(q.Get("remote")); b {
		t.Local = boolPtr(false)
	}
	return s.timeline(w, r, v, t)
}
