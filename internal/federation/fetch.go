package federation

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// acceptAP is the Accept header of our ActivityPub fetches.
const acceptAP = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`

// actorMaxAge is how long a stored remote actor is trusted before it is refetched.
const actorMaxAge = 24 * time.Hour

// permanentError is a failure that retrying will not fix (404, 410, a refused document).
type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() error   { return e.err }
func (e permanentError) Permanent() bool { return true }

func permanent(format string, args ...any) error { return permanentError{fmt.Errorf(format, args...)} }

// checkTarget refuses ids we must not fetch: not http(s), plain http unless private
// federation is allowed, or our own.
func (s *Service) checkTarget(id string) error {
	u, err := url.Parse(id)
	if err != nil || u.Host == "" {
		return permanent("federation: bad id %q", id)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && s.AllowPrivate:
	default:
		return permanent("federation: %q is not https", id)
	}
	if strings.EqualFold(u.Host, s.Host()) {
		return permanent("federation: %q is local", id)
	}
	return nil
}

// FetchDocument GETs an ActivityPub document, signed by the instance actor (signed fetch),
// and checks that its id is the one asked for (after at most 3 redirects on the same host).
func (s *Service) FetchDocument(ctx context.Context, id string) (ap.Object, error) {
	if err := s.checkTarget(id); err != nil {
		return nil, err
	}
	if suspended, err := s.suspendedHost(ctx, id); err != nil || suspended {
		if err != nil {
			return nil, err
		}
		return nil, permanent("federation: fetch %s: the domain is suspended", id)
	}
	inst, err := s.EnsureInstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	key, err := privateKey(inst)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, id, nil)
	if err != nil {
		return nil, permanent("federation: %v", err)
	}
	req.Header.Set("Accept", acceptAP)
	resp, err := s.Client.DoPrepared(req, func(r *http.Request) error {
		return httpsig.SignRequest(r, nil, inst.APID+"#main-key", key)
	})
	if err != nil {
		return nil, fmt.Errorf("federation: fetch %s: %w", id, err)
	}
	switch {
	case resp.Status == http.StatusNotFound || resp.Status == http.StatusGone || resp.Status == http.StatusUnauthorized ||
		resp.Status == http.StatusForbidden:
		return nil, permanent("federation: fetch %s: status %d", id, resp.Status)
	case resp.Status != http.StatusOK:
		return nil, fmt.Errorf("federation: fetch %s: status %d", id, resp.Status)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "application/activity+json" && mt != "application/ld+json" && mt != "application/json" {
		return nil, permanent("federation: fetch %s: content type %q", id, mt)
	}
	doc, err := ap.Parse(resp.Body)
	if err != nil {
		return nil, permanent("federation: fetch %s: %w", id, err)
	}
	if doc.ID() != id && doc.ID() != resp.FinalURL {
		return nil, permanent("federation: fetch %s: document id %q does not match", id, doc.ID())
	}
	if ap.Host(doc.ID()) != ap.Host(id) {
		return nil, permanent("federation: fetch %s: redirected to another host", id)
	}
	return doc, nil
}

// FetchActor fetches and stores a remote actor.
func (s *Service) FetchActor(ctx context.Context, id string) (*store.User, error) {
	doc, err := s.FetchDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	u, err := activity.UserFromActor(doc)
	if err != nil {
		return nil, permanentError{err}
	}
	if u.APID != id {
		return nil, permanent("federation: actor %s answered as %s", id, u.APID)
	}
	if err := s.Store.UpsertRemoteUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Actor returns a remote actor, fetching it when unknown or older than actorMaxAge (a stale
// copy is used when the refresh fails).
func (s *Service) Actor(ctx context.Context, id string) (*store.User, error) {
	u, err := s.Store.UserByAPID(ctx, id)
	if err == nil && (u.Local || (u.FetchedAt != nil && time.Since(*u.FetchedAt) < actorMaxAge)) {
		return u, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	fresh, ferr := s.FetchActor(ctx, id)
	if ferr != nil {
		if u != nil {
			return u, nil
		}
		return nil, ferr
	}
	return fresh, nil
}

// Resolve implements jobs.Resolver: fetch a remote object (or actor) and ingest it, with its
// author stored first. depth is passed on so that thread completion stays bounded.
func (s *Service) Resolve(ctx context.Context, id string, depth int) error {
	if _, err := s.Store.ObjectByAPID(ctx, id); err == nil {
		return nil
	}
	doc, err := s.FetchDocument(ctx, id)
	if err != nil {
		return err
	}
	if activity.ActorTypes[doc.Type()] {
		u, err := activity.UserFromActor(doc)
		if err != nil {
			return permanentError{err}
		}
		return s.Store.UpsertRemoteUser(ctx, u)
	}
	if author := doc.Author(); author != "" {
		if _, err := s.Actor(ctx, author); err != nil {
			return err
		}
	}
	_, err = s.Pipeline.Ingest(ctx, doc, activity.Origin{Source: activity.Fetched, Depth: depth})
	if errors.Is(err, activity.ErrInvalid) {
		return permanentError{err}
	}
	if err != nil {
		return err
	}
	if doc.Type() == "Note" || doc.Type() == "Question" {
		s.fetchReplies(ctx, doc, depth)
	}
	return nil
}

// ResolveHandle finds nick@domain through WebFinger and stores the actor.
func (s *Service) ResolveHandle(ctx context.Context, nick, domain string) (*store.User, error) {
	if u, err := s.Store.RemoteUser(ctx, nick, domain); err == nil {
		return u, nil
	}
	doc, err := s.webfingerLookup(ctx, nick, domain) // webfinger.go
	if err != nil {
		return nil, err
	}
	for _, l := range doc.Objects("links") {
		if l.String("rel") != "self" {
			continue
		}
		t := l.String("type")
		if t != "application/activity+json" && !strings.HasPrefix(t, "application/ld+json") {
			continue
		}
		return s.FetchActor(ctx, l.String("href"))
	}
	return nil, permanent("federation: webfinger %s@%s: no ActivityPub actor", nick, domain)
}
