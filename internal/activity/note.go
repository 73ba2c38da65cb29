package activity

import (
	"fmt"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// note handles Note: a status. Question (polls) reuses it.
type note struct{}

func init() { register(note{}) }

func (note) Type() string { return "Note" }

// Validate requires an author, content or attachments, and for remote notes an id on the
// author's host. It fills content from contentMap and attributedTo from actor.
func (note) Validate(c *Ctx, obj ap.Object) error {
	return validateStatus(c, obj)
}

func validateStatus(c *Ctx, obj ap.Object) error {
	author := obj.Author()
	if author == "" {
		return invalid("%s %s has no attributedTo", obj.Type(), obj.ID())
	}
	if obj.String("attributedTo") == "" {
		obj["attributedTo"] = author
	}
	if a := obj.Ref("actor"); a != "" && a != author {
		return fmt.Errorf("%w: %s %s: actor %s is not its author %s", ErrActorMismatch, obj.Type(), obj.ID(), a, author)
	}
	if c.Remote() && ap.Host(author) != ap.Host(obj.ID()) {
		return invalid("%s %s is not on its author's host %s", obj.Type(), obj.ID(), ap.Host(author))
	}
	if obj.String("content") == "" {
		if m, ok := obj["contentMap"].(map[string]any); ok {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if s, ok := m[k].(string); ok && s != "" {
					obj["content"] = s
					break
				}
			}
		}
	}
	if _, ok := obj["content"]; ok {
		if _, isString := obj["content"].(string); !isString {
			return invalid("%s %s: content is not a string", obj.Type(), obj.ID())
		}
	}
	if obj.String("content") == "" && len(obj.Objects("attachment")) == 0 && obj.Type() != "Question" {
		return invalid("%s %s has neither content nor attachments", obj.Type(), obj.ID())
	}
	return nil
}

// Ingest stores the note, unless its author deleted it already (a late or replayed Create,
// or a fetch of a stale copy, must not bring a deleted status back).
func (note) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) { return ingestStatus(c, obj) }

func ingestStatus(c *Ctx, obj ap.Object) (*store.Object, error) {
	if c.Remote() {
		dels, err := c.Tx.ObjectsByTypeAndTarget(c, "Delete", obj.ID())
		if err != nil {
			return nil, err
		}
		for _, d := range dels {
			if d.Actor == obj.Author() {
				return nil, invalid("%s %s was deleted by its author", obj.Type(), obj.ID())
			}
		}
	}
	return c.store(obj)
}

// SideEffects announces the new status, notifies mentioned local users and asks for a
// missing parent to be fetched.
func (note) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	return statusSideEffects(c, obj, row)
}

func statusSideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	c.Emit(stream.Event{Kind: stream.EventUpdate, ObjectID: row.ID, ObjectAPID: row.APID, Actor: row.Actor,
		Visibility: row.Visibility, Local: row.Local})
	for _, m := range mentions(obj) {
		if err := c.Notify(m, store.NotifyMention, row.Actor, row.APID, row.APID, ""); err != nil {
			return err
		}
	}
	if c.Remote() {
		return c.FetchMissing(row.InReplyTo)
	}
	return nil
}

// mentions returns the actors a status mentions: Mention tags, and direct recipients.
func mentions(obj ap.Object) []string {
	var out []string
	for _, t := range obj.Objects("tag") {
		if t.Type() == "Mention" {
			if href := t.String("href"); href != "" && !slices.Contains(out, href) {
				out = append(out, href)
			}
		}
	}
	return out
}
