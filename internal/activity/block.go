package activity

import (
	"errors"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// block handles Block: a Block relationship, and no follows left between the two actors.
type block struct{}

func init() { register(block{}) }

func (block) Type() string { return "Block" }

// Validate requires an actor and an object (an actor id) other than the actor.
func (block) Validate(c *Ctx, obj ap.Object) error {
	actor, err := graphActor(c, obj)
	if err != nil {
		return err
	}
	target := obj.Ref("object")
	if target == "" {
		return invalid("Block %s has no object", obj.ID())
	}
	if target == actor {
		return invalid("Block %s: %s blocks itself", obj.ID(), actor)
	}
	return nil
}

// Ingest refuses a remote Block of anyone but a local user, then stores it.
func (block) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if c.Remote() {
		target := obj.Ref("object")
		if !c.P.IsLocalID(target) {
			return nil, invalid("remote Block %s targets %s, not a local user", obj.ID(), target)
		}
		if _, err := c.Tx.UserByAPID(c, target); errors.Is(err, store.ErrNotFound) {
			return nil, invalid("Block %s targets unknown local user %s", obj.ID(), target)
		} else if err != nil {
			return nil, err
		}
	}
	return c.store(obj)
}

// SideEffects stores the Block relationship, removes the Follows and FollowRequests in both
// directions (as Mastodon does), and federates a local Block.
func (block) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	actor, target := obj.Ref("actor"), obj.Ref("object")
	if _, err := c.Tx.PutRelationship(c, &store.Relationship{Type: store.RelBlock, Actor: actor, Object: target,
		ActivityAPID: row.APID}); err != nil {
		return err
	}
	for _, p := range [][2]string{{actor, target}, {target, actor}} {
		for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
			if _, err := c.Tx.DeleteRelationship(c, typ, p[0], p[1]); err != nil {
				return err
			}
		}
	}
	return c.DeliverLocal(row)
}
