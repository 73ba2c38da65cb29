package mastodon

import "net/http"

// Routes mounts every client API route; the whole table fits on one screen.
func (s *Service) Routes(mux *http.ServeMux) {
	// OAuth
	mux.HandleFunc("POST /api/v1/apps", s.with(public, s.createApp))
	mux.HandleFunc("GET /api/v1/apps/verify_credentials", s.with(appOnly(""), s.verifyApp))
	mux.HandleFunc("GET /oauth/authorize", s.authorizeForm)
	mux.HandleFunc("POST /oauth/authorize", s.authorizeSubmit)
	mux.HandleFunc("POST /oauth/token", s.token)
	mux.HandleFunc("POST /oauth/revoke", s.revoke)
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.oauthMetadata)
}
