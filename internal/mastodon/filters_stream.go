package mastodon

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/stream"
)

// streamFilterContext is the filter context of a stream: home for the user and list streams,
// public for the public and hashtag streams, none for direct messages.
func streamFilterContext(name string) string {
	switch {
	case name == StreamUser || name == StreamList:
		return filterHome
	case strings.HasPrefix(name, "public"), strings.HasPrefix(name, "hashtag"):
		return filterPublic
	}
	return ""
}

// filtered makes the events of a rendered status for the streams it matched, each with the
// viewer's filters of the stream's context applied: a hide filter drops the event, others
// add `filtered` to the status. The viewer's filters are read once per connection and again
// after a filters_changed event.
func (rt *router) filtered(ctx context.Context, st Status, matched [][]string, name string) ([]streamEvent, error) {
	if rt.filters == nil {
		fs, err := rt.s.activeFilters(ctx, rt.v)
		if err != nil {
			return nil, err
		}
		rt.filters = &fs
	}
	now := time.Now()
	payloads := map[string]string{}
	out := make([]streamEvent, 0, len(matched))
	for _, m := range matched {
		fctx := streamFilterContext(m[0])
		payload, ok := payloads[fctx]
		if !ok {
			list := []Status{st}
			if fctx != "" {
				list = filterList(*rt.filters, rt.v, fctx, list, now)
			}
			if len(list) == 1 {
				b, _ := json.Marshal(list[0])
				payload = string(b)
			}
			payloads[fctx] = payload
		}
		if payload != "" {
			out = append(out, streamEvent{Stream: m, Event: name, Payload: payload})
		}
	}
	return out, nil
}

// filtersChanged sends filters_changed to the viewer's user stream when their filters change,
// and forgets the filters read so far.
func (rt *router) filtersChanged(e stream.Event) []streamEvent {
	if rt.v.user == nil || e.UserID != rt.v.user.ID {
		return nil
	}
	rt.filters = nil
	var out []streamEvent
	for _, sub := range rt.subs {
		if sub.Stream == StreamUser {
			out = append(out, streamEvent{Stream: sub.names(), Event: eventFiltersChanged})
		}
	}
	return out
}
