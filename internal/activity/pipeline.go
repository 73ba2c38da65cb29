package activity

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Source says where a document came from.
type Source int

const (
	// Local documents are authored on this server (API, web UI, CLI).
	Local Source = iota
	// Inbox documents were POSTed to an inbox by another server, signature already verified.
	Inbox
	// Fetched documents were fetched from their origin (thread completion, search, refresh).
	Fetched
)

func (s Source) String() string {
	return [...]string{"local", "inbox", "fetched"}[s]
}

// Origin is where a document came from. For inbox deliveries InboxUser is the actor id of the
// local user whose inbox received it ("" for the shared inbox).
type Origin struct {
	Source    Source
	InboxUser string
	// Depth counts the fetches that led to this document (thread completion): fetches it
	// causes get Depth+1, and none are made past MaxFetchDepth.
	Depth int
}

// MaxFetchDepth bounds thread completion: how many missing ancestors are fetched in a chain.
const MaxFetchDepth = 20

// Deliverer enqueues the federation of a local activity, inside the ingesting transaction so
// that the delivery commits or rolls back with it. The jobs package implements it.
type Deliverer interface {
	Deliver(ctx context.Context, tx *sql.Tx, activity *store.Object) error
}

// Fetcher enqueues a fetch of a remote object we saw referenced but do not have (a missing
// thread ancestor, the target of a Like or Announce), inside the ingesting transaction.
type Fetcher interface {
	Fetch(ctx context.Context, tx *sql.Tx, apID string, depth int) error
}

// Pipeline is the one entry point for documents. Its fields are set once at start-up.
type Pipeline struct {
	Store   *store.Store
	BaseURL string // public origin of this server, e.g. https://example.com
	Bus     stream.Bus
	Deliver Deliverer // nil: local activities are not federated (tests, single-user set-ups)
	Fetch   Fetcher   // nil: missing objects are not fetched
	// Now is the clock (tests set it); nil means time.Now.
	Now func() time.Time
	// AfterLocal, when set, runs in the ingesting transaction after a local document is stored;
	// its error rolls the whole ingestion back (the client API claims a new status's uploads).
	AfterLocal func(ctx context.Context, tx *store.Tx, obj ap.Object) error
	// Notified, when set, runs in the ingesting transaction after a notification is added
	// (the client API queues its Web Push jobs there); its error rolls the ingestion back.
	Notified func(ctx context.Context, tx *store.Tx, n *store.Notification) error
}

// Host is the authority of this server's ids (host, or host:port).
func (p *Pipeline) Host() string { return ap.Host(p.BaseURL) }

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

// NewObjectID returns a fresh id for a local object or activity.
func (p *Pipeline) NewObjectID() string { return p.BaseURL + "/objects/" + store.NewID() }

// InstanceActorID is the id of the instance actor (federation.EnsureInstanceActor), which
// follows relays.
func (p *Pipeline) InstanceActorID() string { return p.BaseURL + "/actor" }

// IsLocalID reports whether an id is on this server.
func (p *Pipeline) IsLocalID(id string) bool { return ap.Host(id) == p.Host() }

