package federation

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// ActivityJSON is the media type of ActivityPub documents we serve.
const ActivityJSON = "application/activity+json; charset=utf-8"

// Context is the JSON-LD context of our actor and object documents.
var Context = activity.ActorContext

// Service serves and speaks ActivityPub for this server. Its fields are set once at start.
type Service struct {
	BaseURL  string
	Store    *store.Store
	Pipeline *activity.Pipeline
	Client   *safehttp.Client
	// Enqueue stores a verified inbox delivery as a job (jobs.EnqueueIngest).
	Enqueue func(ctx context.Context, raw []byte, inboxUser string) error

	AllowPrivate    bool          // EGREGOROS_ALLOW_PRIVATE_FEDERATION: plain http and private addresses
	OpenSignups     bool          // EGREGOROS_REGISTRATIONS_OPEN, for NodeInfo (until the admin page sets it)
	AuthorizedFetch bool          // every ActivityPub GET must be signed
	Strict          bool          // strict signature coverage
	Skew            time.Duration // allowed Date skew
	// Metadata adds to NodeInfo's metadata (the client API's features and limits).
	Metadata func(context.Context) (map[string]any, error)

	limiterOnce sync.Once
	limiter     *ipLimiter
}

// Host is this server's authority (host[:port]), the domain of its handles.
func (s *Service) Host() string {
	h := strings.TrimPrefix(strings.TrimPrefix(s.BaseURL, "https://"), "http://")
	return strings.ToLower(h)
}

// wantsActivityJSON reports whether the client asked for an ActivityPub document rather than
// a web page.
func wantsActivityJSON(r *http.Request) bool {
	a := r.Header.Get("Accept")
	return strings.Contains(a, "application/activity+json") || strings.Contains(a, "application/ld+json") ||
		(strings.Contains(a, "application/json") && !strings.Contains(a, "text/html"))
}

func writeAP(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", ActivityJSON)
	w.Header().Set("Vary", "Accept")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSONType(w, status, "application/json; charset=utf-8", map[string]string{"error": msg})
}
