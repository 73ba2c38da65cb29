package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// Marker is the Marker entity: where the user stopped reading a timeline.
type Marker struct {
	LastReadID string `json:"last_read_id"`
	Version    int    `json:"version"`
	UpdatedAt  string `json:"updated_at"`
}

// markerTimelines are the timelines that have markers.
var markerTimelines = []string{"home", "notifications"}

func renderMarkers(ms map[string]*store.Marker) map[string]Marker {
	out := make(map[string]Marker, len(ms))
	for name, m := range ms {
		out[name] = Marker{LastReadID: m.LastReadID, Version: m.Version, UpdatedAt: formatTime(m.UpdatedAt)}
	}
	return out
}

// markers is GET /api/v1/markers?timeline[]=home&timeline[]=notifications (both when none
// is named).
func (s *Service) markers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	names := append(q["timeline[]"], q["timeline"]...)
	if len(names) == 0 {
		names = markerTimelines
	}
	ms, err := s.Store.Markers(r.Context(), v.user.ID, names)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderMarkers(ms))
	return nil
}

// saveMarkers is POST /api/v1/markers with home[last_read_id] and/or
// notifications[last_read_id]; it answers with the markers it moved.
func (s *Service) saveMarkers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	ms := map[string]*store.Marker{}
	for _, name := range markerTimelines {
		key := name + "[last_read_id]"
		if !p.Has(key) {
			continue
		}
		id := p.String(key)
		if id == "" || len(id) > 64 {
			return badRequest("Validation failed: " + key + " must be an id")
		}
		if ms[name], err = s.Store.SetMarker(r.Context(), v.user.ID, name, id); err != nil {
			return err
		}
	}
	if len(ms) == 0 {
		return badRequest("Validation failed: home[last_read_id] or notifications[last_read_id] is required")
	}
	writeJSON(w, http.StatusOK, renderMarkers(ms))
	return nil
}

// unreadNotifications is GET /api/v1/notifications/unread_count: the notifications past the
// notifications marker (all of them without one), at most limit (100, up to 1000).
func (s *Service) unreadNotifications(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	limit, err := p.Int("limit", 100)
	if err != nil {
		return err
	}
	limit = min(max(limit, 1), 1000)
	ms, err := s.Store.Markers(r.Context(), v.user.ID, []string{"notifications"})
	if err != nil {
		return err
	}
	after := ""
	if m := ms["notifications"]; m != nil {
		after = m.LastReadID
	}
	n, err := s.Store.CountUnreadNotifications(r.Context(), v.user.ID, after, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
	return nil
}
