package mastodon

import "net/http"

// routesPush mounts the Web Push subscription of the calling token (scope push).
func (s *Service) routesPush(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/push/subscription", s.with(needWrite(ScopePush), s.createPush))
	mux.HandleFunc("GET /api/v1/push/subscription", s.with(needRead(ScopePush), s.showPush))
	mux.HandleFunc("PUT /api/v1/push/subscription", s.with(needWrite(ScopePush), s.updatePush))
	mux.HandleFunc("DELETE /api/v1/push/subscription", s.with(needWrite(ScopePush), s.deletePush))
}
