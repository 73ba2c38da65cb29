package mastodon_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A status event is loaded and rendered once for every connection watching it: more
// subscribers on a public stream cost no more statements per post.
func TestStreamRendersOnceForAllSubscribers(t *testing.T) {
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice := a.user("alice")
	at := a.token(alice, "read", "write")
	queries := a.st.CountQueries()

	var subs []*wsClient
	postAndCount := func(text string) int64 {
		t.Helper()
		time.Sleep(200 * time.Millisecond) // let the subscriptions register
		before := queries()
		st := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": text}).obj()
		for i, c := range subs {
			ev := c.next(10 * time.Second)
			if ev == nil || ev["event"] != "update" {
				t.Fatalf("subscriber %d: %v", i, ev)
			}
			if p, _ := ev["payload"].(string); !strings.Contains(p, `"id":"`+st["id"].(string)+`"`) {
				t.Fatalf("subscriber %d got another status: %v", i, ev)
			}
		}
		return queries() - before
	}
	subs = append(subs, a.dialStream(t, srv, "", "?stream=public"))
	one := postAndCount("first post")
	for range 12 {
		subs = append(subs, a.dialStream(t, srv, "", "?stream=public"))
	}
	thirteen := postAndCount("second post")
	if thirteen-one >= 12 {
		t.Fatalf("1 subscriber: %d statements; 13 subscribers: %d — work is repeated per connection", one, thirteen)
	}
}
