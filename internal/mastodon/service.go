package mastodon

import (
	"context"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Limits are the instance limits that /api/v2/instance advertises and the API enforces.
type Limits struct {
	MaxStatusChars      int
	MaxMediaAttachments int
	MaxPollOptions      int
	MaxPollOptionChars  int
	MinPollExpiration   int // seconds
	MaxPollExpiration   int
	// ScheduledMinOffset is how far ahead scheduled_at must be (EGREGOROS_SCHEDULED_STATUS_MIN_OFFSET_SECONDS).
	ScheduledMinOffset time.Duration
}

// DefaultLimits are Mastodon's defaults.
var DefaultLimits = Limits{MaxStatusChars: 5000, MaxMediaAttachments: 4, MaxPollOptions: 4, MaxPollOptionChars: 50,
	MinPollExpiration: 300, MaxPollExpiration: 2629746, ScheduledMinOffset: 5 * time.Minute}

// Service is the client API. Its fields are set once at start.
type Service struct {
	BaseURL  string
	Secret   string // EGREGOROS_SECRET_KEY_BASE: signs the OAuth form's CSRF token
	Store    *store.Store
	Pipeline *activity.Pipeline
	Bus      stream.Bus
	// Push holds the Web Push keys, client and queue (push_deliver.go).
	Push   PushConfig
	Limits Limits
	// RegistrationsOpen allows POST /api/v1/accounts.
	RegistrationsOpen bool
	// Sessions lets the OAuth consent page use the web UI's sign-in: a signed-in browser
	// approves an app without typing its password. nil: the page asks for the password.
	Sessions Sessions
	// Media processes, stores and serves uploads; nil refuses them.
	Media *media.Service
	// Remote resolves remote accounts and posts for search (federation.Service); nil: only
	// what is stored is found.
	Remote Resolver
	// Scheduler publishes scheduled statuses at their time (jobs.Jobs); nil refuses them.
	Scheduler Scheduler

	events             sharedEvents   // streaming work shared by all connections (streams_shared.go)
	announcementEvents sharedPayloads // the same for announcement events (announcements_stream.go)
}

// Sessions is the web UI's session and CSRF check (web.Service implements it).
type Sessions interface {
	SignedIn(r *http.Request) (*store.User, error)
	CSRFToken(r *http.Request) string
	CheckCSRF(r *http.Request) bool
}

// Resolver finds remote accounts and objects on demand.
type Resolver interface {
	ResolveHandle(ctx context.Context, nick, domain string) (*store.User, error)
	Resolve(ctx context.Context, apID string, depth int) error
}
