package mastodon

import (
	"github.com/egregoros/egregoros/internal/activity"
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
}

// DefaultLimits are Mastodon's defaults.
var DefaultLimits = Limits{MaxStatusChars: 5000, MaxMediaAttachments: 4, MaxPollOptions: 4, MaxPollOptionChars: 50,
	MinPollExpiration: 300, MaxPollExpiration: 2629746}

// Service is the client API. Its fields are set once at start.
type Service struct {
	BaseURL  string
	Secret   string // EGREGOROS_SECRET_KEY_BASE: signs the OAuth form's CSRF token
	Store    *store.Store
	Pipeline *activity.Pipeline
	Bus      stream.Bus
	Limits   Limits
	// RegistrationsOpen allows POST /api/v1/accounts.
	RegistrationsOpen bool
}
