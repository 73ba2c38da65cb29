package activity_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
)

const base = "http://localhost:4000"

// env is a pipeline on a fresh database, recording what it delivers, fetches and publishes.
type env struct {
	t       *testing.T
	p       *activity.Pipeline
	st      *store.Store
	ctx     context.Context
	deliver *recorder
	fetch   *recorder
	events  <-chan stream.Event
}

type recorder struct {
	mu  sync.Mutex
	ids []string
}

func (r *recorder) Deliver(_ context.Context, _ *sql.Tx, o *store.Object) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, o.APID)
	return nil
}

func (r *recorder) Fetch(_ context.Context, _ *sql.Tx, apID string, _ int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, apID)
	return nil
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st := testutil.NewStore(t)
	bus := stream.NewMemory(1024)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e := &env{t: t, st: st, ctx: ctx, deliver: &recorder{}, fetch: &recorder{}}
	e.events = bus.Subscribe(ctx)
	e.p = &activity.Pipeline{Store: st, BaseURL: base, Bus: bus, Deliver: e.deliver, Fetch: e.fetch}
	return e
}

// local creates a local user and returns its actor id.
func (e *env) local(nick string) string {
	e.t.Helper()
	u := &store.User{APID: base + "/users/" + nick, Nickname: nick, Local: true, Inbox: base + "/users/" + nick + "/inbox",
		FollowersURL: base + "/users/" + nick + "/followers"}
	if err := e.st.CreateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return u.APID
}

// lockedLocal creates a local user who approves followers by hand.
func (e *env) lockedLocal(nick string) string {
	e.t.Helper()
	id := e.local(nick)
	u, _ := e.st.UserByAPID(e.ctx, id)
	u.Locked = true
	if err := e.st.UpdateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// remote stores a remote actor at https://host/users/nick and returns its id.
func (e *env) remote(nick, host string) string {
	e.t.Helper()
	id := "https://" + host + "/users/" + nick
	u := &store.User{APID: id, Nickname: nick, Domain: host, Inbox: id + "/inbox", FollowersURL: id + "/followers",
		SharedInbox: "https://" + host + "/inbox"}
	if err := e.st.UpsertRemoteUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// doc parses a JSON document, failing the test on error.
func doc(t testing.TB, s string) ap.Object {
	t.Helper()
	o, err := ap.Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return o
}

// obj builds a document from key/value pairs.
func obj(kv ...any) ap.Object {
	o := ap.Object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o[kv[i].(string)] = kv[i+1]
	}
	return o
}

func (e *env) ingest(o ap.Object, origin activity.Origin) (*store.Object, error) {
	return e.p.Ingest(e.ctx, o, origin)
}

// mustIngest ingests and fails the test on error.
func (e *env) mustIngest(o ap.Object, origin activity.Origin) *store.Object {
	e.t.Helper()
	row, err := e.p.Ingest(e.ctx, o, origin)
	if err != nil {
		e.t.Fatalf("ingest %s %s: %v", o.Type(), o.ID(), err)
	}
	return row
}

// wantInvalid checks that err is a refusal (ErrInvalid), optionally a specific one.
func wantInvalid(t testing.TB, err error, target error) {
	t.Helper()
	if err == nil {
		t.Fatal("ingest succeeded; want a refusal")
	}
	if !errors.Is(err, activity.ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	if target != nil && !errors.Is(err, target) {
		t.Fatalf("error %v; want %v", err, target)
	}
}

func (e *env) hasRel(typ, actor, object string) bool {
	e.t.Helper()
	ok, err := e.st.HasRelationship(e.ctx, typ, actor, object)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}

func (e *env) notifications(actorID string) []*store.Notification {
	e.t.Helper()
	u, err := e.st.UserByAPID(e.ctx, actorID)
	if err != nil {
		e.t.Fatal(err)
	}
	ns, err := e.st.Notifications(e.ctx, u.ID, "", 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return ns
}

// drain returns the events published so far.
func (e *env) drain() []stream.Event {
	var out []stream.Event
	for {
		select {
		case ev := <-e.events:
			out = append(out, ev)
		default:
			return out
		}
	}
}

func (e *env) exists(apID string) bool {
	_, err := e.st.ObjectByAPID(e.ctx, apID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		e.t.Fatal(err)
	}
	return err == nil
}

func (e *env) stored(apID string) ap.Object {
	e.t.Helper()
	o, err := e.st.ObjectByAPID(e.ctx, apID)
	if err != nil {
		e.t.Fatal(err)
	}
	var m ap.Object
	if err := json.Unmarshal(o.Data, &m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

var (
	fromInbox   = activity.Origin{Source: activity.Inbox}
	fromLocal   = activity.Origin{Source: activity.Local}
	fromFetched = activity.Origin{Source: activity.Fetched}
)

func toInbox(user string) activity.Origin {
	return activity.Origin{Source: activity.Inbox, InboxUser: user}
}

// publicNote returns a remote public Note by actor.
func publicNote(actor, id, content string) ap.Object {
	return obj("id", id, "type", "Note", "attributedTo", actor, "content", content,
		"to", []any{ap.Public}, "cc", []any{actor + "/followers"}, "published", "2026-11-01T10:00:00Z")
}

// createOf wraps a Note in a Create by its author.
func createOf(n ap.Object) ap.Object {
	return obj("id", n.ID()+"/activity", "type", "Create", "actor", n.Author(), "object", map[string]any(n),
		"to", n["to"], "cc", n["cc"])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var _ = strings.TrimSpace

func relFollow(actor, object string) *store.Relationship {
	return &store.Relationship{Type: store.RelFollow, Actor: actor, Object: object}
}
