package activity

import (
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// announce handles Announce: a boost. It appears on timelines as its own row, whose visibility
// comes from its own addressing.
type announce struct{}

func init() { register(announce{}) }

func (announce) Type() string { return "Announce" }

// Validate requires an actor and an object, a status id or an embedded status.
func (announce) Validate(c *Ctx, obj ap.Object) error {
	if _, err := actorOnOwnHost(c, obj); err != nil {
		return err
	}
	if obj.Ref("object") == "" {
		return invalid("Announce %s has no object", obj.ID())
	}
	return nil
}

// Ingest ingests an embedded status first when it comes from the announcer's own server
// (an embedded copy from elsewhere is not trusted: the status is fetched from its origin
// instead) and stores the Announce with its object as a reference. Only public and unlisted
// statuses can be announced, and followers-only ones by their author.
func (announce) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	actor, id := obj.Ref("actor"), obj.Ref("object")
	if c.Remote() {
		if relay, err := c.Tx.AcceptedRelay(c, actor); err != nil || relay {
			if err != nil {
				return nil, err
			}
			return nil, relayed(c, id)
		}
	}
	if inner, ok := obj.Embedded("object"); ok && c.Remote() && ap.Host(id) == ap.Host(actor) {
		if _, err := c.Ingest(inner); err != nil {
			return nil, err
		}
	}
	obj["object"] = id
	target, err := interactionTarget(c, obj)
	if err != nil {
		return nil, err
	}
	if target != nil {
		switch {
		case target.Visibility == ap.VisibilityDirect,
			target.Visibility == ap.VisibilityPrivate && target.Actor != actor:
			return nil, invalid("Announce %s: %s status %s cannot be announced by %s", obj.ID(), target.Visibility, id, actor)
		}
	}
	return c.store(obj)
}

// relayed is an Announce by a relay the instance follows: not a boost by anyone, only the
// news of a public post, which is fetched from its origin (never trusted from the relay's
// copy) and reaches the federated timeline as a post of its author. Nothing is stored for the
// Announce itself, so it has no side effects.
func relayed(c *Ctx, id string) error {
	if c.P.IsLocalID(id) {
		return nil
	}
	return c.FetchMissing(id)
}

// SideEffects records the boost, notifies the author, puts the Announce on timelines once its
// status is here (else the status is fetched), and federates a local Announce.
func (announce) SideEffects(c *Ctx, _ ap.Object, row *store.Object) error {
	target, err := storedObject(c, row.Object)
	if err != nil {
		return err
	}
	created, err := c.Tx.PutRelationship(c, &store.Relationship{Type: store.RelAnnounce, Actor: row.Actor,
		Object: row.Object, ActivityAPID: row.APID})
	if err != nil {
		return err
	}
	if target != nil {
		c.Emit(stream.Event{Kind: stream.EventUpdate, ObjectID: row.ID, ObjectAPID: row.APID, Actor: row.Actor,
			Visibility: row.Visibility, Local: row.Local})
	}
	return interactionEffects(c, row, target, created, store.NotifyReblog, "")
}
