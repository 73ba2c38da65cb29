package media

import (
	"net"
	"net/http"
	"strings"
)

// onUploadsHost reports whether r may be answered with an upload: always without a separate
// uploads host, and only on that host with one.
func (s *Service) onUploadsHost(r *http.Request) bool {
	return s.UploadsHost == "" || sameHost(r.Host, s.UploadsHost)
}

// sameHost compares host[:port] values case-insensitively; a missing port matches any.
func sameHost(a, b string) bool {
	ha, pa := splitHost(a)
	hb, pb := splitHost(b)
	return strings.EqualFold(ha, hb) && (pa == "" || pb == "" || pa == pb)
}

func splitHost(h string) (string, string) {
	if host, port, err := net.SplitHostPort(h); err == nil {
		return host, port
	}
	return strings.Trim(h, "[]"), ""
}

// Isolate keeps the uploads host for uploads: with a separate uploads host, every request to
// it that is not under /uploads/ is a 404 (so the uploads origin never serves the app, its
// API or its cookies-bearing pages), and other requests go to next.
func (s *Service) Isolate(next http.Handler) http.Handler {
	if s.UploadsHost == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sameHost(r.Host, s.UploadsHost) && !strings.HasPrefix(r.URL.Path, "/uploads/") {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
