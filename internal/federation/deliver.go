package federation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// Inboxes implements jobs.Sender: the distinct inboxes a local activity goes to, computed
// from its addressing (and its embedded object's), so followers-only and direct activities
// reach only their audience. A follower collection of the author expands to the followers'
// inboxes; a remote actor's shared inbox is used when it has one.
func (s *Service) Inboxes(ctx context.Context, a *store.Object) ([]string, error) {
	doc, err := ap.Parse(a.Data)
	if err != nil {
		return nil, permanentError{err}
	}
	author, err := s.Store.UserByAPID(ctx, a.Actor)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !author.Local) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if a.Type == "Delete" && a.Object == a.Actor {
		return s.deletedActorInboxes(ctx)
	}
	recipients := doc.Recipients()
	if inner, ok := doc.Embedded("object"); ok {
		recipients = append(recipients, inner.Recipients()...)
	}
	suspended, err := s.suspendedFilter(ctx) // instance domain blocks (domain_blocks.go)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	add := func(u *store.User) {
		if u == nil || u.Local {
			return
		}
		inbox := u.SharedInbox
		if inbox == "" {
			inbox = u.Inbox
		}
		if inbox == "" || seen[inbox] || s.checkTarget(inbox) != nil || suspended(inbox) {
			return
		}
		seen[inbox] = true
		out = append(out, inbox)
	}
	done := map[string]bool{}
	for _, r := range recipients {
		if r == ap.Public || done[r] {
			continue
		}
		done[r] = true
		if r == author.FollowersURL {
			followers, err := s.Store.RelationshipActors(ctx, store.RelFollow, author.APID)
			if err != nil {
				return nil, err
			}
			users, err := s.Store.UsersByAPIDs(ctx, followers)
			if err != nil {
				return nil, err
			}
			for _, f := range followers {
				add(users[f])
			}
			continue
		}
		if s.checkTarget(r) != nil {
			continue
		}
		u, err := s.Actor(ctx, r)
		if err != nil {
			slog.Debug("delivery recipient not resolved", slog.String("recipient", r), slog.String("error", err.Error()))
			continue // a collection of someone else, a gone actor: nothing to deliver to
		}
		add(u)
	}
	return out, nil
}

// hostDownProbe is how often a host that keeps failing is tried; other deliveries to it wait.
const hostDownProbe = 10 * time.Minute

var errHostDown = errors.New("federation: host is failing; waiting for the next probe")

// Post implements jobs.Sender: sign the activity with its author's key and POST it to inbox.
// 2xx succeeds; 410 Gone removes the actors of that inbox from follower lists; other 4xx
// (but 408 and 429) are permanent; the rest is retried. A host with 5 or more consecutive
// failures is tried at most once per hostDownProbe.
func (s *Service) Post(ctx context.Context, a *store.Object, inbox string) error {
	if err := s.checkTarget(inbox); err != nil {
		return err
	}
	if suspended, err := s.suspendedHost(ctx, inbox); err != nil || suspended {
		if err != nil {
			return err
		}
		return permanent("federation: deliver to %s: the domain is suspended", inbox)
	}
	host := ap.Host(inbox)
	inst, err := s.Store.InstanceByHost(ctx, host)
	if err != nil {
		return err
	}
	if inst.Failures >= 5 && inst.LastFailureAt != nil && time.Since(*inst.LastFailureAt) < hostDownProbe {
		return errHostDown
	}
	author, err := s.Store.UserByAPID(ctx, a.Actor)
	if err != nil {
		return permanent("federation: author of %s: %v", a.APID, err)
	}
	key, err := privateKey(author)
	if err != nil {
		return permanentError{err}
	}
	var doc map[string]any
	if err := json.Unmarshal(a.Data, &doc); err != nil {
		return permanentError{err}
	}
	body, err := json.Marshal(PublicView(doc))
	if err != nil {
		return permanentError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		return permanentError{err}
	}
	req.Header.Set("Content-Type", "application/activity+json")
	resp, err := s.Client.DoPrepared(req, func(r *http.Request) error {
		return httpsig.SignRequest(r, body, author.APID+"#main-key", key)
	})
	if err != nil {
		_ = s.Store.InstanceFailed(ctx, host)
		return fmt.Errorf("federation: deliver %s to %s: %w", a.APID, inbox, err)
	}
	switch {
	case resp.Status >= 200 && resp.Status < 300:
		return s.Store.InstanceSucceeded(ctx, host)
	case resp.Status == http.StatusGone:
		if err := s.forgetInbox(ctx, inbox); err != nil {
			return err
		}
		return permanent("federation: deliver to %s: gone", inbox)
	case resp.Status >= 400 && resp.Status < 500 && resp.Status != http.StatusRequestTimeout && resp.Status != http.StatusTooManyRequests:
		return permanent("federation: deliver %s to %s: status %d", a.APID, inbox, resp.Status)
	}
	_ = s.Store.InstanceFailed(ctx, host)
	return fmt.Errorf("federation: deliver %s to %s: status %d", a.APID, inbox, resp.Status)
}

// forgetInbox drops the follows of the actors whose personal inbox answered 410 Gone.
func (s *Service) forgetInbox(ctx context.Context, inbox string) error {
	actors, err := s.Store.RemoteUsersByInbox(ctx, inbox)
	if err != nil {
		return err
	}
	for _, actor := range actors {
		follows, err := s.Store.RelationshipObjects(ctx, store.RelFollow, actor)
		if err != nil {
			return err
		}
		for _, followed := range follows {
			if _, err := s.Store.DeleteRelationship(ctx, store.RelFollow, actor, followed); err != nil {
				return err
			}
		}
	}
	return nil
}
