package federation_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestTwoServersFederate runs the federation scenarios on one pair of servers, A and B.
func TestTwoServersFederate(t *testing.T) {
	a := startServer(t, "A")
	b := startServer(t, "B")
	alice := a.user("alice")
	bob := b.user("bob")

	// Follow accepted: bob is not locked, so B answers alice's Follow with an Accept.
	bobOnA := alice.find(bob)
	alice.post("/api/v1/accounts/"+bobOnA+"/follow", nil)
	eventually(t, "alice follows bob (Accept received)", func() bool {
		rels := alice.get("/api/v1/accounts/relationships?id[]=" + bobOnA).list()
		return len(rels) == 1 && rels[0]["following"] == true
	})
	eventually(t, "bob sees alice as a follower", func() bool {
		return len(bob.get("/api/v1/accounts/"+bob.id+"/followers").list()) == 1
	})
	eventually(t, "bob got a follow notification", func() bool {
		return hasType(bob.get("/api/v1/notifications").list(), "follow")
	})

	// A public post by bob reaches alice's home timeline.
	post := bob.post("/api/v1/statuses", map[string]any{"status": "Hello from B #fediverse"}).obj()
	uri := post["uri"].(string)
	var onA map[string]any
	eventually(t, "bob's post in alice's home", func() bool {
		for _, st := range alice.get("/api/v1/timelines/home").list() {
			if st["uri"] == uri {
				onA = st
				return true
			}
		}
		return false
	})
	if !strings.Contains(onA["content"].(string), "Hello from B") || onA["account"].(map[string]any)["acct"] != bob.handle() {
		t.Fatalf("post on A: %v", onA)
	}
	idOnA := onA["id"].(string)

	t.Run("like and boost reach the author", func(t *testing.T) {
		alice.post("/api/v1/statuses/"+idOnA+"/favourite", nil)
		alice.post("/api/v1/statuses/"+idOnA+"/reblog", nil)
		eventually(t, "bob notified of the like and the boost", func() bool {
			ns := bob.get("/api/v1/notifications").list()
			return hasType(ns, "favourite") && hasType(ns, "reblog")
		})
		eventually(t, "counts on B", func() bool {
			st := bob.get("/api/v1/statuses/" + post["id"].(string)).obj()
			return st["favourites_count"] == float64(1) && st["reblogs_count"] == float64(1)
		})
		alice.post("/api/v1/statuses/"+idOnA+"/unfavourite", nil)
		eventually(t, "unlike reaches B", func() bool {
			return bob.get("/api/v1/statuses/" + post["id"].(string)).obj()["favourites_count"] == float64(0)
		})
	})

	t.Run("replies and mentions", func(t *testing.T) {
		r := alice.post("/api/v1/statuses", map[string]any{"status": "@" + bob.handle() + " nice", "in_reply_to_id": idOnA}).obj()
		eventually(t, "bob notified of the mention", func() bool {
			return hasType(bob.get("/api/v1/notifications?types[]=mention").list(), "mention")
		})
		st := bob.statusByURI(r["uri"].(string))
		if st == nil || st["in_reply_to_id"] != post["id"] {
			t.Fatalf("reply on B: %v", st)
		}
	})

	t.Run("followers-only reaches followers only", func(t *testing.T) {
		carol := a.user("carol") // on A, does not follow bob
		p := bob.post("/api/v1/statuses", map[string]any{"status": "for followers", "visibility": "private"}).obj()
		eventually(t, "followers-only post in alice's home", func() bool {
			return alice.statusByURI(p["uri"].(string)) != nil
		})
		if carol.statusByURI(p["uri"].(string)) != nil {
			t.Fatal("carol, not a follower, can see the followers-only post")
		}
		for _, st := range carol.get("/api/v1/timelines/public").list() {
			if st["uri"] == p["uri"] {
				t.Fatal("followers-only post on the public timeline")
			}
		}
	})

	t.Run("direct messages reach only the addressee", func(t *testing.T) {
		carol := a.user("carol2")
		dm := bob.post("/api/v1/statuses", map[string]any{"status": "@" + alice.handle() + " just us", "visibility": "direct"}).obj()
		eventually(t, "dm delivered to alice", func() bool { return alice.statusByURI(dm["uri"].(string)) != nil })
		if carol.statusByURI(dm["uri"].(string)) != nil {
			t.Fatal("carol can read a DM to alice")
		}
		// The object itself is not served to an unsigned fetch.
		resp := fetchAP(t, dm["uri"].(string))
		if resp != 404 {
			t.Fatalf("unsigned fetch of a DM: %d", resp)
		}
	})

	t.Run("delete reaches followers", func(t *testing.T) {
		p := bob.post("/api/v1/statuses", map[string]any{"status": "to be deleted"}).obj()
		eventually(t, "post reached A", func() bool { return alice.statusByURI(p["uri"].(string)) != nil })
		if r := bob.do("DELETE", "/api/v1/statuses/"+p["id"].(string), nil); r.status != 200 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		eventually(t, "post gone from A", func() bool { return alice.statusByURI(p["uri"].(string)) == nil })
		if code := fetchAP(t, p["uri"].(string)); code != 410 {
			t.Fatalf("fetch of deleted post: %d, want 410", code)
		}
	})

	t.Run("polls both ways", func(t *testing.T) {
		p := bob.post("/api/v1/statuses", map[string]any{"status": "Tea or coffee?",
			"poll": map[string]any{"options": []string{"tea", "coffee"}, "expires_in": 3600}}).obj()
		var onA map[string]any
		eventually(t, "poll on A", func() bool { onA = alice.statusByURI(p["uri"].(string)); return onA != nil })
		pollID := onA["poll"].(map[string]any)["id"].(string)
		alice.post("/api/v1/polls/"+pollID+"/votes", map[string]any{"choices": []string{"1"}})
		eventually(t, "vote counted on B", func() bool {
			pl := bob.get("/api/v1/statuses/" + p["id"].(string)).obj()["poll"].(map[string]any)
			opts := pl["options"].([]any)
			return opts[1].(map[string]any)["votes_count"] == float64(1)
		})
	})

	t.Run("unfollow", func(t *testing.T) {
		alice.post("/api/v1/accounts/"+bobOnA+"/unfollow", nil)
		eventually(t, "B forgets the follower", func() bool {
			return len(bob.get("/api/v1/accounts/"+bob.id+"/followers").list()) == 0
		})
	})

	t.Run("a server that was down gets the delivery later", func(t *testing.T) {
		alice.post("/api/v1/accounts/"+bobOnA+"/follow", nil)
		eventually(t, "following again", func() bool {
			rels := alice.get("/api/v1/accounts/relationships?id[]=" + bobOnA).list()
			return rels[0]["following"] == true
		})
		a.stop()
		p := bob.post("/api/v1/statuses", map[string]any{"status": "while A was down"}).obj()
		a.start()
		eventually(t, "post delivered after A came back", func() bool { return alice.statusByURI(p["uri"].(string)) != nil })
	})
	_ = url.QueryEscape
}
