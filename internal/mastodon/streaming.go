package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// Streaming timing and bounds.
const (
	heartbeatEvery = 30 * time.Second
	writeTimeout   = 10 * time.Second
	// sendQueue is how many events a connection may have waiting; a client that falls
	// further behind is disconnected, never allowed to slow publishing down.
	sendQueue = 256
)

// streamViewer authenticates a streaming request: the Authorization header, the
// Sec-WebSocket-Protocol header (browsers cannot set headers on WebSockets) or the
// access_token query parameter (allowed here only).
func (s *Service) streamViewer(r *http.Request) (*viewer, string, error) {
	raw, proto := bearer(r), ""
	if raw == "" {
		if p := r.Header.Get("Sec-WebSocket-Protocol"); p != "" {
			raw, proto = strings.TrimSpace(strings.Split(p, ",")[0]), strings.TrimSpace(strings.Split(p, ",")[0])
		}
	}
	if raw == "" {
		raw = r.URL.Query().Get("access_token")
	}
	if raw == "" {
		return nil, "", nil
	}
	v, err := s.lookupToken(r.Context(), raw)
	if err != nil {
		return nil, "", err
	}
	if !grants(v.scopes, "read:statuses") && !grants(v.scopes, "read:notifications") {
		return nil, "", errForbidden
	}
	return v, proto, nil
}

// parseSub validates a subscription for the viewer.
func parseSub(v *viewer, name, tag, list string) (subscription, error) {
	if !knownStreams[name] {
		return subscription{}, badRequest("Unknown stream type")
	}
	if needsUser[name] && v.apID() == "" {
		return subscription{}, errorf(http.StatusUnauthorized, "Missing access token")
	}
	sub := subscription{Stream: name}
	if name == StreamHashtag || name == StreamHashtagLocal {
		if tag == "" {
			return subscription{}, badRequest("No tag for hashtag stream")
		}
		sub.Tag = tag
	}
	if name == StreamList {
		if list == "" {
			return subscription{}, badRequest("No list for list stream")
		}
		sub.List = list
	}
	return sub, nil
}

// websocket is GET /api/v1/streaming: one connection, several streams, subscribe and
// unsubscribe messages.
func (s *Service) websocket(w http.ResponseWriter, r *http.Request) {
	v, proto, err := s.streamViewer(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	if v == nil {
		v = &viewer{}
	}
	rt := &router{s: s, v: v}
	if name := r.URL.Query().Get("stream"); name != "" {
		sub, err := parseSub(v, name, r.URL.Query().Get("tag"), r.URL.Query().Get("list"))
		if err == nil {
			err = s.checkListStream(r.Context(), v, sub) // lists.go
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		rt.subscribe(sub)
	}
	opts := &websocket.AcceptOptions{InsecureSkipVerify: true} // token-authenticated, cross-origin by design
	if proto != "" {
		opts.Subprotocols = []string{proto}
	}
	conn, err := websocket.Accept(w, r, opts)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(16 << 10)
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()

	commands := make(chan map[string]string, 8)
	go func() {
		defer cancel()
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				return
			}
			var m map[string]string
			if json.Unmarshal(data, &m) == nil {
				select {
				case commands <- m:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	events := s.Bus.Subscribe(ctx)
	send := func(v any) error {
		b, _ := json.Marshal(v)
		wctx, c := context.WithTimeout(ctx, writeTimeout)
		defer c()
		return conn.Write(wctx, websocket.MessageText, b)
	}
	tick := time.NewTicker(heartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			conn.Close(websocket.StatusNormalClosure, "")
			return
		case m := <-commands:
			sub, err := parseSub(v, m["stream"], m["tag"], m["list"])
			if err == nil && m["type"] == "subscribe" {
				err = s.checkListStream(ctx, v, sub) // lists.go
			}
			if err != nil {
				msg := err.Error()
				var me *Error
				if errors.As(err, &me) {
					msg = me.Msg
				}
				_ = send(map[string]any{"error": msg, "status": 400})
				continue
			}
			switch m["type"] {
			case "subscribe":
				rt.subscribe(sub)
			case "unsubscribe":
				rt.unsubscribe(sub)
			}
		case e, ok := <-events:
			if !ok {
				conn.Close(websocket.StatusGoingAway, "event bus closed")
				return
			}
			out, err := rt.route(ctx, e)
			if err != nil {
				slog.Warn("streaming: route event", slog.String("error", err.Error()))
				continue
			}
			for _, ev := range out {
				if err := send(ev); err != nil {
					return // a client that cannot keep up is dropped
				}
			}
			if len(events) > sendQueue-8 {
				conn.Close(websocket.StatusPolicyViolation, "too slow")
				return
			}
		case <-tick.C:
			pctx, c := context.WithTimeout(ctx, writeTimeout)
			err := conn.Ping(pctx)
			c()
			if err != nil {
				return
			}
		}
	}
}

// eventStream serves one stream as server-sent events.
func (s *Service) eventStream(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, _, err := s.streamViewer(r)
		if err != nil {
			fail(w, r, err)
			return
		}
		if v == nil {
			v = &viewer{}
		}
		q := r.URL.Query()
		sub, err := parseSub(v, name, q.Get("tag"), q.Get("list"))
		if err == nil {
			err = s.checkListStream(r.Context(), v, sub) // lists.go
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, ":)\n\n")
		if err := rc.Flush(); err != nil {
			return
		}
		ctx := r.Context()
		rt := &router{s: s, v: v, subs: []subscription{sub}}
		events := s.Bus.Subscribe(ctx)
		tick := time.NewTicker(heartbeatEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-events:
				if !ok {
					return
				}
				out, err := rt.route(ctx, e)
				if err != nil {
					continue
				}
				_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
				for _, ev := range out {
					if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Event, ev.Payload); err != nil {
						return
					}
				}
				_ = rc.Flush()
			case <-tick.C:
				_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
				if _, err := fmt.Fprint(w, ":thump\n\n"); err != nil {
					return
				}
				_ = rc.Flush()
			}
		}
	}
}
