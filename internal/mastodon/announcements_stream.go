package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// The announcement events of the user streams (as Mastodon sends them to every signed-in
// user): announcement (the Announcement, rendered without a viewer), announcement.reaction
// ({name, count, announcement_id}) and announcement.delete (the id).
const (
	eventAnnouncement         = stream.EventAnnouncement
	eventAnnouncementReaction = stream.EventAnnouncementReaction
	eventAnnouncementDelete   = stream.EventAnnouncementDelete
)

// publishAnnouncement puts an announcement event on the bus (none without a bus: the command
// line, whose changes reach the server's streams through a job, announcements_admin.go).
func (s *Service) publishAnnouncement(ctx context.Context, kind, id, name string) {
	if s.Bus != nil {
		s.Bus.Publish(ctx, stream.Event{Kind: kind, ObjectID: id, Name: name})
	}
}

// announcement routes an announcement event to the viewer's user streams. Its payload is the
// same for everyone, so it is made once per event for all connections.
func (rt *router) announcement(ctx context.Context, e stream.Event) ([]streamEvent, error) {
	if rt.v.user == nil {
		return nil, nil
	}
	var names [][]string
	for _, sub := range rt.subs {
		if sub.Stream == StreamUser {
			names = append(names, sub.names())
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	payload, err := rt.s.announcementEvents.payload(ctx, rt.s, e)
	if err != nil || payload == "" {
		return nil, err
	}
	out := make([]streamEvent, 0, len(names))
	for _, nm := range names {
		out = append(out, streamEvent{Stream: nm, Event: e.Kind, Payload: payload})
	}
	return out, nil
}

// announcementPayload is the payload of one announcement event: "" when there is nothing to
// send (the announcement is gone or not shown by the time the event is routed).
func (s *Service) announcementPayload(ctx context.Context, e stream.Event) (string, error) {
	switch e.Kind {
	case eventAnnouncementDelete:
		return e.ObjectID, nil
	case eventAnnouncementReaction:
		n, err := s.Store.AnnouncementReactionCount(ctx, e.ObjectID, e.Name)
		if err != nil {
			return "", err
		}
		b, _ := json.Marshal(map[string]any{"name": e.Name, "count": n, "announcement_id": e.ObjectID})
		return string(b), nil
	}
	a, err := s.Store.AnnouncementByID(ctx, e.ObjectID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !a.Active(time.Now())) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	list, err := s.renderAnnouncements(ctx, nil, []*store.Announcement{a})
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(list[0])
	return string(b), nil
}

// sharedPayloads keeps the payloads of the most recent announcement events by their bus Seq
// (as sharedEvents does for statuses, streams_shared.go).
type sharedPayloads struct {
	mu    sync.Mutex
	bySeq map[uint64]*sharedPayload
	order []uint64
}

type sharedPayload struct {
	once    sync.Once
	payload string
	err     error
}

// sharedPayloadsKept bounds the cache; announcement events are rare.
const sharedPayloadsKept = 64

// payload returns the payload of event e, made at most once per Seq.
func (c *sharedPayloads) payload(ctx context.Context, s *Service, e stream.Event) (string, error) {
	sh := &sharedPayload{}
	if e.Seq != 0 {
		c.mu.Lock()
		if got, ok := c.bySeq[e.Seq]; ok {
			sh = got
		} else {
			if c.bySeq == nil {
				c.bySeq = map[uint64]*sharedPayload{}
			}
			c.bySeq[e.Seq] = sh
			c.order = append(c.order, e.Seq)
			if len(c.order) > sharedPayloadsKept {
				delete(c.bySeq, c.order[0])
				c.order = c.order[1:]
			}
		}
		c.mu.Unlock()
	}
	sh.once.Do(func() {
		sh.payload, sh.err = s.announcementPayload(context.WithoutCancel(ctx), e) // shared: one closing connection must not fail the others
	})
	return sh.payload, sh.err
}
