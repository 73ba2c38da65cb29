package activity

import (
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// accept handles Accept of a Follow: the followee lets the follower in.
type accept struct{}

func init() { register(accept{}) }

func (accept) Type() string { return "Accept" }

// Validate requires an actor and an object, the Follow, embedded or referenced.
func (accept) Validate(c *Ctx, obj ap.Object) error {
	return validateFollowAnswer(c, obj)
}

// validateFollowAnswer checks the shape of an Accept or Reject.
func validateFollowAnswer(c *Ctx, obj ap.Object) error {
	if _, err := graphActor(c, obj); err != nil {
		return err
	}
	if obj.Ref("object") == "" {
		if _, ok := obj.Embedded("object"); !ok {
			return invalid("%s %s has no object", obj.Type(), obj.ID())
		}
	}
	if inner, ok := obj.Embedded("object"); ok && inner.Type() != "" && inner.Type() != "Follow" {
		return invalid("%s %s of a %s, not a Follow", obj.Type(), obj.ID(), inner.Type())
	}
	return nil
}

// Ingest refuses an Accept by anyone but the followee (ErrNotOwner) and one of a Follow that
// is neither pending nor in force, then stores it.
func (accept) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if row, err := c.Tx.ObjectByAPID(c, obj.ID()); err == nil {
		return row, nil // already applied
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	f, err := followOf(c, obj)
	if err != nil {
		return nil, err
	}
	pending, err := c.Tx.HasRelationship(c, store.RelFollowRequest, f.follower, f.followee)
	if err != nil {
		return nil, err
	}
	inForce, err := c.Tx.HasRelationship(c, store.RelFollow, f.follower, f.followee)
	if err != nil {
		return nil, err
	}
	if !pending && !inForce {
		return nil, invalid("Accept %s of Follow %s: %s has not asked to follow %s", obj.ID(), f.id, f.follower, f.followee)
	}
	return c.store(obj)
}

// SideEffects turns the FollowRequest into a Follow (a Follow in force keeps its activity),
// marks a relay subscription of the instance actor accepted, and federates a local Accept.
func (accept) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	f, err := followOf(c, obj)
	if err != nil {
		return err
	}
	inForce, err := c.Tx.HasRelationship(c, store.RelFollow, f.follower, f.followee)
	if err != nil {
		return err
	}
	if !inForce {
		activityID := ""
		if f.stored {
			activityID = f.id
		}
		if r, err := c.Tx.Relationship(c, store.RelFollowRequest, f.follower, f.followee); err == nil && r.ActivityAPID != "" {
			activityID = r.ActivityAPID
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if _, err := c.Tx.PutRelationship(c, &store.Relationship{Type: store.RelFollow, Actor: f.follower,
			Object: f.followee, ActivityAPID: activityID}); err != nil {
			return err
		}
	}
	if _, err := c.Tx.DeleteRelationship(c, store.RelFollowRequest, f.follower, f.followee); err != nil {
		return err
	}
	if f.follower == c.P.InstanceActorID() { // a relay took the instance actor's subscription
		if _, err := c.Tx.SetRelayState(c, f.followee, store.RelayAccepted); err != nil {
			return err
		}
	}
	return c.DeliverLocal(row)
}

// followRef is the Follow an Accept or Reject answers; stored says whether id is a stored
// Follow activity (else it is only what an embedded Follow claims).
type followRef struct {
	id, follower, followee string
	stored                 bool
}

// followOf finds the Follow that obj (an Accept or Reject) answers: the stored activity its
// object names, else the embedded Follow's actor and object. An unknown Follow is refused, and
// so is an answer by anyone but the followee (ErrNotOwner).
func followOf(c *Ctx, obj ap.Object) (followRef, error) {
	var f followRef
	f.id = obj.Ref("object")
	if f.id != "" {
		row, err := c.Tx.ObjectByAPID(c, f.id)
		switch {
		case err == nil:
			if row.Type != "Follow" {
				return f, invalid("%s %s answers a %s, not a Follow", obj.Type(), obj.ID(), row.Type)
			}
			f.follower, f.followee, f.stored = row.Actor, row.Object, true
		case !errors.Is(err, store.ErrNotFound):
			return f, err
		}
	}
	if !f.stored {
		inner, ok := obj.Embedded("object")
		if !ok {
			return f, invalid("%s %s: unknown Follow %s", obj.Type(), obj.ID(), f.id)
		}
		f.follower, f.followee = inner.Ref("actor"), inner.Ref("object")
		if f.follower == "" || f.followee == "" {
			return f, invalid("%s %s: embedded Follow without actor or object", obj.Type(), obj.ID())
		}
	}
	if f.followee != obj.Ref("actor") {
		return f, fmt.Errorf("%w: %s %s by %s of a Follow of %s", ErrNotOwner, obj.Type(), obj.ID(), obj.Ref("actor"), f.followee)
	}
	return f, nil
}
