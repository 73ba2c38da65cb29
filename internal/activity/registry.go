package activity

import (
	"fmt"
	"sort"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Handler is one ActivityPub type: its validation, storage and side effects.
type Handler interface {
	// Type is the ActivityStreams type name this handler takes ("Note", "Like", …).
	Type() string
	// Validate checks the shape and normalizes the document in place. It must not touch the
	// database; ownership checks that need it belong in Ingest.
	Validate(c *Ctx, obj ap.Object) error
	// Ingest stores the document (usually through c.Store) and returns its row; it may refuse
	// it with an error wrapping ErrInvalid.
	Ingest(c *Ctx, obj ap.Object) (*store.Object, error)
	// SideEffects runs after Ingest in the same transaction: relationships, notifications,
	// events, deliveries. It runs only when Ingest stored something new (c.New) unless the
	// handler says otherwise by checking c.New itself.
	SideEffects(c *Ctx, obj ap.Object, row *store.Object) error
}

var registry = map[string]Handler{}

// register adds a handler; each type file calls it from init.
func register(h Handler) {
	if _, dup := registry[h.Type()]; dup {
		panic(fmt.Sprintf("activity: type %s registered twice", h.Type()))
	}
	registry[h.Type()] = h
}

// Types lists the registered type names, sorted.
func Types() []string {
	out := make([]string, 0, len(registry))
	for t := range registry {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func lookup(typ string) (Handler, error) {
	h, ok := registry[typ]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownType, typ)
	}
	return h, nil
}
