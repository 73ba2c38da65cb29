package mastodon_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

type wsClient struct {
	t      *testing.T
	conn   *websocket.Conn
	ctx    context.Context
	events chan map[string]any
}

func (a *api) dialStream(t *testing.T, srv *httptest.Server, token, query string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	opts := &websocket.DialOptions{}
	if token != "" {
		opts.Subprotocols = []string{token} // as masto.js sends it
	}
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/api/v1/streaming"+query, opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	if token != "" && resp.Header.Get("Sec-WebSocket-Protocol") != token {
		t.Fatalf("token subprotocol not echoed: %q", resp.Header.Get("Sec-WebSocket-Protocol"))
	}
	t.Cleanup(func() { conn.CloseNow() })
	c := &wsClient{t: t, conn: conn, ctx: ctx, events: make(chan map[string]any, 100)}
	// One reader for the connection's life: a Read whose context ends closes a coder/websocket
	// connection, so waits with a timeout must not be Read timeouts.
	go func() {
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				close(c.events)
				return
			}
			var m map[string]any
			if json.Unmarshal(data, &m) == nil {
				c.events <- m
			}
		}
	}()
	return c
}

func (c *wsClient) send(m map[string]string) {
	b, _ := json.Marshal(m)
	if err := c.conn.Write(c.ctx, websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next event, or nil when none comes within wait.
func (c *wsClient) next(wait time.Duration) map[string]any {
	select {
	case m := <-c.events:
		return m
	case <-time.After(wait):
		return nil
	}
}

func TestWebSocketStreams(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice, bob, carol := a.user("alice"), a.user("bob"), a.user("carol")
	at, bt, ct := a.token(alice, "read", "write"), a.token(bob, "read", "write"), a.token(carol, "read")

	pub := a.dialStream(t, srv, "", "?stream=public")
	bobWS := a.dialStream(t, srv, bt, "")
	bobWS.send(map[string]string{"type": "subscribe", "stream": "user"})
	carolWS := a.dialStream(t, srv, ct, "")
	carolWS.send(map[string]string{"type": "subscribe", "stream": "user"})
	carolWS.send(map[string]string{"type": "subscribe", "stream": "public"})
	carolWS.send(map[string]string{"type": "subscribe", "stream": "hashtag", "tag": "go"})
	time.Sleep(200 * time.Millisecond) // let the subscriptions register before publishing

	st := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "hello @bob #go"}).obj()
	ev := pub.next(5 * time.Second)
	if ev == nil || ev["event"] != "update" || ev["stream"].([]any)[0] != "public" {
		t.Fatalf("public stream: %v", ev)
	}
	var payload map[string]any
	json.Unmarshal([]byte(ev["payload"].(string)), &payload)
	if payload["id"] != st["id"] {
		t.Fatalf("payload %v", payload)
	}
	// Bob, mentioned, gets it on his user stream and a notification.
	got := map[string]bool{}
	for i := 0; i < 2; i++ {
		e := bobWS.next(5 * time.Second)
		if e == nil {
			break
		}
		got[e["event"].(string)] = true
	}
	if !got["update"] || !got["notification"] {
		t.Fatalf("bob's user stream got %v", got)
	}
	// Carol: public and hashtag, not her home (she follows nobody).
	seen := map[string]bool{}
	for i := 0; i < 2; i++ {
		e := carolWS.next(5 * time.Second)
		if e == nil {
			break
		}
		seen[e["stream"].([]any)[0].(string)] = true
	}
	if !seen["public"] || !seen["hashtag"] || seen["user"] {
		t.Fatalf("carol's streams got %v", seen)
	}

	// A direct message to bob never reaches carol or the public stream.
	dm := a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "@bob secret", "visibility": "direct"}).obj()
	if e := carolWS.next(700 * time.Millisecond); e != nil {
		t.Fatalf("carol received %v", e)
	}
	if e := pub.next(300 * time.Millisecond); e != nil {
		t.Fatalf("public stream received %v", e)
	}
	foundDM := false
	for i := 0; i < 3; i++ {
		e := bobWS.next(3 * time.Second)
		if e == nil {
			break
		}
		if e["event"] == "update" && strings.Contains(e["payload"].(string), dm["id"].(string)) {
			foundDM = true
		}
	}
	if !foundDM {
		t.Fatal("bob did not receive the DM on his user stream")
	}

	// Delete reaches the public stream.
	a.do("DELETE", "/api/v1/statuses/"+st["id"].(string), at, nil)
	if e := pub.next(5 * time.Second); e == nil || e["event"] != "delete" || e["payload"] != st["id"] {
		t.Fatalf("delete event %v", e)
	}

	// Bad subscriptions are answered with an error, the connection stays.
	anon := a.dialStream(t, srv, "", "")
	anon.send(map[string]string{"type": "subscribe", "stream": "user"})
	if e := anon.next(3 * time.Second); e == nil || e["error"] == nil {
		t.Fatalf("anonymous user stream: %v", e)
	}
}

func TestStreamingAuthAndSSE(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	alice := a.user("alice")
	at := a.token(alice, "read", "write")

	resp, err := http.Get(srv.URL + "/api/v1/streaming/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp, _ = http.Get(srv.URL + "/api/v1/streaming/user?access_token=bogus")
	if resp.StatusCode != 401 {
		t.Fatalf("bad token: %d", resp.StatusCode)
	}
	resp, _ = http.Get(srv.URL + "/api/v1/streaming/user")
	if resp.StatusCode != 401 {
		t.Fatalf("user stream without token: %d", resp.StatusCode)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/streaming/public/local", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("sse: %v %v", resp, err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	time.Sleep(200 * time.Millisecond)
	a.do("POST", "/api/v1/statuses", at, map[string]any{"status": "sse"})
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("stream closed")
			}
			if l == "event: update" {
				return
			}
		case <-ctx.Done():
			t.Fatal("no update event on the SSE stream")
		}
	}
}
