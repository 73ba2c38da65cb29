package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// SSE event names the page listens to (sse-swap).
const (
	sseUpdate = "update" // a new card, prepended to the timeline
	sseOOB    = "oob"    // out-of-band replacements: a changed card, a deleted one
)

// heartbeat keeps idle connections (and proxies) from timing out.
const heartbeat = 25 * time.Second

// live is GET /live?timeline=: Server-Sent Events for one timeline tab. Each bus event is
// checked for this viewer with the tab's own store query (visibility, blocks, mutes, home
// membership: the same code that rendered the page) and sent as the same status partial the
// page used.
func (s *Service) live(w http.ResponseWriter, r *http.Request, rq *request) error {
	name, ok := tabOf(r, rq)
	if !ok || r.URL.Query().Get("timeline") == "" {
		return errNotFound
	}
	q := timelineQuery(name, rq.viewer())
	return s.serveEvents(w, r, func(ctx context.Context, e stream.Event) ([]byte, error) {
		return s.liveMessage(ctx, rq, q, e)
	})
}

// serveEvents streams Server-Sent Events: each bus event goes through message, which returns
// the SSE message for this browser or nil. Without a bus it is 404.
func (s *Service) serveEvents(w http.ResponseWriter, r *http.Request, message func(context.Context, stream.Event) ([]byte, error)) error {
	if s.opt.Bus == nil {
		return errNotFound
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	events := s.opt.Bus.Subscribe(ctx)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte(": connected\n\n")); err != nil {
		return nil
	}
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			msg = []byte(": ping\n\n")
		case e, ok := <-events:
			if !ok {
				return nil
			}
			var err error
			if msg, err = message(ctx, e); err != nil {
				slog.Warn("web: live update", slog.String("kind", e.Kind), slog.String("error", err.Error()))
				continue
			}
		}
		if msg == nil {
			continue
		}
		if _, err := w.Write(msg); err != nil {
			return nil
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// liveMessage turns a bus event into an SSE message for this viewer, or nil.
func (s *Service) liveMessage(ctx context.Context, rq *request, q store.Timeline, e stream.Event) ([]byte, error) {
	switch e.Kind {
	case stream.EventDelete:
		// The row is gone, so its audience cannot be checked: like the streaming API, tell
		// everyone about public deletions and signed-in viewers about the others. Only the id
		// leaves, and only the card with that id (if shown) disappears.
		if validID(e.ObjectID) == "" || (rq.user == nil && e.Visibility != ap.VisibilityPublic && e.Visibility != ap.VisibilityUnlisted) {
			return nil, nil
		}
		return sseMessage(sseOOB, []byte(`<div id="status-`+e.ObjectID+`" hx-swap-oob="delete"></div>`)), nil
	case stream.EventUpdate, stream.EventStatusUpdate:
	default:
		return nil, nil
	}
	o, err := s.inTimeline(ctx, rq.user, q, e.ObjectID)
	if err != nil || o == nil {
		return nil, err
	}
	list, err := s.cards(ctx, rq, []*store.Object{o})
	if err == nil {
		list, err = s.filterTimeline(ctx, rq, q, list) // filters.go
	}
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		if e.Kind == stream.EventStatusUpdate { // edited into a hidden one: it goes
			return sseMessage(sseOOB, []byte(`<div id="status-`+o.ID+`" hx-swap-oob="delete"></div>`)), nil
		}
		return nil, nil
	}
	if e.Kind == stream.EventStatusUpdate {
		list[0].OOB = true
		b, err := s.partial("status", list[0])
		if err != nil {
			return nil, err
		}
		return sseMessage(sseOOB, b), nil
	}
	list[0].Live = true
	b, err := s.partial("status", list[0])
	if err != nil {
		return nil, err
	}
	return sseMessage(sseUpdate, b), nil
}

// inTimeline returns the row id if the tab's query, run for this viewer, contains it; nil
// otherwise. It runs the timeline's own query (as the API runs it for u) bounded to ids up to
// id, newest first, limit 1: ids are fixed-length, so the first row is id itself exactly when
// the timeline has it.
func (s *Service) inTimeline(ctx context.Context, u *store.User, q store.Timeline, id string) (*store.Object, error) {
	if validID(id) == "" {
		return nil, nil
	}
	q.Page = store.Page{MaxID: id + "0", Limit: 1}
	rows, err := s.api().Timeline(ctx, u, q)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || rows[0].ID != id {
		return nil, nil
	}
	return rows[0], nil
}

// sseMessage frames an HTML fragment as one SSE event (one data: line per line).
func sseMessage(event string, html []byte) []byte {
	var b bytes.Buffer
	b.WriteString("event: " + event + "\n")
	for _, line := range bytes.Split(bytes.TrimRight(html, "\n"), []byte("\n")) {
		b.WriteString("data: ")
		b.Write(bytes.TrimRight(line, "\r"))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	return b.Bytes()
}
