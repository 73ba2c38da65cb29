package activity

import (
	"errors"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// reject handles Reject of a Follow: the followee refuses a request or removes a follower.
type reject struct{}

func init() { register(reject{}) }

func (reject) Type() string { return "Reject" }

// Validate requires an actor and an object, the Follow, embedded or referenced.
func (reject) Validate(c *Ctx, obj ap.Object) error {
	return validateFollowAnswer(c, obj)
}

// Ingest refuses a Reject of an unknown Follow or by anyone but the followee (ErrNotOwner),
// then stores it.
func (reject) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if row, err := c.Tx.ObjectByAPID(c, obj.ID()); err == nil {
		return row, nil // already applied
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if _, err := followOf(c, obj); err != nil {
		return nil, err
	}
	return c.store(obj)
}

// SideEffects removes the Follow and FollowRequest, the notifications of the Follow, a relay
// subscription the relay refused, and federates a local Reject.
func (reject) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	f, err := followOf(c, obj)
	if err != nil {
		return err
	}
	followID := ""
	if f.stored {
		followID = f.id
	}
	if err := unfollow(c, f.follower, f.followee, followID); err != nil {
		return err
	}
	if f.follower == c.P.InstanceActorID() { // a relay refused the instance actor's subscription
		if _, err := c.Tx.DeleteRelay(c, f.followee); err != nil {
			return err
		}
	}
	return c.DeliverLocal(row)
}

// unfollow removes the Follow and FollowRequest of follower for followee and the
// notifications their activities caused, and those of followID (a stored Follow, or "").
func unfollow(c *Ctx, follower, followee, followID string) error {
	ids := []string{followID}
	for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
		r, err := c.Tx.Relationship(c, typ, follower, followee)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		ids = append(ids, r.ActivityAPID)
		if _, err := c.Tx.DeleteRelationship(c, typ, follower, followee); err != nil {
			return err
		}
	}
	seen := map[string]bool{"": true}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := c.Tx.DeleteNotificationsByActivity(c, id); err != nil {
			return err
		}
	}
	return nil
}
