package activity

import (
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// create handles Create: it ingests the embedded object, stores the activity, and federates
// local ones.
type create struct{}

func init() { register(create{}) }

func (create) Type() string { return "Create" }

// Validate requires an embedded object by the Create's actor. An object without addressing
// inherits the Create's. A Note with a name that replies to a poll is a vote (Mastodon sends
// votes that way) and becomes an Answer.
func (create) Validate(c *Ctx, obj ap.Object) error {
	actor := obj.Ref("actor")
	if actor == "" {
		return invalid("Create %s has no actor", obj.ID())
	}
	inner, ok := obj.Embedded("object")
	if !ok {
		return invalid("Create %s does not embed its object", obj.ID())
	}
	if inner.ID() == "" || inner.Type() == "" {
		return invalid("Create %s: embedded object needs id and type", obj.ID())
	}
	if author := inner.Author(); author != "" && author != actor {
		return ErrActorMismatch
	}
	if inner.Author() == "" {
		inner["attributedTo"] = actor
	}
	for _, f := range ap.AddressFields {
		if _, has := inner[f]; !has {
			if v, ok := obj[f]; ok {
				inner[f] = v
			}
		}
	}
	if inner.Type() == "Note" && inner.String("name") != "" && inner.Ref("inReplyTo") != "" && inner.String("content") == "" {
		inner["type"] = "Answer"
	}
	obj["object"] = map[string]any(inner)
	return nil
}

func (create) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	inner, _ := obj.Embedded("object")
	if _, err := c.Ingest(inner); err != nil {
		return nil, err
	}
	return c.store(obj)
}

// SideEffects federates a local Create.
func (create) SideEffects(c *Ctx, _ ap.Object, row *store.Object) error {
	return c.DeliverLocal(row)
}
