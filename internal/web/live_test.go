package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
)

type sseEvent struct{ name, data string }

// liveStream is an open /live connection and the events read from it.
type liveStream struct {
	t      *testing.T
	name   string
	events chan sseEvent
}

// live opens the SSE stream of a timeline tab and waits until it is subscribed.
func (b *browser) live(name, tab string) *liveStream {
	b.s.t.Helper()
	return b.liveAt(name, "/live?timeline="+tab)
}

// until reads events until one (named name) contains text, and returns all it read.
func (ls *liveStream) until(name, text string) []sseEvent {
	ls.t.Helper()
	var seen []sseEvent
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-ls.events:
			if !ok {
				ls.t.Fatalf("%s: stream closed before %q", ls.name, text)
			}
			seen = append(seen, e)
			if e.name == name && strings.Contains(e.data, text) {
				return seen
			}
		case <-deadline:
			ls.t.Fatalf("%s: no %s event with %q; got %v", ls.name, name, text, seen)
		}
	}
}

func joined(events []sseEvent) string {
	var b strings.Builder
	for _, e := range events {
		b.WriteString(e.name + ": " + e.data + "\n")
	}
	return b.String()
}

func TestLiveUpdatesRespectVisibility(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, n := range []string{"bob", "fan", "stranger", "carol"} {
		s.user(n)
	}
	s.follow(mustUser(t, s, "fan"), mustUser(t, s, "bob"))
	b := map[string]*browser{"visitor": s.browser()}
	for _, n := range []string{"bob", "fan", "stranger", "carol"} {
		b[n] = s.browser()
		b[n].login(n)
	}
	streams := map[string]*liveStream{
		"fan home":          b["fan"].live("fan home", "home"),
		"carol home":        b["carol"].live("carol home", "home"),
		"stranger home":     b["stranger"].live("stranger home", "home"),
		"stranger local":    b["stranger"].live("stranger local", "local"),
		"visitor federated": b["visitor"].live("visitor federated", "federated"),
	}
	wantStatus(t, b["visitor"].get("/live?timeline=home"), http.StatusNotFound)
	wantStatus(t, b["visitor"].get("/live"), http.StatusNotFound)

	b["bob"].compose("@carol direct words", ap.VisibilityDirect)
	private := b["bob"].compose("private words", ap.VisibilityPrivate)
	b["bob"].compose("unlisted words", ap.VisibilityUnlisted)
	b["bob"].compose("public marker", ap.VisibilityPublic)
	b["stranger"].compose("stranger marker", ap.VisibilityPublic)
	b["bob"].compose("@carol closing public", ap.VisibilityPublic)

	type want struct {
		until string
		see   []string
		never []string
	}
	cases := map[string]want{
		"fan home":          {"public marker", []string{"private words", "unlisted words"}, []string{"direct words"}},
		"carol home":        {"closing public", []string{"direct words"}, []string{"private words", "unlisted words", "public marker"}},
		"stranger home":     {"stranger marker", nil, []string{"direct words", "private words", "unlisted words", "public marker"}},
		"stranger local":    {"closing public", []string{"public marker", "stranger marker"}, []string{"direct words", "private words", "unlisted words"}},
		"visitor federated": {"closing public", []string{"public marker"}, []string{"direct words", "private words", "unlisted words"}},
	}
	for name, w := range cases {
		got := joined(streams[name].until("update", w.until))
		for _, text := range w.see {
			if !strings.Contains(got, text) {
				t.Errorf("%s: %q never arrived", name, text)
			}
		}
		for _, text := range w.never {
			if strings.Contains(got, text) {
				t.Errorf("%s: %q was streamed to someone outside its audience", name, text)
			}
		}
		if strings.Contains(got, "<script") {
			t.Errorf("%s: a script in the stream", name)
		}
	}

	t.Run("a like updates the card in place", func(t *testing.T) {
		marker := s.statusWithText("public marker")
		wantStatus(t, b["fan"].htmx("/statuses/"+marker.ID+"/like", nil), http.StatusOK)
		got := streams["visitor federated"].until("oob", `id="status-`+marker.ID+`" hx-swap-oob="true"`)
		last := got[len(got)-1].data
		if !strings.Contains(last, `<span class="tabular-nums">1</span><span class="sr-only">likes</span>`) ||
			strings.Contains(last, "csrf_token") {
			t.Fatalf("visitor's update: %s", last)
		}
		got = streams["fan home"].until("oob", `id="status-`+marker.ID+`" hx-swap-oob="true"`)
		if !strings.Contains(got[len(got)-1].data, `aria-label="Unlike, 1"`) {
			t.Fatal("the fan's own card does not show the like as theirs")
		}
	})

	t.Run("deletions reach only those who may know", func(t *testing.T) {
		del := ap.Object{"id": private.APID + "#delete", "type": "Delete", "actor": private.Actor,
			"object": map[string]any{"id": private.APID, "type": "Tombstone"}, "to": []any{mustUser(t, s, "bob").FollowersURL}}
		if _, err := s.p.Ingest(s.ctx, del, activity.Origin{Source: activity.Local}); err != nil {
			t.Fatal(err)
		}
		streams["fan home"].until("oob", `<div id="status-`+private.ID+`" hx-swap-oob="delete">`)
		b["bob"].compose("after the delete", ap.VisibilityPublic)
		got := joined(streams["visitor federated"].until("update", "after the delete"))
		if strings.Contains(got, private.ID) {
			t.Fatal("a visitor learned of the deletion of a followers-only status")
		}
	})
}
