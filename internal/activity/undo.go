package activity

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// undo handles Undo of a Follow, Like, Announce, EmojiReact or Block by its own actor.
type undo struct{}

func init() { register(undo{}) }

func (undo) Type() string { return "Undo" }

// undoable are the activity types an Undo may take back.
var undoable = map[string]bool{"Follow": true, "Like": true, "Announce": true, "EmojiReact": true, "Block": true}

// Validate requires an actor and an object, embedded or referenced.
func (undo) Validate(c *Ctx, obj ap.Object) error {
	if _, err := graphActor(c, obj); err != nil {
		return err
	}
	if _, ok := obj.Embedded("object"); !ok && obj.Ref("object") == "" {
		return invalid("Undo %s has no object", obj.ID())
	}
	return nil
}

// Ingest refuses an Undo of an unknown activity, of a type that cannot be undone, or of
// another actor's activity (ErrNotOwner), then stores it.
func (undo) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if row, err := c.Tx.ObjectByAPID(c, obj.ID()); err == nil {
		return row, nil // already applied; its target may be gone
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	t, err := undoTargetOf(c, obj)
	if err != nil {
		return nil, err
	}
	if _, embedded := obj.Embedded("object"); !c.Remote() && !embedded && t.row != nil {
		// A local Undo carries its target, which may be deleted below, so that remote
		// servers can apply it.
		var target map[string]any
		if err := json.Unmarshal(t.row.Data, &target); err == nil {
			obj["object"] = target
		}
	}
	return c.store(obj)
}

// SideEffects removes what the target activity did, and federates a local Undo.
func (undo) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	t, err := undoTargetOf(c, obj)
	if err != nil {
		return err
	}
	switch t.typ {
	case "Follow":
		followID := ""
		if t.row != nil {
			followID = t.id
		}
		err = unfollow(c, t.actor, t.object, followID)
	case "Block":
		_, err = c.Tx.DeleteRelationship(c, store.RelBlock, t.actor, t.object)
	default: // Like, Announce, EmojiReact: always a stored row (see undoTargetOf)
		err = undoReaction(c, t.row)
	}
	if err != nil {
		return err
	}
	return c.DeliverLocal(row)
}

// undoReaction removes a Like, Announce or EmojiReact: its relationships, notifications and
// row; it announces the new counts of the target status and, for an Announce, the boost's
// deletion.
func undoReaction(c *Ctx, act *store.Object) error {
	if _, err := c.Tx.DeleteRelationshipsByActivity(c, act.APID); err != nil {
		return err
	}
	if err := c.Tx.DeleteNotificationsByActivity(c, act.APID); err != nil {
		return err
	}
	if _, err := c.Tx.DeleteObject(c, act.APID); err != nil {
		return err
	}
	if act.Type == "Announce" {
		c.Emit(stream.Event{Kind: stream.EventDelete, ObjectID: act.ID, ObjectAPID: act.APID, Actor: act.Actor,
			Visibility: act.Visibility, Local: act.Local})
	}
	status, err := c.Tx.ObjectByAPID(c, act.Object)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	c.Emit(stream.Event{Kind: stream.EventStatusUpdate, ObjectID: status.ID, ObjectAPID: status.APID,
		Actor: status.Actor, Visibility: status.Visibility, Local: status.Local})
	return nil
}

// undoTarget is the activity an Undo takes back; row is nil when it is only embedded.
type undoTarget struct {
	id, typ, actor, object string
	row                    *store.Object
}

// undoTargetOf finds the activity obj undoes: the stored activity its object names, else (for
// Follow and Block only, whose effects are found by actor and object) the embedded one. It
// refuses unknown activities, types that cannot be undone and other actors' activities.
func undoTargetOf(c *Ctx, obj ap.Object) (undoTarget, error) {
	t := undoTarget{id: obj.Ref("object")}
	if t.id != "" {
		row, err := c.Tx.ObjectByAPID(c, t.id)
		switch {
		case err == nil:
			t.typ, t.actor, t.object, t.row = row.Type, row.Actor, row.Object, row
		case !errors.Is(err, store.ErrNotFound):
			return t, err
		}
	}
	if t.row == nil {
		inner, ok := obj.Embedded("object")
		if !ok || (inner.Type() != "Follow" && inner.Type() != "Block") {
			return t, invalid("Undo %s of unknown activity %s", obj.ID(), t.id)
		}
		t.typ, t.actor, t.object = inner.Type(), inner.Ref("actor"), inner.Ref("object")
		if t.object == "" {
			return t, invalid("Undo %s: embedded %s has no object", obj.ID(), t.typ)
		}
	}
	if !undoable[t.typ] {
		return t, invalid("Undo %s: a %s cannot be undone", obj.ID(), t.typ)
	}
	if t.actor != obj.Ref("actor") {
		return t, fmt.Errorf("%w: Undo %s by %s of %s %s by %s", ErrNotOwner, obj.ID(), obj.Ref("actor"), t.typ, t.id, t.actor)
	}
	return t, nil
}
