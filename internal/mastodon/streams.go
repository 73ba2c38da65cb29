package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Stream names of the Mastodon streaming API.
const (
	StreamUser              = "user"              // home timeline and notifications of the viewer
	StreamUserNotification  = "user:notification" // notifications only
	StreamPublic            = "public"            // public posts, local and remote
	StreamPublicMedia       = "public:media"
	StreamPublicLocal       = "public:local"
	StreamPublicLocalMedia  = "public:local:media"
	StreamPublicRemote      = "public:remote"
	StreamPublicRemoteMedia = "public:remote:media"
	StreamHashtag           = "hashtag"
	StreamHashtagLocal      = "hashtag:local"
	StreamList              = "list"
	StreamDirect            = "direct"
)

// needsUser lists the streams that require a signed-in viewer.
var needsUser = map[string]bool{StreamUser: true, StreamUserNotification: true, StreamList: true, StreamDirect: true}

var knownStreams = map[string]bool{StreamUser: true, StreamUserNotification: true, StreamPublic: true,
	StreamPublicMedia: true, StreamPublicLocal: true, StreamPublicLocalMedia: true, StreamPublicRemote: true,
	StreamPublicRemoteMedia: true, StreamHashtag: true, StreamHashtagLocal: true, StreamList: true, StreamDirect: true}

// subscription is one stream a connection listens to (with its tag or list).
type subscription struct {
	Stream string
	Tag    string
	List   string
}

// key identifies the subscription in the event's "stream" array.
func (s subscription) names() []string {
	switch {
	case s.Tag != "":
		return []string{s.Stream, s.Tag}
	case s.List != "":
		return []string{s.Stream, s.List}
	}
	return []string{s.Stream}
}

// streamEvent is what a client receives: the streams it matches, the event and its payload
// (a JSON document encoded as a string, as Mastodon sends it).
type streamEvent struct {
	Stream  []string `json:"stream"`
	Event   string   `json:"event"`
	Payload string   `json:"payload,omitempty"` // none for filters_changed
}

// router turns bus events into client events for one viewer and set of subscriptions. Every
// event is checked against the viewer's visibility, blocks and mutes before it is sent.
type router struct {
	s    *Service
	v    *viewer
	subs []subscription

	filters *[]*store.Filter // the viewer's filters, read at the first status (filters_stream.go)
}

func (rt *router) subscribe(sub subscription) {
	if !slices.Contains(rt.subs, sub) {
		rt.subs = append(rt.subs, sub)
	}
}

func (rt *router) unsubscribe(sub subscription) {
	rt.subs = slices.DeleteFunc(rt.subs, func(x subscription) bool { return x == sub })
}

// route returns the client events for a bus event (none when nothing matches or the viewer
// may not see it).
func (rt *router) route(ctx context.Context, e stream.Event) ([]streamEvent, error) {
	if len(rt.subs) == 0 {
		return nil, nil
	}
	switch e.Kind {
	case stream.EventNotification:
		return rt.notification(ctx, e)
	case stream.EventDelete:
		return rt.deleted(e), nil
	case stream.EventUpdate, stream.EventStatusUpdate:
		return rt.status(ctx, e)
	case eventFiltersChanged:
		return rt.filtersChanged(e), nil
	case eventAnnouncement, eventAnnouncementReaction, eventAnnouncementDelete:
		return rt.announcement(ctx, e) // announcements_stream.go
	}
	return nil, nil
}

