package mastodon

import "net/http"

// routesStreaming mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesStreaming(mux *http.ServeMux) {
}
