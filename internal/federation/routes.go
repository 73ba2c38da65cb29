package federation

import "net/http"

// Routes mounts the federation endpoints.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /.well-known/webfinger", s.webfinger)
	mux.HandleFunc("GET /.well-known/host-meta", s.hostMeta)
	mux.HandleFunc("GET /.well-known/nodeinfo", s.nodeinfoIndex)
	mux.HandleFunc("GET /nodeinfo/{version}", s.nodeinfo)
	mux.HandleFunc("GET /actor", s.instanceActor) // never behind authorized fetch: peers need its key
	mux.HandleFunc("GET /users/{nickname}", s.signedGet(s.actor))
	mux.HandleFunc("GET /users/{nickname}/outbox", s.signedGet(s.outbox))
	mux.HandleFunc("GET /users/{nickname}/followers", s.signedGet(s.followers))
	mux.HandleFunc("GET /users/{nickname}/following", s.signedGet(s.following))
	mux.HandleFunc("GET /users/{nickname}/collections/featured", s.signedGet(s.featured))
	mux.HandleFunc("GET /objects/{id}", s.signedGet(s.object))
	mux.HandleFunc("GET /objects/{id}/activity", s.signedGet(s.object))
	mux.HandleFunc("POST /inbox", s.inbox)
	mux.HandleFunc("POST /users/{nickname}/inbox", s.inbox)
	mux.HandleFunc("POST /actor/inbox", s.inbox) // the instance actor's: relays answer its Follows here
}
