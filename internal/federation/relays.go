package federation

import (
	"context"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// ErrRelayExists is returned when subscribing to a relay twice.
var ErrRelayExists = errors.New("already subscribed to this relay")

// SubscribeRelay follows the relay whose actor is actorURL (LitePub style: the Follow's
// object is the relay's actor): the actor is fetched, a pending subscription is stored, and
// the instance actor's Follow goes out through the delivery jobs. The relay's Accept makes it
// accepted (activity/accept.go), a Reject removes it (activity/reject.go); while accepted,
// the public posts it announces are fetched into the federated timeline (activity/announce.go).
func (s *Service) SubscribeRelay(ctx context.Context, actorURL string) (*store.Relay, error) {
	if err := s.checkTarget(actorURL); err != nil {
		return nil, err
	}
	if _, err := s.Store.RelayByAPID(ctx, actorURL); err == nil {
		return nil, ErrRelayExists
	}
	relay, err := s.FetchActor(ctx, actorURL)
	if err != nil {
		return nil, fmt.Errorf("fetch the relay's actor: %w", err)
	}
	inst, err := s.EnsureInstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	r := &store.Relay{APID: relay.APID, Inbox: firstNonEmpty(relay.SharedInbox, relay.Inbox)}
	if err := s.Store.AddRelay(ctx, r); err != nil {
		if errors.Is(err, store.ErrTaken) {
			return nil, ErrRelayExists
		}
		return nil, err
	}
	follow := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": s.Pipeline.NewObjectID(),
		"type": "Follow", "actor": inst.APID, "object": relay.APID, "to": []any{relay.APID}}
	row, err := s.Pipeline.Ingest(ctx, follow, activity.Origin{Source: activity.Local})
	if err != nil {
		_, _ = s.Store.DeleteRelay(ctx, relay.APID)
		return nil, err
	}
	if err := s.Store.SetRelayFollow(ctx, relay.APID, row.APID); err != nil {
		return nil, err
	}
	r.FollowAPID = row.APID
	return r, nil
}

// UnsubscribeRelay sends Undo(Follow) to the relay and forgets the subscription.
func (s *Service) UnsubscribeRelay(ctx context.Context, r *store.Relay) error {
	inst, err := s.EnsureInstanceActor(ctx)
	if err != nil {
		return err
	}
	if r.FollowAPID != "" {
		if _, err := s.Store.ObjectByAPID(ctx, r.FollowAPID); err == nil {
			undo := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": s.Pipeline.NewObjectID(),
				"type": "Undo", "actor": inst.APID, "object": r.FollowAPID, "to": []any{r.APID}}
			if _, err := s.Pipeline.Ingest(ctx, undo, activity.Origin{Source: activity.Local}); err != nil {
				return err
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	_, err = s.Store.DeleteRelay(ctx, r.APID)
	return err
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
