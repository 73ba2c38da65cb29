package federation

import (
	"context"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// Instance domain blocks (store/moderation_domains.go) as federation applies them: nothing is
// fetched from a suspended domain or delivered to it, and its deliveries are dropped.

// suspendedHost reports whether the host of id is on, or under, a suspended domain.
func (s *Service) suspendedHost(ctx context.Context, id string) (bool, error) {
	return s.Store.DomainSuspended(ctx, ap.Host(id))
}

// suspendedFilter returns a test for hosts under a suspended domain, from one read of the
// blocks (for the many inboxes of one delivery).
func (s *Service) suspendedFilter(ctx context.Context) (func(id string) bool, error) {
	blocks, err := s.Store.InstanceDomainBlocks(ctx)
	if err != nil {
		return nil, err
	}
	var suspended []string
	for _, b := range blocks {
		if b.Severity == store.SeveritySuspend {
			suspended = append(suspended, b.Domain)
		}
	}
	return func(id string) bool {
		if len(suspended) == 0 {
			return false
		}
		host := ap.Host(id)
		for _, d := range suspended {
			if store.DomainCovers(d, host) {
				return true
			}
		}
		return false
	}, nil
}

// dropDelivery answers a delivery that is refused by moderation (a suspended domain or
// account) the way Mastodon does: 202 Accepted, and nothing is enqueued, so that the sender
// neither retries nor learns that it is blocked.
func dropDelivery(w http.ResponseWriter) {
	w.WriteHeader(http.StatusAccepted)
}

// refusedKey reports whether the key of a signed request belongs to a suspended domain: such
// a delivery is dropped before its signature is checked (which would fetch the actor).
func (s *Service) refusedKey(ctx context.Context, r *http.Request) (bool, error) {
	p, err := httpsig.Parse(r)
	if err != nil {
		return false, nil // the signature check refuses it
	}
	return s.suspendedHost(ctx, httpsig.ActorID(p.KeyID))
}
