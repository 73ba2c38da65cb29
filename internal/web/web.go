package web

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Options configure the web UI. They are set once at start.
type Options struct {
	// BaseURL is the public origin, e.g. https://example.com. Cookies are Secure when it is
	// https.
	BaseURL string
	// Secret signs CSRF tokens (EGREGOROS_SECRET_KEY_BASE); at least 32 characters.
	Secret string
	// CookieDomain is the Domain of the session cookie (EGREGOROS_SESSION_COOKIE_DOMAIN); ""
	// makes it a host-only cookie.
	CookieDomain string
	// Store is the database: sessions, and every query the pages run.
	Store *store.Store
	// Pipeline ingests what the UI authors (posts, likes, boosts), as for the API.
	Pipeline *activity.Pipeline
	// Bus feeds the live updates; nil disables them (the pages still work).
	Bus stream.Bus
	// Remote resolves @user@domain mentions nobody here has seen yet; nil: only known
	// accounts are linked.
	Remote Resolver
	// MaxStatusChars bounds a post (text and content warning together); 0 means 5000.
	MaxStatusChars int
	// RegistrationsOpen shows the sign-up page (EGREGOROS_REGISTRATIONS_OPEN).
	RegistrationsOpen bool
	// API is the client API whose handlers the composer, polls, reactions, autocomplete and
	// profile settings run (mastodon.ServeAs), with its media service for uploads; nil: one
	// without media is made from these options (compose.go).
	API *mastodon.Service
	// Now is the clock (tests set it); nil means time.Now.
	Now func() time.Time
}

// Resolver finds a remote account by its handle (federation.Service does it via WebFinger).
type Resolver interface {
	ResolveHandle(ctx context.Context, nick, domain string) (*store.User, error)
}

// Service is the web UI; Routes mounts it.
type Service struct {
	opt    Options
	secure bool
	tmpl   *templates
	assets *assetSet
}

// New checks the options and parses the embedded templates and assets; a missing or broken
// template fails here, never at request time.
func New(opt Options) (*Service, error) {
	if opt.Store == nil || opt.Pipeline == nil {
		return nil, errors.New("web: Store and Pipeline are required")
	}
	if len(opt.Secret) < 32 {
		return nil, errors.New("web: the secret must be at least 32 characters")
	}
	if opt.MaxStatusChars <= 0 {
		opt.MaxStatusChars = 5000
	}
	opt.BaseURL = strings.TrimSuffix(opt.BaseURL, "/")
	s := &Service{opt: opt, secure: strings.HasPrefix(opt.BaseURL, "https://")}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(s.funcs()); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Service) now() time.Time {
	if s.opt.Now != nil {
		return s.opt.Now().UTC()
	}
	return time.Now().UTC()
}
