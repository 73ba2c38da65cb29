package server

import (
	"log/slog"
	"net/http"
)

// health answers 200 {"status":"ok","database":"ok"}, or 503 with "database":"error" when the
// database does not answer.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		slog.Warn("health check: database unreachable", slog.String("error", err.Error()))
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "error", "database": "error"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
}
