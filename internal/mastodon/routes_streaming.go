package mastodon

import "net/http"

// routesStreaming mounts the streaming API: one WebSocket endpoint and the server-sent
// events endpoints, one per stream.
func (s *Service) routesStreaming(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/streaming/health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("OK"))
	})
	mux.HandleFunc("GET /api/v1/streaming", s.websocket)
	mux.HandleFunc("GET /api/v1/streaming/{$}", s.websocket)
	sse := map[string]string{
		"user": StreamUser, "user/notification": StreamUserNotification, "public": StreamPublic,
		"public/media": StreamPublicMedia, "public/local": StreamPublicLocal, "public/local/media": StreamPublicLocalMedia,
		"public/remote": StreamPublicRemote, "public/remote/media": StreamPublicRemoteMedia,
		"hashtag": StreamHashtag, "hashtag/local": StreamHashtagLocal, "list": StreamList, "direct": StreamDirect,
	}
	for path, name := range sse {
		mux.HandleFunc("GET /api/v1/streaming/"+path, s.eventStream(name))
	}
}
