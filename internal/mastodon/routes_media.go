package mastodon

import "net/http"

// routesMedia mounts the media upload routes; the handlers live in media*.go.
func (s *Service) routesMedia(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/media", s.with(needWrite("write:media"), s.uploadMedia(false)))
	mux.HandleFunc("POST /api/v2/media", s.with(needWrite("write:media"), s.uploadMedia(true)))
	mux.HandleFunc("GET /api/v1/media/{id}", s.with(needWrite("write:media"), s.showMedia))
	mux.HandleFunc("PUT /api/v1/media/{id}", s.with(needWrite("write:media"), s.updateMedia))
	mux.HandleFunc("GET /uploads/", s.serveUploads)
}
