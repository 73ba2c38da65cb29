package mastodon

import "net/http"

// routesStatusesExtra mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesStatusesExtra(mux *http.ServeMux) {
	// Editing: statuses_edit.go, statuses_history.go
	mux.HandleFunc("PUT /api/v1/statuses/{id}", s.with(needWrite("write:statuses"), s.editStatus))
	mux.HandleFunc("GET /api/v1/statuses/{id}/history", s.with(public, s.statusHistory))
	mux.HandleFunc("GET /api/v1/statuses/{id}/source", s.with(needRead("read:statuses"), s.statusSource))

	// Threads and who interacted: statuses_context.go, statuses_interactors.go
	mux.HandleFunc("GET /api/v1/statuses/{id}/context", s.with(public, s.statusContext))
	mux.HandleFunc("GET /api/v1/statuses/{id}/favourited_by", s.with(public, s.favouritedBy))
	mux.HandleFunc("GET /api/v1/statuses/{id}/reblogged_by", s.with(public, s.rebloggedBy))

	// Thread mutes and pins: statuses_mute.go, statuses_pin.go
	mux.HandleFunc("POST /api/v1/statuses/{id}/mute", s.with(needWrite("write:mutes"), s.muteThread))
	mux.HandleFunc("POST /api/v1/statuses/{id}/unmute", s.with(needWrite("write:mutes"), s.unmuteThread))
	mux.HandleFunc("POST /api/v1/statuses/{id}/pin", s.with(needWrite("write:accounts"), s.pin))
	mux.HandleFunc("POST /api/v1/statuses/{id}/unpin", s.with(needWrite("write:accounts"), s.unpin))

	// Pleroma emoji reactions: reactions.go
	mux.HandleFunc("GET /api/v1/pleroma/statuses/{id}/reactions", s.with(public, s.reactions))
	mux.HandleFunc("GET /api/v1/pleroma/statuses/{id}/reactions/{emoji}", s.with(public, s.reactions))
	mux.HandleFunc("PUT /api/v1/pleroma/statuses/{id}/reactions/{emoji}", s.with(needWrite("write:statuses"), s.react))
	mux.HandleFunc("DELETE /api/v1/pleroma/statuses/{id}/reactions/{emoji}", s.with(needWrite("write:statuses"), s.unreact))

	// The viewer's bookmarks and favourites: bookmarks.go
	mux.HandleFunc("GET /api/v1/bookmarks", s.with(needRead("read:bookmarks"), s.bookmarks))
	mux.HandleFunc("GET /api/v1/favourites", s.with(needRead("read:favourites"), s.favourites))
}
