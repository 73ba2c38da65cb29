package web

import "net/http"

// adminRoutes mounts the admin page's moderation actions (GET /admin and the role change are
// in compose_routes.go). Every one is a CSRF-checked form and answers 404 to non-admins.
func (s *Service) adminRoutes(mux *http.ServeMux) {
	mux.Handle("POST /admin/registrations", s.form(s.setRegistrations))
	mux.Handle("POST /admin/relays", s.form(s.addRelay))
	mux.Handle("POST /admin/relays/{id}/delete", s.form(s.removeRelay))
	mux.Handle("POST /admin/domain_blocks", s.form(s.blockInstanceDomain))
	mux.Handle("POST /admin/domain_blocks/delete", s.form(s.unblockInstanceDomain))
	mux.Handle("POST /admin/reports/{id}/{action}", s.form(s.setReportState))
	mux.Handle("POST /admin/users/{id}/suspend", s.form(s.suspend(true)))
	mux.Handle("POST /admin/users/{id}/unsuspend", s.form(s.suspend(false)))
	mux.Handle("POST /admin/accounts/suspend", s.form(s.suspendHandle))
	s.adminEmojiRoutes(mux) // admin_emoji.go
}
