package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/store"
)

// Server holds what the handlers share.
type Server struct {
	cfg *config.Config
	st  *store.Store
	mux *http.ServeMux
}

// Surface is a group of routes (federation, the Mastodon API, the web UI) mounted on the mux.
type Surface interface {
	Routes(mux *http.ServeMux)
}

// New builds the server and its routes.
func New(cfg *config.Config, st *store.Store, surfaces ...Surface) *Server {
	s := &Server{cfg: cfg, st: st, mux: http.NewServeMux()}
	s.routes()
	for _, sf := range surfaces {
		sf.Routes(s.mux)
	}
	return s
}

// Handler is the root handler with the shared middleware around every route.
func (s *Server) Handler() http.Handler {
	return recoverer(accessLog(securityHeaders(s.mux)))
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes a Mastodon-style {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		slog.Debug("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
	})
}

func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("handler panic", slog.Any("panic", v), slog.String("path", r.URL.Path))
				writeError(w, http.StatusInternalServerError, "Internal server error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
