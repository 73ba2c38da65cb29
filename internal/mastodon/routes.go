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

	// Accounts
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", s.with(needRead("read:accounts"), s.verifyCredentials))
	mux.HandleFunc("GET /api/v1/accounts/lookup", s.with(public, s.lookupAccount))
	mux.HandleFunc("GET /api/v1/accounts/{id}", s.with(public, s.showAccount))

	// Statuses
	mux.HandleFunc("POST /api/v1/statuses", s.with(needWrite("write:statuses"), s.createStatus))
	mux.HandleFunc("GET /api/v1/statuses/{id}", s.with(public, s.showStatus))
	mux.HandleFunc("DELETE /api/v1/statuses/{id}", s.with(needWrite("write:statuses"), s.deleteStatus))

	// Timelines
	mux.HandleFunc("GET /api/v1/timelines/home", s.with(needRead("read:statuses"), s.homeTimeline))
	mux.HandleFunc("GET /api/v1/timelines/public", s.with(public, s.publicTimeline))
	mux.HandleFunc("GET /api/v1/timelines/tag/{hashtag}", s.with(public, s.tagTimeline))
}
