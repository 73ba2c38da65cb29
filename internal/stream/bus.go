package stream

import (
	"context"
	"sync"
	"sync/atomic"
)

// Event kinds, named as the Mastodon streaming API names its events.
const (
	EventUpdate       = "update"        // a new status (ObjectID) appeared
	EventStatusUpdate = "status.update" // a status was edited or its counts changed
	EventDelete       = "delete"        // a status was deleted (ObjectAPID; the row is gone)
	EventNotification = "notification"  // a notification (NotificationID) for UserID

	EventAnnouncement         = "announcement"          // an announcement (ObjectID) is shown or changed
	EventAnnouncementReaction = "announcement.reaction" // the reactions Name to announcement ObjectID changed
	EventAnnouncementDelete   = "announcement.delete"   // announcement ObjectID is gone or no longer shown
)

// Event says what changed. Subscribers look the objects up again and check visibility.
type Event struct {
	Kind           string `json:"kind"`
	ObjectID       string `json:"object_id,omitempty"`
	ObjectAPID     string `json:"object_ap_id,omitempty"`
	Actor          string `json:"actor,omitempty"`
	Visibility     string `json:"visibility,omitempty"`
	Local          bool   `json:"local,omitempty"`
	UserID         string `json:"user_id,omitempty"`
	NotificationID string `json:"notification_id,omitempty"`
	Name           string `json:"name,omitempty"` // the reaction of an announcement.reaction
	// Seq numbers the events one bus delivered (from 1), stamped by Publish: subscribers
	// that share work per event (the client API renders a status once for all its
	// streams) key it by Seq. 0 means unnumbered.
	Seq uint64 `json:"-"`
}

// Bus publishes events to every current subscriber.
type Bus interface {
	// Publish never blocks on a slow subscriber: its buffer full, it loses the event.
	Publish(ctx context.Context, e Event)
	// Subscribe returns a channel of events until ctx ends.
	Subscribe(ctx context.Context) <-chan Event
}

// Memory is the in-process Bus.
type Memory struct {
	mu      sync.RWMutex
	subs    map[chan Event]struct{}
	closed  bool
	dropped atomic.Int64
	seq     atomic.Uint64
	buffer  int
}

// NewMemory returns an in-process bus whose subscribers buffer up to buffer events.
func NewMemory(buffer int) *Memory {
	if buffer <= 0 {
		buffer = 256
	}
	return &Memory{subs: map[chan Event]struct{}{}, buffer: buffer}
}

// Publish implements Bus.
func (m *Memory) Publish(_ context.Context, e Event) {
	e.Seq = m.seq.Add(1)
	m.mu.RLock()
	defer m.mu.RUnlock()
	for ch := range m.subs {
		select {
		case ch <- e:
		default:
			m.dropped.Add(1)
		}
	}
}

// Subscribe implements Bus. The channel is closed when ctx ends or the bus closes.
func (m *Memory) Subscribe(ctx context.Context) <-chan Event {
	ch := make(chan Event, m.buffer)
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		close(ch)
		return ch
	}
	m.subs[ch] = struct{}{}
	m.mu.Unlock()
	go func() {
		<-ctx.Done()
		m.mu.Lock()
		if _, live := m.subs[ch]; live {
			delete(m.subs, ch)
			close(ch)
		}
		m.mu.Unlock()
	}()
	return ch
}

// Close ends every subscription (their channels close) and refuses new ones: on shutdown,
// it lets long-lived streams (WebSocket, SSE) end so that the server can stop.
func (m *Memory) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for ch := range m.subs {
		delete(m.subs, ch)
		close(ch)
	}
}

// Dropped counts events lost to full subscriber buffers.
func (m *Memory) Dropped() int64 { return m.dropped.Load() }
