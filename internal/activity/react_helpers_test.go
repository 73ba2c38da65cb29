package activity_test

import (
	"encoding/json"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Helpers for the Like, Announce, EmojiReact, Question, Answer, Update, Delete and Flag tests.

// localNote publishes a Note by a local user through a local Create and returns its id. The
// addressing defaults to public.
func (e *env) localNote(author, content string, to ...any) string {
	e.t.Helper()
	if len(to) == 0 {
		to = []any{ap.Public}
	}
	id := e.p.NewObjectID()
	n := obj("id", id, "type", "Note", "attributedTo", author, "content", content, "to", to)
	e.mustIngest(obj("id", id+"/activity", "type", "Create", "actor", author, "object", map[string]any(n), "to", to), fromLocal)
	return id
}

// remoteNote stores a public remote Note and returns its id.
func (e *env) remoteNote(author, id, content string) string {
	e.t.Helper()
	e.mustIngest(publicNote(author, id, content), fromFetched)
	return id
}

// rels lists the actors having a relationship typ with object.
func (e *env) rels(typ, object string) []string {
	e.t.Helper()
	actors, err := e.st.RelationshipActors(e.ctx, typ, object)
	if err != nil {
		e.t.Fatal(err)
	}
	return actors
}

// relationship returns the relationship (typ, actor, object), failing when it is missing.
func (e *env) relationship(typ, actor, object string) *store.Relationship {
	e.t.Helper()
	r, err := e.st.Relationship(e.ctx, typ, actor, object)
	if err != nil {
		e.t.Fatalf("relationship %s %s→%s: %v", typ, actor, object, err)
	}
	return r
}

// row returns the stored row of apID.
func (e *env) row(apID string) *store.Object {
	e.t.Helper()
	o, err := e.st.ObjectByAPID(e.ctx, apID)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// internal decodes the internal state of a stored object.
func (e *env) internal(apID string) map[string]any {
	e.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.row(apID).Internal, &m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

// follow stores an accepted Follow of followed by follower.
func (e *env) follow(follower, followed string) {
	e.t.Helper()
	if _, err := e.st.PutRelationship(e.ctx, &store.Relationship{Type: store.RelFollow, Actor: follower, Object: followed}); err != nil {
		e.t.Fatal(err)
	}
}

// admin makes a local user an administrator.
func (e *env) admin(actor string) {
	e.t.Helper()
	u, err := e.st.UserByAPID(e.ctx, actor)
	if err != nil {
		e.t.Fatal(err)
	}
	u.Admin = true
	if err := e.st.UpdateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
}

// eventsOf returns the events published so far of one kind.
func (e *env) eventsOf(kind string) []stream.Event {
	var out []stream.Event
	for _, ev := range e.drain() {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// notifs returns the notifications of a user of one type.
func (e *env) notifs(user, typ string) []*store.Notification {
	e.t.Helper()
	var out []*store.Notification
	for _, n := range e.notifications(user) {
		if n.Type == typ {
			out = append(out, n)
		}
	}
	return out
}

// eventFor reports whether evs has an event of kind about apID.
func eventFor(evs []stream.Event, kind, apID string) bool {
	return slices.ContainsFunc(evs, func(ev stream.Event) bool { return ev.Kind == kind && ev.ObjectAPID == apID })
}

// countOf reads a JSON count from a decoded document.
func countOf(v any) int64 {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return i
	case float64:
		return int64(n)
	}
	return -1
}
