// Package server builds the root http.Handler: it mounts each surface (health now; federation,
// the Mastodon API, the web UI and media as they arrive) and wraps them in the shared
// middleware (recovery, access log, security headers). It imports the surfaces, never the
// other way round.
package server
