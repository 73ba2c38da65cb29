package mastodon

import "net/http"

// routesMedia mounts the media upload routes; the handlers live in media*.go.
func (s *Service) routesMedia(mux *http.ServeMux) {
}