func (rt *router) notification(ctx context.Context, e stream.Event) ([]streamEvent, error) {
	if rt.v.user == nil || e.UserID != rt.v.user.ID {
		return nil, nil
	}
	var names [][]string
	for _, sub := range rt.subs {
		if sub.Stream == StreamUser || sub.Stream == StreamUserNotification {
			names = append(names, sub.names())
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	n, err := rt.s.Store.NotificationByID(ctx, rt.v.user.ID, e.NotificationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	muted, err := rt.s.Store.HasRelationship(ctx, store.RelMute, rt.v.user.APID, n.Actor)
	if err != nil || muted {
		return nil, err
	}
	if kept, err := rt.s.applyPolicy(ctx, rt.v, []*store.Notification{n}); err != nil || len(kept) == 0 { // notification_policy.go
		return nil, err
	}
	if hidden, err := rt.s.Store.DomainBlocked(ctx, rt.v.user.APID, n.Actor); err != nil || hidden { // domain_blocks.go
		return nil, err
	}
	list, err := rt.s.renderNotifications(ctx, rt.v, []*store.Notification{n})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	payload, _ := json.Marshal(list[0])
	var out []streamEvent
	for _, nm := range names {
		out = append(out, streamEvent{Stream: nm, Event: "notification", Payload: string(payload)})
	}
	return out, nil
}

func (rt *router) deleted(e stream.Event) []streamEvent {
	var out []streamEvent
	for _, sub := range rt.subs {
		public := strings.HasPrefix(sub.Stream, "public") || strings.HasPrefix(sub.Stream, "hashtag")
		if sub.Stream == StreamUserNotification || (public && e.Visibility != ap.VisibilityPublic) {
			continue
		}
		out = append(out, streamEvent{Stream: sub.names(), Event: "delete", Payload: e.ObjectID})
	}
	return out
}

// status routes a new or changed status.
func (rt *router) status(ctx context.Context, e stream.Event) ([]streamEvent, error) {
	shared := rt.s.events.get(e.Seq) // streams_shared.go
	o, tags, err := shared.load(ctx, rt.s, e.ObjectID)
	if err != nil || o == nil {
		return nil, err
	}
	viewer := rt.v.apID()
	if ok, err := rt.s.Store.MayViewAudience(ctx, shared.audience, viewer); err != nil || !ok {
		return nil, err
	}
	if shared.mod.suspended && o.Actor != viewer { // moderation.go
		return nil, nil
	}
	if viewer != "" && o.Actor != viewer {
		for _, typ := range []string{store.RelBlock, store.RelMute} {
			if has, err := rt.s.Store.HasRelationship(ctx, typ, viewer, o.Actor); err != nil || has {
				return nil, err
			}
		}
		if has, err := rt.s.Store.HasRelationship(ctx, store.RelBlock, o.Actor, viewer); err != nil || has {
			return nil, err
		}
		if hidden, err := rt.s.domainHidden(ctx, rt.v, o); err != nil || hidden { // domain_blocks.go
			return nil, err
		}
	}
	var matched [][]string
	for _, sub := range rt.subs {
		ok, err := rt.matches(ctx, sub, o, tags)
		if err != nil {
			return nil, err
		}
		if shared.mod.domainBlocked && (strings.HasPrefix(sub.Stream, "public") || strings.HasPrefix(sub.Stream, "hashtag")) {
			ok = false // an instance domain block keeps its posts off the public streams (moderation.go)
		}
		if ok {
			matched = append(matched, sub.names())
		}
	}
	conv, err := rt.conversation(ctx, e, o) // the direct stream's events (conversations.go)
	if err != nil {
		return nil, err
	}
	if len(matched) == 0 {
		return conv, nil
	}
	st, err := shared.render(ctx, rt.s, o)
	if errors.Is(err, errNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	name := "update"
	if e.Kind == stream.EventStatusUpdate {
		name = "status.update"
	}
	out, err := rt.filtered(ctx, st, matched, name) // the viewer's filters (filters_stream.go)
	return append(out, conv...), err
}

// matches decides whether a visible status belongs to a subscription.
func (rt *router) matches(ctx context.Context, sub subscription, o *store.Object, tags []string) (bool, error) {
	isStatus := o.Type != "Announce"
	public := o.Visibility == ap.VisibilityPublic && isStatus
	switch sub.Stream {
	case StreamPublic:
		return public, nil
	case StreamPublicMedia:
		return public && o.HasMedia, nil
	case StreamPublicLocal:
		return public && o.Local, nil
	case StreamPublicLocalMedia:
		return public && o.Local && o.HasMedia, nil
	case StreamPublicRemote:
		return public && !o.Local, nil
	case StreamPublicRemoteMedia:
		return public && !o.Local && o.HasMedia, nil
	case StreamHashtag, StreamHashtagLocal:
		tag, ok := markup.NormalizeHashtag(sub.Tag)
		return ok && public && slices.Contains(tags, tag) && (sub.Stream == StreamHashtag || o.Local), nil
	case StreamDirect:
		return false, nil // conversation events instead (conversations.go)
	case StreamUser:
		me := rt.v.apID()
		if o.Actor == me {
			return true, nil
		}
		if in, err := rt.s.Store.InExclusiveList(ctx, rt.v.user.ID, me, o.Actor); err != nil || in { // lists.go
			return false, err
		}
		if follows, err := rt.s.Store.HasRelationship(ctx, store.RelFollow, me, o.Actor); err != nil || follows {
			return follows, err
		}
		rcpt, err := rt.s.Store.Recipients(ctx, o.ID)
		if err != nil || slices.Contains(rcpt, me) {
			return err == nil, err
		}
		return rt.s.followsTagOf(ctx, rt.v, public, tags) // tags.go
	case StreamList:
		return rt.s.listStatus(ctx, rt.v, sub.List, o) // lists.go
	}
	return false, nil
}
