package web

import "net/http"

// composerRoutes mounts the composer's uploads, poll votes, emoji reactions, autocomplete,
// and the settings and admin pages.
func (s *Service) composerRoutes(mux *http.ServeMux) {
	mux.Handle("POST /media/upload", s.multipart(s.form(s.uploadMedia)))
	mux.Handle("POST /statuses/{id}/vote", s.form(s.vote))
}
