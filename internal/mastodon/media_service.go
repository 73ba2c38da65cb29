package mastodon

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/media"
)

// UseMedia gives the API its media service (uploads, attachments, /uploads/). Call it once,
// before the routes serve; without it the media routes answer 503 and /uploads/ 404.
// It also makes the pipeline claim the uploads of new statuses in their transaction.
func (s *Service) UseMedia(m *media.Service) {
	s.Media = m
	if s.Pipeline != nil {
		s.Pipeline.AfterLocal = s.claimStatusMedia // media_attach.go
	}
}

// MediaService is the media service, nil when none was given.
func (s *Service) MediaService() *media.Service { return s.Media }

func (s *Service) mediaService() *media.Service { return s.Media }

// serveUploads is GET /uploads/…: the media handler, with the bearer token (then the web UI
// session, when the media service has one) naming the viewer.
func (s *Service) serveUploads(w http.ResponseWriter, r *http.Request) {
	ms := s.mediaService()
	if ms == nil {
		http.NotFound(w, r)
		return
	}
	ms.Handler(s.bearerViewer, ms.SessionViewer).ServeHTTP(w, r)
}

// bearerViewer is the actor of the request's bearer token when it may read statuses, "" for
// none or an invalid one (an upload then answers as to an anonymous viewer).
func (s *Service) bearerViewer(r *http.Request) string {
	raw := bearer(r)
	if raw == "" {
		return ""
	}
	v, err := s.lookupToken(r.Context(), raw)
	if err != nil || !grants(v.scopes, "read:statuses") {
		return ""
	}
	return v.apID()
}
