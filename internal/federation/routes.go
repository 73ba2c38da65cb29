package federation

import "net/http"

// Routes mounts the federation endpoints.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /.well-known/webfinger", s.webfinger)
	mux.HandleFunc("GET /.well-known/host-meta", s.hostMeta)
	mux.HandleFunc("GET /.well-known/nodeinfo", s.nodeinfoIndex)
	mux.HandleFunc("GET /nodeinfo/{version}", s.nodeinfo)
	mux.HandleFunc("GET /actor", s.instanceActor)
	mux.HandleFunc("GET /users/{nickname}", s.actor)
	mux.HandleFunc("GET /users/{nickname}/outbox", s.outbox)
	mux.HandleFunc("GET /users/{nickname}/followers", s.followers)
	mux.HandleFunc("GET /users/{nickname}/following", s.following)
	mux.HandleFunc("GET /users/{nickname}/collections/featured", s.featured)
}
