package activity

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// MaxEditHistory bounds the earlier versions kept for a status's edit history.
const MaxEditHistory = 50

// update handles Update of an actor (a profile change) or of a status (an edit, or fresh poll
// results). Only the actor itself, or the status's author, may update it.
type update struct{}

func init() { register(update{}) }

func (update) Type() string { return "Update" }

// Validate requires an embedded actor whose id is the Update's actor, or an embedded status
// by the Update's actor (checked like a new one). A remote Update cannot carry a local id. A
// status without addressing inherits the Update's.
func (update) Validate(c *Ctx, obj ap.Object) error {
	actor, err := actorOnOwnHost(c, obj)
	if err != nil {
		return err
	}
	inner, ok := obj.Embedded("object")
	if !ok {
		return invalid("Update %s does not embed its object", obj.ID())
	}
	id, typ := inner.ID(), inner.Type()
	if id == "" || typ == "" {
		return invalid("Update %s: embedded object needs id and type", obj.ID())
	}
	if c.Remote() && c.P.IsLocalID(id) {
		return fmt.Errorf("%w: Update %s of %s", ErrLocalID, obj.ID(), id)
	}
	switch {
	case ActorTypes[typ]:
		if id != actor {
			return fmt.Errorf("%w: %s cannot update actor %s", ErrNotOwner, actor, id)
		}
		if c.Remote() {
			if _, err := UserFromActor(inner); err != nil {
				return err
			}
		}
	case statusTypes[typ]:
		if a := inner.Author(); a != "" && a != actor {
			return fmt.Errorf("%w: %s cannot update %s by %s", ErrNotOwner, actor, id, a)
		}
		if inner.Author() == "" {
			inner["attributedTo"] = actor
		}
		if !hasAddressing(inner) {
			for _, f := range ap.AddressFields {
				if v, ok := obj[f]; ok {
					inner[f] = v
				}
			}
		}
		h, err := lookup(typ)
		if err != nil {
			return err
		}
		if err := h.Validate(c, inner); err != nil {
			return err
		}
	default:
		return invalid("Update %s: cannot update a %s", obj.ID(), typ)
	}
	obj["object"] = map[string]any(inner)
	return nil
}

// Ingest checks that a stored status belongs to the Update's actor and keeps its type; an
// unseen status is ingested as new.
func (update) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	inner, _ := obj.Embedded("object")
	if statusTypes[inner.Type()] {
		stored, err := storedObject(c, inner.ID())
		if err != nil {
			return nil, err
		}
		switch {
		case stored == nil:
			if _, err := c.Ingest(inner); err != nil {
				return nil, err
			}
		case stored.Actor != obj.Ref("actor"):
			return nil, fmt.Errorf("%w: %s cannot update %s by %s", ErrNotOwner, obj.Ref("actor"), stored.APID, stored.Actor)
		case stored.Type != inner.Type():
			return nil, invalid("Update %s turns a %s into a %s", obj.ID(), stored.Type, inner.Type())
		}
	}
	return c.store(obj)
}

// SideEffects stores a remote actor's new profile, or applies a status edit; a local Update
// is federated.
func (update) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	inner, _ := obj.Embedded("object")
	if ActorTypes[inner.Type()] {
		if c.Remote() {
			u, err := UserFromActor(inner)
			if err != nil {
				return err
			}
			if err := c.Tx.UpsertRemoteUser(c, u); err != nil {
				return err
			}
		}
	} else if err := applyEdit(c, inner, row); err != nil {
		return err
	}
	return c.DeliverLocal(row)
}

// applyEdit replaces a stored status with its new version, unless it is the same or older
// (by updated). When what readers see changed (content, summary, attachments, options…), the
// earlier version goes to the internal edit history and local users who boosted it are told.
// A version without addressing keeps the stored addressing.
func applyEdit(c *Ctx, doc ap.Object, upd *store.Object) error {
	stored, err := c.Tx.ObjectByAPIDForUpdate(c, doc.ID())
	if err != nil {
		return err
	}
	old, err := ap.Parse(stored.Data)
	if err != nil {
		return fmt.Errorf("activity: stored %s: %w", stored.APID, err)
	}
	if sameJSON(old, doc) {
		return nil
	}
	if newT, ok := doc.Time("updated"); ok {
		if oldT, ok := old.Time("updated"); ok && newT.Before(oldT) {
			return nil
		}
	}
	if !hasAddressing(doc) {
		for _, f := range ap.AddressFields {
			if v, ok := old[f]; ok {
				doc[f] = v
			}
		}
	}
	before, after := editSnapshot(old), editSnapshot(doc)
	edited := !sameJSON(before, after)
	err = replaceInternal(c, stored, doc, func(m map[string]any) {
		if !edited {
			return
		}
		hist, _ := m["history"].([]any)
		before["at"] = firstNonEmpty(old.String("updated"), old.String("published"))
		hist = append(hist, before)
		if len(hist) > MaxEditHistory {
			hist = hist[len(hist)-MaxEditHistory:]
		}
		m["history"] = hist
	})
	if err != nil {
		return err
	}
	emitStatusUpdate(c, stored)
	if !edited {
		return nil
	}
	boosters, err := c.Tx.RelationshipActors(c, store.RelAnnounce, stored.APID)
	if err != nil {
		return err
	}
	for _, b := range boosters {
		if err := c.Notify(b, store.NotifyUpdate, upd.Actor, stored.APID, upd.APID, ""); err != nil {
			return err
		}
	}
	return nil
}

// editSnapshot is what readers see of a status version: its text, media, tags and poll
// option names (not vote counts).
func editSnapshot(o ap.Object) map[string]any {
	s := map[string]any{}
	for _, k := range []string{"content", "summary", "name", "sensitive", "attachment", "tag"} {
		if v, ok := o[k]; ok && v != nil {
			s[k] = v
		}
	}
	if opts := pollOptions(o); len(opts) > 0 {
		names := make([]any, len(opts))
		for i, opt := range opts {
			names[i] = opt.String("name")
		}
		s["options"] = names
	}
	return s
}

func hasAddressing(o ap.Object) bool {
	for _, f := range ap.AddressFields {
		if _, ok := o[f]; ok {
			return true
		}
	}
	return false
}

// sameJSON reports whether two values encode to the same JSON, whatever their Go types.
func sameJSON(a, b any) bool {
	norm := func(v any) any {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil
		}
		var out any
		if json.Unmarshal(raw, &out) != nil {
			return nil
		}
		return out
	}
	return reflect.DeepEqual(norm(a), norm(b))
}
