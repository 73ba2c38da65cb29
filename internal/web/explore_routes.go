package web

import (
	"net/http"
	"net/url"
)

// pageRoutes mounts sign-up, notifications, search, hashtag, explore, bookmarks and
// favourites, direct messages and the account actions (follow, block, mute).
func (s *Service) pageRoutes(mux *http.ServeMux) {
	mux.Handle("GET /signup", s.page(s.signupForm))
	mux.Handle("POST /signup", s.form(s.signup))
	mux.Handle("GET /notifications", s.page(s.notifications))
	mux.Handle("GET /notifications/live", s.page(s.notificationsLive))
	mux.Handle("POST /notifications/read", s.form(s.markNotificationsRead))
	mux.Handle("POST /follow_requests/{id}/{action}", s.form(s.answerFollowRequest))
	mux.Handle("GET /search", s.page(s.search))
	mux.Handle("GET /tags/{name}", s.page(s.tag))
	mux.Handle("GET /tags/{name}/live", s.page(s.tagLive))
	mux.Handle("GET /explore", s.page(s.explore))
	mux.Handle("GET /bookmarks", s.page(s.bookmarks))
	mux.Handle("GET /favourites", s.page(s.favourites))
	mux.Handle("GET /direct", s.page(s.direct))
	mux.Handle("POST /accounts/{id}/{action}", s.form(s.accountAction))
}

// signedInOnly sends a visitor to the login page, to come back to the page asked for.
func (s *Service) signedInOnly(w http.ResponseWriter, r *http.Request, rq *request) bool {
	if rq.user != nil {
		return true
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	return false
}
