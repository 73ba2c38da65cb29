package activity

import (
	"errors"
	"fmt"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// like handles Like: a favourite, or an emoji reaction when it carries one (Misskey sends
// reactions as Like with _misskey_reaction or content).
type like struct{}

func init() { register(like{}) }

func (like) Type() string { return "Like" }

// Validate requires an actor and an object id. A valid reaction is normalized into content;
// an unusable one (unknown custom emoji, text) is dropped and the Like stays a favourite.
func (like) Validate(c *Ctx, obj ap.Object) error {
	if _, err := actorOnOwnHost(c, obj); err != nil {
		return err
	}
	if obj.Ref("object") == "" {
		return invalid("Like %s has no object", obj.ID())
	}
	raw := obj.String("_misskey_reaction")
	if raw == "" {
		raw = obj.String("content")
	}
	if raw == "" {
		delete(obj, "content")
		return nil
	}
	if r, err := parseReaction(obj, raw); err == nil {
		obj["content"] = r.Emoji
	} else {
		delete(obj, "content")
	}
	return nil
}

func (like) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if _, err := interactionTarget(c, obj); err != nil {
		return nil, err
	}
	return c.store(obj)
}

// SideEffects records the favourite (or reaction), notifies the author, announces the new
// count, fetches an unknown object and federates a local Like.
func (like) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	if s := obj.String("content"); s != "" {
		r, err := parseReaction(obj, s)
		if err != nil {
			return err
		}
		return reactionEffects(c, row, r)
	}
	target, err := storedObject(c, row.Object)
	if err != nil {
		return err
	}
	created, err := c.Tx.PutRelationship(c, &store.Relationship{Type: store.RelLike, Actor: row.Actor, Object: row.Object,
		ActivityAPID: row.APID})
	if err != nil {
		return err
	}
	return interactionEffects(c, row, target, created, store.NotifyFavourite, "")
}

// statusTypes are the stored types that can be liked, reacted to, announced and edited.
var statusTypes = map[string]bool{"Note": true, "Question": true}

// actorOnOwnHost returns the activity's actor. A remote activity's id must be on its actor's
// host (so that no one can take another server's ids); a local one needs a local actor.
func actorOnOwnHost(c *Ctx, obj ap.Object) (string, error) {
	actor := obj.Ref("actor")
	if actor == "" {
		return "", invalid("%s %s has no actor", obj.Type(), obj.ID())
	}
	if c.Remote() && ap.Host(actor) != ap.Host(obj.ID()) {
		return "", fmt.Errorf("%w: %s %s is not on its actor's host %s", ErrActorMismatch, obj.Type(), obj.ID(), ap.Host(actor))
	}
	if !c.Remote() && !c.P.IsLocalID(actor) {
		return "", invalid("local %s %s by remote actor %s", obj.Type(), obj.ID(), actor)
	}
	return actor, nil
}

// storedObject returns the stored object apID, or nil when it is not stored.
func storedObject(c *Ctx, apID string) (*store.Object, error) {
	o, err := c.Tx.ObjectByAPID(c, apID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// interactionTarget checks the object of a Like, EmojiReact or Announce: a status, not an
// activity or actor; when it is local or the activity is, one the actor may see. An unknown
// object is refused when it should be here (a local id, a local activity) and accepted
// otherwise (nil): it is fetched later. The Ctx must hold the activity's actor.
func interactionTarget(c *Ctx, obj ap.Object) (*store.Object, error) {
	actor, id := obj.Ref("actor"), obj.Ref("object")
	target, err := storedObject(c, id)
	if err != nil {
		return nil, err
	}
	if target == nil {
		if c.P.IsLocalID(id) || !c.Remote() {
			return nil, invalid("%s %s: unknown object %s", obj.Type(), obj.ID(), id)
		}
		return nil, nil
	}
	if !statusTypes[target.Type] {
		return nil, invalid("%s %s: object %s is a %s, not a status", obj.Type(), obj.ID(), id, target.Type)
	}
	if target.Local || !c.Remote() {
		ok, err := c.Tx.CanView(c, target, actor)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, invalid("%s %s: %s may not see %s", obj.Type(), obj.ID(), actor, id)
		}
	}
	return target, nil
}

// interactionEffects is what a new Like, reaction or Announce does once its relationship is
// stored: notify the author (when the relationship is new), announce the status's new counts,
// fetch it when unknown, federate when local.
func interactionEffects(c *Ctx, row, target *store.Object, created bool, notify, emoji string) error {
	if target == nil {
		if err := c.FetchMissing(row.Object); err != nil {
			return err
		}
	} else {
		if created {
			if err := c.Notify(target.Actor, notify, row.Actor, target.APID, row.APID, emoji); err != nil {
				return err
			}
		}
		emitStatusUpdate(c, target)
	}
	return c.DeliverLocal(row)
}

// emitStatusUpdate says that a status changed (counts, edit, poll results).
func emitStatusUpdate(c *Ctx, o *store.Object) {
	c.Emit(stream.Event{Kind: stream.EventStatusUpdate, ObjectID: o.ID, ObjectAPID: o.APID, Actor: o.Actor,
		Visibility: o.Visibility, Local: o.Local})
}
