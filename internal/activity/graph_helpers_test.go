package activity_test

import (
	"encoding/json"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Helpers for the Follow, Accept, Reject, Undo, Block and Move tests.

// followActivity is a Follow of object by actor.
func followActivity(id, actor, object string) ap.Object {
	return obj("id", id, "type", "Follow", "actor", actor, "object", object, "to", []any{object})
}

// embeddedFollow is a Follow as an Accept, Reject or Undo embeds it.
func embeddedFollow(id, actor, object string) map[string]any {
	return map[string]any{"id": id, "type": "Follow", "actor": actor, "object": object}
}

// answerActivity is an Accept or Reject by actor of follow (an id or an embedded Follow).
func answerActivity(typ, id, actor string, follow any) ap.Object {
	return obj("id", id, "type", typ, "actor", actor, "object", follow)
}

// undoActivity is an Undo by actor of target (an id or an embedded activity).
func undoActivity(id, actor string, target any) ap.Object {
	return obj("id", id, "type", "Undo", "actor", actor, "object", target)
}

// blockActivity is a Block of object by actor.
func blockActivity(id, actor, object string) ap.Object {
	return obj("id", id, "type", "Block", "actor", actor, "object", object, "to", []any{object})
}

// moveActivity is a Move of actor to target.
func moveActivity(id, actor, target string) ap.Object {
	return obj("id", id, "type", "Move", "actor", actor, "object", actor, "target", target,
		"to", []any{actor + "/followers"})
}

// putRel stores a relationship directly, bypassing the pipeline.
func (e *env) putRel(typ, actor, object, activityAPID string) {
	e.t.Helper()
	if _, err := e.st.PutRelationship(e.ctx, &store.Relationship{Type: typ, Actor: actor, Object: object,
		ActivityAPID: activityAPID}); err != nil {
		e.t.Fatal(err)
	}
}

// storeActivity inserts an activity row directly (for targets whose handler may be missing).
func (e *env) storeActivity(id, typ, actor, object string, local bool) *store.Object {
	e.t.Helper()
	data, _ := json.Marshal(map[string]any{"id": id, "type": typ, "actor": actor, "object": object, "to": []any{ap.Public}})
	row := &store.Object{APID: id, Type: typ, Actor: actor, Object: object, Data: data, Local: local,
		Visibility: ap.VisibilityPublic, Recipients: []string{ap.Public}}
	if _, err := e.st.InsertObject(e.ctx, row); err != nil {
		e.t.Fatal(err)
	}
	return row
}

// addNotification stores a notification of user caused by activityAPID.
func (e *env) addNotification(user, typ, actor, object, activityAPID string) {
	e.t.Helper()
	u, err := e.st.UserByAPID(e.ctx, user)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.AddNotification(e.ctx, &store.Notification{UserID: u.ID, Type: typ, Actor: actor, Object: object,
		ActivityAPID: activityAPID}); err != nil {
		e.t.Fatal(err)
	}
}

// relActors lists the actors having a relationship typ with object.
func (e *env) relActors(typ, object string) []string {
	e.t.Helper()
	actors, err := e.st.RelationshipActors(e.ctx, typ, object)
	if err != nil {
		e.t.Fatal(err)
	}
	return actors
}

// rel returns the relationship (typ, actor, object), failing when it is missing.
func (e *env) rel(typ, actor, object string) *store.Relationship {
	e.t.Helper()
	r, err := e.st.Relationship(e.ctx, typ, actor, object)
	if err != nil {
		e.t.Fatalf("relationship %s %s→%s: %v", typ, actor, object, err)
	}
	return r
}

// objRow returns the stored row of apID.
func (e *env) objRow(apID string) *store.Object {
	e.t.Helper()
	o, err := e.st.ObjectByAPID(e.ctx, apID)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// userRow returns the stored user of an actor id.
func (e *env) userRow(id string) *store.User {
	e.t.Helper()
	u, err := e.st.UserByAPID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// setAlsoKnownAs sets the alsoKnownAs of a stored user.
func (e *env) setAlsoKnownAs(id string, aka ...string) {
	e.t.Helper()
	u := e.userRow(id)
	u.AlsoKnownAs = aka
	if err := e.st.UpdateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
}

// notifTypes lists the types of user's notifications, newest first.
func (e *env) notifTypes(user string) []string {
	e.t.Helper()
	var out []string
	for _, n := range e.notifications(user) {
		out = append(out, n.Type)
	}
	return out
}

// storedOfType lists the stored ids among ids whose type is typ.
func (e *env) storedOfType(typ string, ids []string) []string {
	e.t.Helper()
	var out []string
	for _, id := range ids {
		if o, err := e.st.ObjectByAPID(e.ctx, id); err == nil && o.Type == typ {
			out = append(out, id)
		}
	}
	return out
}

// hasEvent reports whether evs has an event of kind about apID.
func hasEvent(evs []stream.Event, kind, apID string) bool {
	for _, ev := range evs {
		if ev.Kind == kind && ev.ObjectAPID == apID {
			return true
		}
	}
	return false
}
