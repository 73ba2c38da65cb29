package mastodon

import "net/http"

// routesStatusesExtra mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesStatusesExtra(mux *http.ServeMux) {
}
