package activity

import (
	"errors"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// move handles Move: an account migrating to a new actor. A remote Move marks the old actor
// moved and moves its local followers to the new one; a local Move is only federated.
type move struct{}

func init() { register(move{}) }

func (move) Type() string { return "Move" }

// Validate requires the actor as object and an http(s) target other than the actor.
func (move) Validate(c *Ctx, obj ap.Object) error {
	actor, err := graphActor(c, obj)
	if err != nil {
		return err
	}
	if obj.Ref("object") != actor {
		return invalid("Move %s: object %q is not the actor %s", obj.ID(), obj.Ref("object"), actor)
	}
	target := obj.Ref("target")
	if ap.Host(target) == "" {
		return invalid("Move %s: target %q is not an http(s) id", obj.ID(), target)
	}
	if target == actor {
		return invalid("Move %s: target is the actor itself", obj.ID())
	}
	return nil
}

// Ingest refuses a remote Move unless its target actor lists the old actor in alsoKnownAs,
// then stores it. A target not stored yet is a *MissingError, not a refusal: the inbox job
// fetches the target and ingests the Move again (retrying with backoff while the target's
// server does not answer), so that a Move is not lost because its target was new to us.
func (move) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if row, err := c.Tx.ObjectByAPID(c, obj.ID()); err == nil {
		return row, nil // already applied
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if c.Remote() {
		actor, target := obj.Ref("actor"), obj.Ref("target")
		u, err := c.Tx.UserByAPID(c, target)
		if errors.Is(err, store.ErrNotFound) {
			return nil, &MissingError{Doc: "Move " + obj.ID(), ID: target}
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(u.AlsoKnownAs, actor) {
			return nil, invalid("Move %s: %s does not list %s in alsoKnownAs", obj.ID(), target, actor)
		}
	}
	return c.store(obj)
}

// SideEffects sets the old actor's movedTo (a local account's was set by the account code)
// and federates a local Move to the old account's followers, whose servers move their follows.
// Then each local follower of the old actor stops following it (a local Undo), follows the
// target (a local Follow, unless already following or blocked: a local unlocked target
// accepts at once, a locked one gets a request, a remote one gets the Follow delivered) and
// gets a move notification, as Mastodon's MoveWorker does for the followers on its server.
func (move) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	old, target := obj.Ref("actor"), obj.Ref("target")
	if !c.Remote() {
		if err := c.DeliverLocal(row); err != nil {
			return err
		}
	} else {
		u, err := c.Tx.UserByAPID(c, old)
		switch {
		case err == nil:
			u.MovedTo = target
			if err := c.Tx.UpdateUser(c, u); err != nil {
				return err
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	followers, err := c.Tx.RelationshipActors(c, store.RelFollow, old)
	if err != nil {
		return err
	}
	for _, f := range followers {
		if !c.P.IsLocalID(f) {
			continue
		}
		if err := moveFollower(c, f, old, target); err != nil {
			return err
		}
		if err := c.Notify(f, store.NotifyMove, old, target, row.APID, ""); err != nil {
			return err
		}
	}
	return nil
}

// moveFollower moves the local follower f from old to target.
func moveFollower(c *Ctx, f, old, target string) error {
	l := c.asLocalOrigin()
	undone := false
	if r, err := c.Tx.Relationship(c, store.RelFollow, f, old); err == nil && r.ActivityAPID != "" {
		fol, err := c.Tx.ObjectByAPID(c, r.ActivityAPID)
		if err == nil && fol.Type == "Follow" && fol.Actor == f && fol.Object == old {
			u := ap.Object{"id": c.P.NewObjectID(), "type": "Undo", "actor": f, "object": fol.APID, "to": []any{old}}
			if _, err := l.Ingest(u); err != nil {
				return err
			}
			undone = true
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !undone {
		if _, err := c.Tx.DeleteRelationship(c, store.RelFollow, f, old); err != nil {
			return err
		}
	}
	if f == target {
		return nil
	}
	for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
		if has, err := c.Tx.HasRelationship(c, typ, f, target); err != nil || has {
			return err
		}
	}
	if blocked, err := blockedEither(c, f, target); err != nil || blocked {
		return err
	}
	fo := ap.Object{"id": c.P.NewObjectID(), "type": "Follow", "actor": f, "object": target, "to": []any{target}}
	_, err := l.Ingest(fo)
	return err
}