// Ingest validates, stores and applies one document in a single transaction, then publishes
// its events. Ingesting the same document twice stores it once and applies its side effects
// once. Errors wrapping ErrInvalid mean the document is refused for good.
func (p *Pipeline) Ingest(ctx context.Context, obj ap.Object, origin Origin) (*store.Object, error) {
	st := &txState{}
	var row *store.Object
	err := p.Store.InTx(ctx, func(tx *store.Tx) error {
		c := &Ctx{Context: ctx, Tx: tx, P: p, Origin: origin, state: st}
		r, err := c.Ingest(obj)
		row = r
		if err == nil && origin.Source == Local && p.AfterLocal != nil {
			err = p.AfterLocal(ctx, tx, obj)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.Bus != nil {
		for _, e := range st.events {
			p.Bus.Publish(ctx, e)
		}
	}
	return row, nil
}

// Ctx is one level of ingestion: the transaction, where the document came from, and whether
// this level stored something new. Nested documents (the Note inside a Create) get their own
// Ctx on the same transaction.
type Ctx struct {
	context.Context
	Tx     *store.Tx
	P      *Pipeline
	Origin Origin
	// New is set by the handler's Ingest when it stored a new row; side effects run only then.
	New   bool
	depth int
	state *txState
}

type txState struct {
	events []stream.Event
}

const maxDepth = 4

// Remote reports whether the document came from another server.
func (c *Ctx) Remote() bool { return c.Origin.Source != Local }

// Ingest runs the pipeline for obj inside the current transaction (for embedded objects).
func (c *Ctx) Ingest(obj ap.Object) (*store.Object, error) {
	if c.depth >= maxDepth {
		return nil, invalid("nested more than %d levels", maxDepth)
	}
	if err := checkBounds(obj, c.Remote()); err != nil {
		return nil, err
	}
	id, typ := obj.ID(), obj.Type()
	if id == "" || typ == "" {
		return nil, invalid("id and type are required")
	}
	if !strings.HasPrefix(id, "https://") && !strings.HasPrefix(id, "http://") {
		return nil, invalid("id %q is not an http(s) URL", id)
	}
	h, err := lookup(typ)
	if err != nil {
		return nil, err
	}
	if c.Remote() && c.P.IsLocalID(id) {
		return nil, fmt.Errorf("%w: %s", ErrLocalID, id)
	}
	if !c.Remote() && !c.P.IsLocalID(id) {
		return nil, invalid("local document with a remote id %q", id)
	}
	if err := h.Validate(c, obj); err != nil {
		return nil, err
	}
	if c.depth == 0 && c.Origin.Source == Inbox && c.Origin.InboxUser != "" {
		ok, err := c.concerns(obj, c.Origin.InboxUser)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s %s to %s", ErrNotTargeted, typ, id, c.Origin.InboxUser)
		}
	}
	child := &Ctx{Context: c.Context, Tx: c.Tx, P: c.P, Origin: c.Origin, depth: c.depth + 1, state: c.state}
	row, err := h.Ingest(child, obj)
	if err != nil {
		return nil, err
	}
	if child.New {
		if err := h.SideEffects(child, obj, row); err != nil {
			return nil, err
		}
	}
	return row, nil
}

// concerns is inbox targeting (inventory §5.3): a delivery to a user's inbox must be addressed
// to that user (in to/cc/bto/bcc/audience or a Mention tag, of the activity or its object), come
// from an actor the user follows, or concern the user: it targets the user, an object of the
// user, or an activity about one (an Undo of a Like of their note, an Accept of their Follow),
// or it is an actor's Delete of itself and that actor has a relationship with the user. A
// document already stored is accepted (a repeated delivery changes nothing).
func (c *Ctx) concerns(obj ap.Object, user string) (bool, error) {
	addressed := func(o ap.Object) bool {
		if slices.Contains(o.Recipients(), user) || o.Ref("object") == user || o.Ref("actor") == user {
			return true
		}
		for _, t := range o.Objects("tag") {
			if t.Type() == "Mention" && t.String("href") == user {
				return true
			}
		}
		return false
	}
	if addressed(obj) {
		return true, nil
	}
	if inner, ok := obj.Embedded("object"); ok && addressed(inner) {
		return true, nil
	}
	if _, err := c.Tx.ObjectByAPID(c, obj.ID()); err == nil {
		return true, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	actor := obj.Ref("actor")
	follows, err := c.Tx.HasRelationship(c, store.RelFollow, user, actor)
	if err != nil || follows {
		return follows, err
	}
	if obj.Type() == "Delete" && obj.Ref("object") == actor {
		for _, pair := range [][2]string{{actor, user}, {user, actor}} {
			for _, typ := range []string{store.RelFollow, store.RelFollowRequest, store.RelBlock} {
				if has, err := c.Tx.HasRelationship(c, typ, pair[0], pair[1]); err != nil || has {
					return has, err
				}
			}
		}
	}
	// Targets an object of the user, or an activity whose object is the user's (two hops at most).
	target := obj.Ref("object")
	for hop := 0; hop < 2 && target != ""; hop++ {
		o, err := c.Tx.ObjectByAPID(c, target)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return false, err
		}
		if o.Actor == user || o.Object == user {
			return true, nil
		}
		target = o.Object
	}
	if parent := obj.Ref("inReplyTo"); parent != "" {
		o, err := c.Tx.ObjectByAPID(c, parent)
		if err == nil && o.Actor == user {
			return true, nil
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
	}
	return false, nil
}

// Emit queues an event, published after the transaction commits.
func (c *Ctx) Emit(e stream.Event) { c.state.events = append(c.state.events, e) }

// Notify stores a notification for userAPID if it is a local user other than the actor, and
// emits its event.
func (c *Ctx) Notify(userAPID, typ, actor, object, activityAPID, emoji string) error {
	if userAPID == "" || userAPID == actor || !c.P.IsLocalID(userAPID) {
		return nil
	}
	u, err := c.Tx.UserByAPID(c, userAPID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	// Nobody is notified by an account they block or whose notifications they muted, nor
	// about a thread they muted.
	for _, typ := range []string{store.RelBlock, store.RelMuteNotifications} {
		if skip, err := c.Tx.HasRelationship(c, typ, userAPID, actor); err != nil || skip {
			return err
		}
	}
	if object != "" && typ != store.NotifyFollow && typ != store.NotifyFollowRequest {
		if muted, err := c.Tx.ThreadMuted(c, userAPID, object); err != nil || muted {
			return err
		}
	}
	n := &store.Notification{UserID: u.ID, Type: typ, Actor: actor, Object: object, ActivityAPID: activityAPID, Emoji: emoji}
	added, err := c.Tx.AddNotification(c, n)
	if err != nil || !added {
		return err
	}
	if c.P.Notified != nil {
		if err := c.P.Notified(c, c.Tx, n); err != nil {
			return err
		}
	}
	c.Emit(stream.Event{Kind: stream.EventNotification, UserID: u.ID, NotificationID: n.ID, Actor: actor})
	return nil
}

// DeliverLocal enqueues the federation of a local activity.
func (c *Ctx) DeliverLocal(row *store.Object) error {
	if c.Remote() || c.P.Deliver == nil {
		return nil
	}
	return c.P.Deliver.Deliver(c, c.Tx.SQL(), row)
}

// FetchMissing enqueues a fetch of a remote object that is referenced but not stored.
func (c *Ctx) FetchMissing(apID string) error {
	if c.P.Fetch == nil || apID == "" || c.P.IsLocalID(apID) || c.Origin.Depth >= MaxFetchDepth {
		return nil
	}
	if _, err := c.Tx.ObjectByAPID(c, apID); err == nil || !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return c.P.Fetch.Fetch(c, c.Tx.SQL(), apID, c.Origin.Depth+1)
}

// row builds the objects row for a document: its query columns, addressing and hashtags.
func (c *Ctx) row(obj ap.Object) (*store.Object, error) {
	data, err := json.Marshal(obj)
	if err != nil {
		return nil, invalid("encode: %v", err)
	}
	author := obj.Author()
	followers := ""
	if author != "" {
		u, err := c.Tx.UserByAPID(c, author)
		if err == nil {
			followers = u.FollowersURL
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	now := c.P.now()
	published, ok := obj.Time("published")
	if !ok || published.After(now) {
		published = now
	}
	id := store.NewIDAt(published)
	if !c.Remote() {
		// A local object keeps the id in its URL (BASE/objects/ID) as its row id, so that the
		// status page /@nick/ID, the API id and the ActivityPub id agree.
		if tail, ok := strings.CutPrefix(obj.ID(), c.P.BaseURL+"/objects/"); ok {
			if _, isID := store.IDTime(tail); isID {
				id = tail
			}
		}
	}
	r := &store.Object{
		ID:         id,
		APID:       obj.ID(),
		Type:       obj.Type(),
		Actor:      author,
		Object:     obj.Ref("object"),
		Data:       data,
		Published:  published,
		Local:      !c.Remote(),
		InReplyTo:  obj.Ref("inReplyTo"),
		Context:    firstNonEmpty(obj.Ref("context"), obj.Ref("conversation")),
		HasMedia:   len(obj.Objects("attachment")) > 0 || len(obj.IDs("attachment")) > 0,
		Visibility: obj.Visibility(followers),
		Recipients: obj.Recipients(),
		Hashtags:   hashtagsOf(obj),
	}
	return r, nil
}

// store inserts the document (idempotent on ap_id) and sets c.New when it is new.
func (c *Ctx) store(obj ap.Object) (*store.Object, error) {
	r, err := c.row(obj)
	if err != nil {
		return nil, err
	}
	inserted, err := c.Tx.InsertObject(c, r)
	if err != nil {
		return nil, err
	}
	c.New = inserted
	return r, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
