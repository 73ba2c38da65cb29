package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// request is what every handler knows about the browser: who is signed in (nil for a
// visitor), their session, and the CSRF token for the forms it renders.
type request struct {
	user    *store.User
	session *store.Session
	csrf    string
	theme   string // light, dark or system (settings.go's themeOf)
}

// viewer is the actor id visibility is decided for ("" for a visitor).
func (rq *request) viewer() string {
	if rq.user == nil {
		return ""
	}
	return rq.user.APID
}

// handler is the shape of every page and action.
type handler func(w http.ResponseWriter, r *http.Request, rq *request) error

// httpError is an error with the status and the message the page shows; Err is logged, never
// shown.
type httpError struct {
	Status int
	Msg    string
	Err    error
}

func (e *httpError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *httpError) Unwrap() error { return e.Err }

var (
	errNotFound  = &httpError{Status: http.StatusNotFound, Msg: "This page does not exist, or you may not see it."}
	errForbidden = &httpError{Status: http.StatusForbidden, Msg: "The form expired or was not sent from this site. Go back, reload the page and try again."}
)

// contentSecurityPolicy allows scripts and styles only from our own origin: no inline
// scripts, no eval (htmx runs with allowEval off), no framing.
func (s *Service) contentSecurityPolicy() string {
	media := "'self' https: data: blob:"
	if !s.secure {
		media += " http:" // development and test set-ups federate over plain http
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + media + "; media-src " + media +
		"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// page wraps a GET handler: security headers, the session, and HTML error pages.
func (s *Service) page(h handler) http.Handler {
	return s.wrap(h, false)
}

// form wraps a POST handler like page, and refuses with 403 a request without a valid CSRF
// token.
func (s *Service) form(h handler) http.Handler {
	return s.wrap(h, true)
}

func (s *Service) wrap(h handler, checkCSRF bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", s.contentSecurityPolicy())
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("Vary", "Cookie, HX-Request")
		if checkCSRF {
			r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
		}
		rq, err := s.session(w, r)
		if rq != nil {
			rq.theme = themeOf(r)
		}
		if err == nil && checkCSRF && !s.validCSRF(r, rq) {
			err = errForbidden
		}
		if err == nil {
			err = h(w, r, rq)
		}
		if err != nil {
			s.fail(w, r, rq, err)
		}
	})
}

// fail renders an error page (or, for htmx, a bare message).
func (s *Service) fail(w http.ResponseWriter, r *http.Request, rq *request, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		slog.Error("web: request failed", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		he = &httpError{Status: http.StatusInternalServerError, Msg: "Something went wrong on our side. Try again in a moment."}
	} else if he.Err != nil {
		slog.Warn("web: request refused", slog.String("path", r.URL.Path), slog.String("error", he.Err.Error()))
	}
	if rq == nil {
		rq = &request{}
	}
	if isHTMX(r) {
		writeHTML(w, he.Status, []byte(`<p class="error" role="alert">`+escape(he.Msg)+`</p>`))
		return
	}
	s.renderPage(w, he.Status, "error", s.view(rq, "Error", struct {
		Status int
		Msg    string
	}{he.Status, he.Msg}))
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// view is the data every page's layout needs, with the page's own data in Data.
type view struct {
	Title  string
	User   *store.User
	CSRF   string
	Active string // the navigation entry to mark current
	Theme  string // data-theme of <html>: light, dark or system (none)
	Data   any
}

func (s *Service) view(rq *request, title string, data any) *view {
	return &view{Title: title, User: rq.user, CSRF: rq.csrf, Theme: rq.theme, Data: data}
}

// redirectBack sends a browser without JavaScript back to the page it came from (a same-site
// Referer), or to fallback.
func (s *Service) redirectBack(w http.ResponseWriter, r *http.Request, fallback string) {
	to := fallback
	if ref := r.Referer(); strings.HasPrefix(ref, s.opt.BaseURL+"/") {
		to = strings.TrimPrefix(ref, s.opt.BaseURL)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath accepts a redirect target only when it is a path on this site.
func localPath(p, fallback string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.ContainsAny(p, "\r\n") || len(p) > 2000 {
		return fallback
	}
	return p
}
