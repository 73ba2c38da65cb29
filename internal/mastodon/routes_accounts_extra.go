package mastodon

import "net/http"

// routesAccountsExtra mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesAccountsExtra(mux *http.ServeMux) {
}
