package activity

import (
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// del handles Delete of an object (by reference or as a Tombstone) or of the actor itself.
// The Delete row is always kept: it records that its target is gone, and a local Delete is
// federated from it after the target has been removed.
type del struct{}

func init() { register(del{}) }

func (del) Type() string { return "Delete" }

// Validate requires an actor and a target.
func (del) Validate(c *Ctx, obj ap.Object) error {
	if _, err := actorOnOwnHost(c, obj); err != nil {
		return err
	}
	if obj.Ref("object") == "" {
		return invalid("Delete %s has no object", obj.ID())
	}
	return nil
}

// Ingest refuses a Delete of someone else's object. An unknown target (the actor itself, for
// an actor deletion) must be on the actor's host: it could be theirs. A local Delete without
// addressing takes its target's, so that it reaches the same audience.
func (del) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	actor, target := obj.Ref("actor"), obj.Ref("object")
	stored, err := storedObject(c, target)
	if err != nil {
		return nil, err
	}
	switch {
	case stored == nil && ap.Host(target) != ap.Host(actor):
		return nil, fmt.Errorf("%w: %s cannot delete %s", ErrNotOwner, actor, target)
	case stored != nil && stored.Actor != actor:
		return nil, fmt.Errorf("%w: %s cannot delete %s by %s", ErrNotOwner, actor, target, stored.Actor)
	}
	if stored != nil && !c.Remote() && !hasAddressing(obj) {
		old, err := ap.Parse(stored.Data)
		if err != nil {
			return nil, fmt.Errorf("activity: stored %s: %w", stored.APID, err)
		}
		for _, f := range ap.AddressFields {
			if v, ok := old[f]; ok {
				obj[f] = v
			}
		}
	}
	return c.store(obj)
}

// SideEffects federates a local Delete, then removes the target: a stored object with its
// relationships, notifications and the activities on it (boosts, likes); or a remote actor
// with everything it left (store.PurgeActor). Unknown targets need nothing more.
func (del) SideEffects(c *Ctx, _ ap.Object, row *store.Object) error {
	if err := c.DeliverLocal(row); err != nil {
		return err
	}
	if row.Object == row.Actor {
		if !c.Remote() {
			return nil // a local account's deletion is done by the account code
		}
		gone, err := c.Tx.PurgeActor(c, row.Actor, "Delete", "Block")
		if err != nil {
			return err
		}
		emitDeleted(c, gone...)
		return nil
	}
	target, err := storedObject(c, row.Object)
	if err != nil || target == nil {
		return err
	}
	return deleteObject(c, target)
}

// deleteObject removes a stored object, the relationships with it or created by it, the
// notifications about it and the activities targeting it (except Deletes).
func deleteObject(c *Ctx, o *store.Object) error {
	if err := c.Tx.DeleteRelationshipsOf(c, o.APID); err != nil {
		return err
	}
	if _, err := c.Tx.DeleteRelationshipsByActivity(c, o.APID); err != nil {
		return err
	}
	if err := c.Tx.DeleteNotificationsAbout(c, o.APID); err != nil {
		return err
	}
	gone, err := c.Tx.DeleteObjectsTargeting(c, o.APID, "Delete")
	if err != nil {
		return err
	}
	if _, err := c.Tx.DeleteObject(c, o.APID); err != nil {
		return err
	}
	emitDeleted(c, append(gone, o)...)
	return nil
}

// emitDeleted says that the statuses and boosts among os are gone from timelines.
func emitDeleted(c *Ctx, os ...*store.Object) {
	for _, o := range os {
		if statusTypes[o.Type] || o.Type == "Announce" {
			c.Emit(stream.Event{Kind: stream.EventDelete, ObjectID: o.ID, ObjectAPID: o.APID, Actor: o.Actor,
				Visibility: o.Visibility, Local: o.Local})
		}
	}
}
