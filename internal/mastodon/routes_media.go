package mastodon

import "net/http"

// routesMedia mounts the media upload routes (handlers in media*.go) and the profile image
// deletions (profile_media.go).
func (s *Service) routesMedia(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/media", s.with(needWrite("write:media"), s.uploadMedia(false)))
	mux.HandleFunc("POST /api/v2/media", s.with(needWrite("write:media"), s.uploadMedia(true)))
	mux.HandleFunc("GET /api/v1/media/{id}", s.with(needWrite("write:media"), s.showMedia))
	mux.HandleFunc("PUT /api/v1/media/{id}", s.with(needWrite("write:media"), s.updateMedia))
	mux.HandleFunc("DELETE /api/v1/profile/avatar", s.with(needWrite("write:accounts"), s.deleteProfileImage(false)))
	mux.HandleFunc("DELETE /api/v1/profile/header", s.with(needWrite("write:accounts"), s.deleteProfileImage(true)))
	mux.HandleFunc("GET /uploads/", s.serveUploads)
}
