package mastodon

import "net/http"

// routesAccountsExtra mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesAccountsExtra(mux *http.ServeMux) {
	// Profile and registration
	mux.HandleFunc("PATCH /api/v1/accounts/update_credentials", s.with(needWrite("write:accounts"), s.updateCredentials))
	mux.HandleFunc("POST /api/v1/accounts", s.with(appOnly("write:accounts"), s.registerAccount))
	mux.HandleFunc("GET /api/v1/preferences", s.with(needRead("read:accounts"), s.preferences))

	// Blocks and mutes
	mux.HandleFunc("POST /api/v1/accounts/{id}/block", s.with(needWrite("write:blocks"), s.blockAccount))
	mux.HandleFunc("POST /api/v1/accounts/{id}/unblock", s.with(needWrite("write:blocks"), s.unblockAccount))
	mux.HandleFunc("POST /api/v1/accounts/{id}/mute", s.with(needWrite("write:mutes"), s.muteAccount))
	mux.HandleFunc("POST /api/v1/accounts/{id}/unmute", s.with(needWrite("write:mutes"), s.unmuteAccount))
	mux.HandleFunc("GET /api/v1/blocks", s.with(needRead("read:blocks"), s.listBlocks))
	mux.HandleFunc("GET /api/v1/mutes", s.with(needRead("read:mutes"), s.listMutes))

	// Follow requests
	mux.HandleFunc("GET /api/v1/follow_requests", s.with(needRead("read:follows"), s.listFollowRequests))
	mux.HandleFunc("POST /api/v1/follow_requests/{id}/authorize", s.with(needWrite("write:follows"), s.authorizeFollowRequest))
	mux.HandleFunc("POST /api/v1/follow_requests/{id}/reject", s.with(needWrite("write:follows"), s.rejectFollowRequest))
	mux.HandleFunc("POST /api/v1/accounts/{id}/remove_from_followers", s.with(needWrite("write:follows"), s.removeFromFollowers))

	// Notes, familiar followers, lists, featured tags, endorsements
	mux.HandleFunc("POST /api/v1/accounts/{id}/note", s.with(needWrite("write:accounts"), s.setAccountNote))
	mux.HandleFunc("GET /api/v1/accounts/familiar_followers", s.with(needRead("read:follows"), s.familiarFollowers))
	mux.HandleFunc("GET /api/v1/accounts/{id}/lists", s.with(needRead("read:lists"), s.accountLists))
	mux.HandleFunc("GET /api/v1/accounts/{id}/featured_tags", s.with(public, s.accountFeaturedTags))
	mux.HandleFunc("GET /api/v1/accounts/{id}/endorsements", s.with(public, s.accountEndorsements))
	mux.HandleFunc("GET /api/v1/endorsements", s.with(needRead("read:accounts"), s.listEndorsements))
	for _, verb := range []string{"pin", "endorse"} {
		mux.HandleFunc("POST /api/v1/accounts/{id}/"+verb, s.with(needWrite("write:accounts"), s.endorseAccount))
		mux.HandleFunc("POST /api/v1/accounts/{id}/un"+verb, s.with(needWrite("write:accounts"), s.unendorseAccount))
	}
}
