package web

import (
	"net/http"
	"strings"
)

// Routes mounts every page and action of the UI.
//
// ServeMux cannot express /@{nick}, and a GET /{seg}/{id} pattern would conflict with every
// subtree pattern of the other surfaces (GET /uploads/), so the profile and thread pages
// hang off GET /{path...}, the least specific GET pattern there is: every other route wins
// over it, and what it gets that is not /@nick or /@nick/id is the site's 404.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.page(s.home))
	mux.Handle("GET /login", s.page(s.loginForm))
	mux.Handle("POST /login", s.form(s.login))
	mux.Handle("POST /logout", s.form(s.logout))
	mux.Handle("POST /statuses", s.multipart(s.form(s.compose)))
	mux.Handle("POST /statuses/{id}/{action}", s.form(s.act))
	mux.Handle("GET /live", s.page(s.live))
	mux.HandleFunc("GET /assets/{sum}/{name}", s.serveAsset)
	s.pageRoutes(mux) // explore_routes.go: sign-up, notifications, search, tags, explore, collections, direct, relations
	// compose_routes.go: uploads, polls, reactions, autocomplete, settings, admin
	s.composerRoutes(mux)
	s.adminRoutes(mux) // admin_routes.go: registrations, relays, domain blocks, reports, suspensions
	s.cardRoutes(mux)  // modal.go: reply, edit and delete dialogs, remote follow
	mux.HandleFunc("GET /{path...}", s.atPath)
}

// atPath serves /@nick (the profile) and /@nick/{id} (a thread); anything else is 404, as an
// HTML page for browsers and as the API's {"error": …} for everyone else.
func (s *Service) atPath(w http.ResponseWriter, r *http.Request) {
	seg, id, hasID := strings.Cut(r.PathValue("path"), "/")
	switch {
	case !strings.HasPrefix(seg, "@"), hasID && (id == "" || strings.Contains(id, "/")):
		if !strings.Contains(r.Header.Get("Accept"), "text/html") {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"Record not found"}` + "\n"))
			return
		}
		s.page(func(http.ResponseWriter, *http.Request, *request) error { return errNotFound }).ServeHTTP(w, r)
	case id == "followers" || id == "following":
		r.SetPathValue("seg", seg)
		r.SetPathValue("list", id)
		s.page(s.followList).ServeHTTP(w, r)
	case hasID:
		r.SetPathValue("seg", seg)
		r.SetPathValue("id", id)
		s.page(s.thread).ServeHTTP(w, r)
	default:
		r.SetPathValue("seg", seg)
		s.page(s.profile).ServeHTTP(w, r)
	}
}
