package mastodon

import "net/http"

// routesInstance mounts the routes of this area; the handlers live in the files of the area.
func (s *Service) routesInstance(mux *http.ServeMux) {
	// Instance
	mux.HandleFunc("GET /api/v1/instance", s.with(public, s.instanceV1Handler))
	mux.HandleFunc("GET /api/v2/instance", s.with(public, s.instanceV2))
	mux.HandleFunc("GET /api/v1/instance/peers", s.with(public, s.instancePeers))
	mux.HandleFunc("GET /api/v1/instance/activity", s.with(public, s.instanceActivity))
	mux.HandleFunc("GET /api/v1/instance/rules", s.with(public, listNoneYet))
	mux.HandleFunc("GET /api/v1/instance/domain_blocks", s.with(public, s.instanceDomainBlocks))
	mux.HandleFunc("GET /api/v1/instance/extended_description", s.with(public, s.instanceExtendedDescription))
	mux.HandleFunc("GET /api/v1/instance/privacy_policy", s.with(public, s.instanceExtendedDescription))
	mux.HandleFunc("GET /api/v1/instance/terms_of_service", s.with(public, s.instanceTermsOfService))
	mux.HandleFunc("GET /api/v1/instance/languages", s.with(public, s.instanceLanguages))
	mux.HandleFunc("GET /api/v1/instance/translation_languages", s.with(public, objectNoneYet))
	mux.HandleFunc("GET /api/v1/custom_emojis", s.with(public, s.customEmojis))
	s.routesAnnouncements(mux) // announcements.go: the client and admin API
	mux.HandleFunc("GET /api/pleroma/frontend_configurations", s.with(public, objectNoneYet))

	// Markers
	mux.HandleFunc("GET /api/v1/markers", s.with(needRead("read:statuses"), s.markers))
	mux.HandleFunc("POST /api/v1/markers", s.with(needWrite("write:statuses"), s.saveMarkers))
	mux.HandleFunc("GET /api/v1/notifications/unread_count", s.with(needRead("read:notifications"), s.unreadNotifications))
}
