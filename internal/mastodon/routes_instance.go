package mastodon

import "net/http"

// routesInstance mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesInstance(mux *http.ServeMux) {
}
