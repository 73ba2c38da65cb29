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
	mux.HandleFunc("GET /oauth/userinfo", s.with(needRead(ScopeProfile), s.userinfo))

	// Accounts
	mux.HandleFunc("GET /api/v1/accounts/verify_credentials", s.with(needRead("read:accounts"), s.verifyCredentials))
	mux.HandleFunc("GET /api/v1/accounts/lookup", s.with(public, s.lookupAccount))
	mux.HandleFunc("GET /api/v1/accounts/relationships", s.with(needRead("read:follows"), s.relationships))
	mux.HandleFunc("GET /api/v1/accounts/{id}", s.with(public, s.showAccount))
	mux.HandleFunc("GET /api/v1/accounts/{id}/statuses", s.with(public, s.accountStatuses))
	mux.HandleFunc("GET /api/v1/accounts/{id}/followers", s.with(public, s.followers))
	mux.HandleFunc("GET /api/v1/accounts/{id}/following", s.with(public, s.following))
	mux.HandleFunc("POST /api/v1/accounts/{id}/follow", s.with(needWrite("write:follows"), s.follow))
	mux.HandleFunc("POST /api/v1/accounts/{id}/unfollow", s.with(needWrite("write:follows"), s.unfollow))

	// Statuses
	mux.HandleFunc("POST /api/v1/statuses", s.with(needWrite("write:statuses"), s.createStatus))
	mux.HandleFunc("GET /api/v1/statuses/{id}", s.with(public, s.showStatus))
	mux.HandleFunc("DELETE /api/v1/statuses/{id}", s.with(needWrite("write:statuses"), s.deleteStatus))
	mux.HandleFunc("POST /api/v1/statuses/{id}/favourite", s.with(needWrite("write:favourites"), s.favourite))
	mux.HandleFunc("POST /api/v1/statuses/{id}/unfavourite", s.with(needWrite("write:favourites"), s.unfavourite))
	mux.HandleFunc("POST /api/v1/statuses/{id}/reblog", s.with(needWrite("write:statuses"), s.reblog))
	mux.HandleFunc("POST /api/v1/statuses/{id}/unreblog", s.with(needWrite("write:statuses"), s.unreblog))
	mux.HandleFunc("POST /api/v1/statuses/{id}/bookmark", s.with(needWrite("write:bookmarks"), s.bookmark))
	mux.HandleFunc("POST /api/v1/statuses/{id}/unbookmark", s.with(needWrite("write:bookmarks"), s.unbookmark))

	// Notifications
	mux.HandleFunc("GET /api/v1/notifications", s.with(needRead("read:notifications"), s.notifications))
	mux.HandleFunc("POST /api/v1/notifications/clear", s.with(needWrite("write:notifications"), s.clearNotifications))
	mux.HandleFunc("GET /api/v1/notifications/{id}", s.with(needRead("read:notifications"), s.notification))
	mux.HandleFunc("POST /api/v1/notifications/{id}/dismiss", s.with(needWrite("write:notifications"), s.dismissNotification))

	// Polls
	mux.HandleFunc("GET /api/v1/polls/{id}", s.with(public, s.showPoll))
	mux.HandleFunc("POST /api/v1/polls/{id}/votes", s.with(needWrite("write:statuses"), s.votePoll))

	// Search
	mux.HandleFunc("GET /api/v2/search", s.with(public, s.search))

	// Timelines
	mux.HandleFunc("GET /api/v1/timelines/home", s.with(needRead("read:statuses"), s.homeTimeline))
	mux.HandleFunc("GET /api/v1/timelines/public", s.with(public, s.publicTimeline))
	mux.HandleFunc("GET /api/v1/timelines/tag/{hashtag}", s.with(public, s.tagTimeline))

	s.routesStatusesExtra(mux)
	s.routesAccountsExtra(mux)
	s.routesInstance(mux)
	s.routesStreaming(mux)
	s.routesMedia(mux)
	s.routesSocial(mux) // routes_social.go
	s.routesOrganize(mux)
	s.routesPush(mux)
}
