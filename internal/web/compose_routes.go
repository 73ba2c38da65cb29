package web

import (
	"net/http"

	"github.com/egregoros/egregoros/internal/mastodon"
)

// composerRoutes mounts the composer's uploads, poll votes, emoji reactions, autocomplete,
// scheduled posts, and the settings and admin pages.
func (s *Service) composerRoutes(mux *http.ServeMux) {
	mux.Handle("POST /media/upload", s.multipart(s.form(s.uploadMedia)))
	mux.Handle("POST /statuses/{id}/vote", s.form(s.vote))
	mux.Handle("POST /statuses/{id}/react", s.form(s.react(false)))
	mux.Handle("POST /statuses/{id}/unreact", s.form(s.react(true)))
	mux.Handle("GET /web/autocomplete", s.page(s.autocomplete))
	mux.Handle("GET /settings", http.RedirectHandler("/settings/profile", http.StatusSeeOther))
	mux.Handle("GET /settings/{tab}", s.page(s.settings))
	mux.Handle("POST /settings/profile", s.multipart(s.form(s.saveProfile)))
	mux.Handle("POST /settings/privacy", s.form(s.savePrivacy))
	mux.Handle("POST /settings/password", s.form(s.changePassword))
	mux.Handle("POST /settings/email", s.form(s.changeEmail))
	mux.Handle("POST /settings/blocks/{id}/unblock", s.form(s.unhide(mastodon.OpUnblock)))
	mux.Handle("POST /settings/mutes/{id}/unmute", s.form(s.unhide(mastodon.OpUnmute)))
	mux.Handle("POST /settings/domain_blocks/unblock", s.form(s.unhide(mastodon.OpUnblockDomain)))
	mux.Handle("GET /scheduled", s.page(s.scheduled))
	mux.Handle("POST /scheduled/{id}/cancel", s.form(s.cancelScheduled))
	mux.Handle("POST /scheduled/{id}/reschedule", s.form(s.reschedule))
	mux.Handle("POST /settings/sessions/{id}/end", s.form(s.endOtherSession))
	mux.Handle("POST /settings/appearance", s.form(s.saveAppearance))
	mux.Handle("GET /admin", s.page(s.admin))
	mux.Handle("POST /admin/users/{id}/role", s.form(s.setRole))
}
