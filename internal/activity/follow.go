package activity

import (
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// follow handles Follow. A Follow of a local user becomes a Follow relationship (answered by
// an automatic Accept for a remote follower), or a FollowRequest when the user is locked. A
// local user's Follow of a remote actor is a FollowRequest until the remote Accept.
type follow struct{}

func init() { register(follow{}) }

func (follow) Type() string { return "Follow" }

// Validate requires an actor and an object (an actor id) other than the actor.
func (follow) Validate(c *Ctx, obj ap.Object) error {
	actor, err := graphActor(c, obj)
	if err != nil {
		return err
	}
	target := obj.Ref("object")
	if target == "" {
		return invalid("Follow %s has no object", obj.ID())
	}
	if target == actor {
		return invalid("Follow %s: %s follows itself", obj.ID(), actor)
	}
	return nil
}

// Ingest refuses a remote Follow of anyone but a local user, a Follow of an unknown local
// user, and a Follow between actors where either blocks the other; then stores the activity.
func (follow) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	actor, target := obj.Ref("actor"), obj.Ref("object")
	if c.Remote() && !c.P.IsLocalID(target) {
		return nil, invalid("remote Follow %s targets %s, not a local user", obj.ID(), target)
	}
	if c.P.IsLocalID(target) {
		if _, err := c.Tx.UserByAPID(c, target); errors.Is(err, store.ErrNotFound) {
			return nil, invalid("Follow %s targets unknown local user %s", obj.ID(), target)
		} else if err != nil {
			return nil, err
		}
	}
	blocked, err := blockedEither(c, actor, target)
	if err != nil {
		return nil, err
	}
	if blocked {
		return nil, invalid("Follow %s: %s and %s block each other", obj.ID(), actor, target)
	}
	return c.store(obj)
}

// SideEffects sets the relationship, notifies a local target, answers a remote follower of an
// unlocked local user with an Accept, and federates a local Follow of a remote actor. A
// Follow already in force stays in force (its activity id is updated) and notifies nobody.
func (follow) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	follower, target := obj.Ref("actor"), obj.Ref("object")
	rel := func(typ string) (bool, error) {
		return c.Tx.PutRelationship(c, &store.Relationship{Type: typ, Actor: follower, Object: target, ActivityAPID: row.APID})
	}
	inForce, err := c.Tx.HasRelationship(c, store.RelFollow, follower, target)
	if err != nil {
		return err
	}
	if !c.P.IsLocalID(target) {
		// A local user following a remote actor: pending until the remote Accept.
		typ := store.RelFollowRequest
		if inForce {
			typ = store.RelFollow
		}
		if _, err := rel(typ); err != nil {
			return err
		}
		return c.DeliverLocal(row)
	}
	u, err := c.Tx.UserByAPID(c, target)
	if err != nil {
		return err
	}
	if u.Locked && !inForce {
		created, err := rel(store.RelFollowRequest)
		if err != nil || !created {
			return err
		}
		return c.Notify(target, store.NotifyFollowRequest, follower, "", row.APID, "")
	}
	if _, err := rel(store.RelFollow); err != nil {
		return err
	}
	if !inForce {
		if _, err := c.Tx.DeleteRelationship(c, store.RelFollowRequest, follower, target); err != nil {
			return err
		}
		if err := c.Notify(target, store.NotifyFollow, follower, "", row.APID, ""); err != nil {
			return err
		}
	}
	if c.P.IsLocalID(follower) {
		return nil
	}
	// A remote follower is told with an Accept, also when the Follow was already in force
	// (its server may have lost track).
	return acceptFollow(c, obj)
}

// acceptFollow ingests a local Accept of the Follow obj by its target.
func acceptFollow(c *Ctx, obj ap.Object) error {
	follower, target := obj.Ref("actor"), obj.Ref("object")
	accept := ap.Object{
		"id":     c.P.NewObjectID(),
		"type":   "Accept",
		"actor":  target,
		"object": map[string]any{"id": obj.ID(), "type": "Follow", "actor": follower, "object": target},
		"to":     []any{follower},
	}
	_, err := c.asLocalOrigin().Ingest(accept)
	return err
}

// asLocalOrigin returns a copy of c for activities this server authors while applying
// another one (an automatic Accept, the Follows of a Move): same transaction, local origin.
func (c *Ctx) asLocalOrigin() *Ctx {
	l := *c
	l.Origin = Origin{Source: Local}
	l.New = false
	return &l
}

// blockedEither reports whether a blocks b or b blocks a.
func blockedEither(c *Ctx, a, b string) (bool, error) {
	for _, p := range [][2]string{{a, b}, {b, a}} {
		has, err := c.Tx.HasRelationship(c, store.RelBlock, p[0], p[1])
		if err != nil || has {
			return has, err
		}
	}
	return false, nil
}

// graphActor returns the actor of a Follow, Accept, Reject, Undo, Block or Move after checking
// it: present, not contradicted by attributedTo, on the activity's host for a remote
// document, and on this server for a local one.
func graphActor(c *Ctx, obj ap.Object) (string, error) {
	actor := obj.Ref("actor")
	if actor == "" {
		return "", invalid("%s %s has no actor", obj.Type(), obj.ID())
	}
	if a := obj.Ref("attributedTo"); a != "" && a != actor {
		return "", fmt.Errorf("%w: %s %s attributed to %s, actor %s", ErrActorMismatch, obj.Type(), obj.ID(), a, actor)
	}
	if c.Remote() && ap.Host(actor) != ap.Host(obj.ID()) {
		return "", fmt.Errorf("%w: %s %s is not on its actor's host %s", ErrActorMismatch, obj.Type(), obj.ID(), ap.Host(actor))
	}
	if !c.Remote() && !c.P.IsLocalID(actor) {
		return "", invalid("local %s %s by remote actor %s", obj.Type(), obj.ID(), actor)
	}
	return actor, nil
}
