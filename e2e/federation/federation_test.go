package federation_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/e2e/harness"
)

// smallPNG is a 32×16 picture to upload.
func smallPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 16))
	for x := range 32 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 16), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestTwoServersFederate runs the federation scenarios on one pair of servers, A and B.
func TestTwoServersFederate(t *testing.T) {
	a := harness.Start(t, "A")
	b := harness.Start(t, "B")
	alice := a.User("alice")
	bob := b.User("bob")

	// Follow accepted: bob is not locked, so B answers alice's Follow with an Accept.
	bobOnA := alice.Find(bob)
	alice.Post("/api/v1/accounts/"+bobOnA+"/follow", nil)
	harness.Eventually(t, "alice follows bob (Accept received)", func() bool {
		rels := alice.Get("/api/v1/accounts/relationships?id[]=" + bobOnA).List()
		return len(rels) == 1 && rels[0]["following"] == true
	})
	harness.Eventually(t, "bob sees alice as a follower", func() bool {
		return len(bob.Get("/api/v1/accounts/"+bob.ID+"/followers").List()) == 1
	})
	harness.Eventually(t, "bob got a follow notification", func() bool {
		return harness.HasType(bob.Get("/api/v1/notifications").List(), "follow")
	})

	// A public post by bob reaches alice's home timeline.
	post := bob.Post("/api/v1/statuses", map[string]any{"status": "Hello from B #fediverse"}).Obj()
	uri := post["uri"].(string)
	var onA map[string]any
	harness.Eventually(t, "bob's post in alice's home", func() bool {
		for _, st := range alice.Get("/api/v1/timelines/home").List() {
			if st["uri"] == uri {
				onA = st
				return true
			}
		}
		return false
	})
	if !strings.Contains(onA["content"].(string), "Hello from B") || onA["account"].(map[string]any)["acct"] != bob.Handle() {
		t.Fatalf("post on A: %v", onA)
	}
	idOnA := onA["id"].(string)

	t.Run("like and boost reach the author", func(t *testing.T) {
		alice.Post("/api/v1/statuses/"+idOnA+"/favourite", nil)
		alice.Post("/api/v1/statuses/"+idOnA+"/reblog", nil)
		harness.Eventually(t, "bob notified of the like and the boost", func() bool {
			ns := bob.Get("/api/v1/notifications").List()
			return harness.HasType(ns, "favourite") && harness.HasType(ns, "reblog")
		})
		harness.Eventually(t, "counts on B", func() bool {
			st := bob.Get("/api/v1/statuses/" + post["id"].(string)).Obj()
			return st["favourites_count"] == float64(1) && st["reblogs_count"] == float64(1)
		})
		alice.Post("/api/v1/statuses/"+idOnA+"/unfavourite", nil)
		harness.Eventually(t, "unlike reaches B", func() bool {
			return bob.Get("/api/v1/statuses/" + post["id"].(string)).Obj()["favourites_count"] == float64(0)
		})
	})

	t.Run("replies and mentions", func(t *testing.T) {
		r := alice.Post("/api/v1/statuses", map[string]any{"status": "@" + bob.Handle() + " nice", "in_reply_to_id": idOnA}).Obj()
		harness.Eventually(t, "bob notified of the mention", func() bool {
			return harness.HasType(bob.Get("/api/v1/notifications?types[]=mention").List(), "mention")
		})
		st := bob.StatusByURI(r["uri"].(string))
		if st == nil || st["in_reply_to_id"] != post["id"] {
			t.Fatalf("reply on B: %v", st)
		}
	})

	t.Run("followers-only reaches followers only", func(t *testing.T) {
		carol := a.User("carol") // on A, does not follow bob
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "for followers", "visibility": "private"}).Obj()
		harness.Eventually(t, "followers-only post in alice's home", func() bool {
			return alice.StatusByURI(p["uri"].(string)) != nil
		})
		if carol.StatusByURI(p["uri"].(string)) != nil {
			t.Fatal("carol, not a follower, can see the followers-only post")
		}
		for _, st := range carol.Get("/api/v1/timelines/public").List() {
			if st["uri"] == p["uri"] {
				t.Fatal("followers-only post on the public timeline")
			}
		}
	})

	t.Run("direct messages reach only the addressee", func(t *testing.T) {
		carol := a.User("carol2")
		dm := bob.Post("/api/v1/statuses", map[string]any{"status": "@" + alice.Handle() + " just us", "visibility": "direct"}).Obj()
		harness.Eventually(t, "dm delivered to alice", func() bool { return alice.StatusByURI(dm["uri"].(string)) != nil })
		if carol.StatusByURI(dm["uri"].(string)) != nil {
			t.Fatal("carol can read a DM to alice")
		}
		// The object itself is not served to an unsigned fetch.
		resp := harness.FetchAP(t, dm["uri"].(string))
		if resp != 404 {
			t.Fatalf("unsigned fetch of a DM: %d", resp)
		}
	})

	t.Run("delete reaches followers", func(t *testing.T) {
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "to be deleted"}).Obj()
		harness.Eventually(t, "post reached A", func() bool { return alice.StatusByURI(p["uri"].(string)) != nil })
		if r := bob.Do("DELETE", "/api/v1/statuses/"+p["id"].(string), nil); r.Status != 200 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		harness.Eventually(t, "post gone from A", func() bool { return alice.StatusByURI(p["uri"].(string)) == nil })
		if code := harness.FetchAP(t, p["uri"].(string)); code != 410 {
			t.Fatalf("fetch of deleted post: %d, want 410", code)
		}
	})

	t.Run("polls both ways", func(t *testing.T) {
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "Tea or coffee?",
			"poll": map[string]any{"options": []string{"tea", "coffee"}, "expires_in": 3600}}).Obj()
		var onA map[string]any
		harness.Eventually(t, "poll on A", func() bool { onA = alice.StatusByURI(p["uri"].(string)); return onA != nil })
		pollID := onA["poll"].(map[string]any)["id"].(string)
		alice.Post("/api/v1/polls/"+pollID+"/votes", map[string]any{"choices": []string{"1"}})
		harness.Eventually(t, "vote counted on B", func() bool {
			pl := bob.Get("/api/v1/statuses/" + p["id"].(string)).Obj()["poll"].(map[string]any)
			opts := pl["options"].([]any)
			return opts[1].(map[string]any)["votes_count"] == float64(1)
		})
	})

	t.Run("our poll with media reaches the other server", func(t *testing.T) {
		mid := bob.Upload("chart.png", smallPNG(t))
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "Which chart?", "media_ids": []string{mid},
			"poll": map[string]any{"options": []string{"left", "right"}, "expires_in": 3600}}).Obj()
		var onA map[string]any
		harness.Eventually(t, "poll with media on A", func() bool { onA = alice.StatusByURI(p["uri"].(string)); return onA != nil })
		poll, _ := onA["poll"].(map[string]any)
		media, _ := onA["media_attachments"].([]any)
		if poll == nil || len(poll["options"].([]any)) != 2 || len(media) != 1 || media[0].(map[string]any)["type"] != "image" {
			t.Fatalf("poll with media on A: %v", onA)
		}
	})

	t.Run("our scheduled poll reaches the other server", func(t *testing.T) {
		at := time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339)
		ss := bob.Post("/api/v1/statuses", map[string]any{"status": "Scheduled: soup or salad?", "scheduled_at": at,
			"poll": map[string]any{"options": []string{"soup", "salad"}, "expires_in": 3600}}).Obj()
		if ss["scheduled_at"] == nil || ss["params"] == nil {
			t.Fatalf("not scheduled: %v", ss)
		}
		harness.Eventually(t, "the scheduled poll in alice's home", func() bool {
			for _, st := range alice.Get("/api/v1/timelines/home").List() {
				if strings.Contains(st["content"].(string), "soup or salad") && st["poll"] != nil {
					return true
				}
			}
			return false
		})
	})

	t.Run("emoji reactions reach the author", func(t *testing.T) {
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "react to me"}).Obj()
		var onA map[string]any
		harness.Eventually(t, "post on A", func() bool { onA = alice.StatusByURI(p["uri"].(string)); return onA != nil })
		if r := alice.Do("PUT", "/api/v1/pleroma/statuses/"+onA["id"].(string)+"/reactions/🎉", nil); r.Status != 200 {
			t.Fatalf("react: %d %s", r.Status, r.Body)
		}
		harness.Eventually(t, "reaction on B", func() bool {
			st := bob.Get("/api/v1/statuses/" + p["id"].(string)).Obj()
			rs, _ := st["pleroma"].(map[string]any)["emoji_reactions"].([]any)
			return len(rs) == 1 && rs[0].(map[string]any)["name"] == "🎉"
		})
		if r := alice.Do("DELETE", "/api/v1/pleroma/statuses/"+onA["id"].(string)+"/reactions/🎉", nil); r.Status != 200 {
			t.Fatalf("unreact: %d %s", r.Status, r.Body)
		}
		harness.Eventually(t, "reaction removed on B", func() bool {
			st := bob.Get("/api/v1/statuses/" + p["id"].(string)).Obj()
			rs, _ := st["pleroma"].(map[string]any)["emoji_reactions"].([]any)
			return len(rs) == 0
		})
	})

	t.Run("edits reach followers", func(t *testing.T) {
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "first version"}).Obj()
		harness.Eventually(t, "post on A", func() bool { return alice.StatusByURI(p["uri"].(string)) != nil })
		if r := bob.Do("PUT", "/api/v1/statuses/"+p["id"].(string), map[string]any{"status": "second version"}); r.Status != 200 {
			t.Fatalf("edit: %d %s", r.Status, r.Body)
		}
		harness.Eventually(t, "edit on A", func() bool {
			st := alice.StatusByURI(p["uri"].(string))
			return st != nil && strings.Contains(st["content"].(string), "second version") && st["edited_at"] != nil
		})
	})

	t.Run("profile updates reach followers", func(t *testing.T) {
		if r := bob.Do("PATCH", "/api/v1/accounts/update_credentials", map[string]any{"display_name": "Bob B.", "note": "hello from B"}); r.Status != 200 {
			t.Fatalf("update_credentials: %d %s", r.Status, r.Body)
		}
		harness.Eventually(t, "new profile on A", func() bool {
			acct := alice.Get("/api/v1/accounts/" + bobOnA).Obj()
			return acct["display_name"] == "Bob B." && strings.Contains(acct["note"].(string), "hello from B")
		})
	})

	t.Run("locked accounts get follow requests", func(t *testing.T) {
		dave := b.User("dave", "--locked")
		erin := a.User("erin")
		daveOnA := erin.Find(dave)
		rel := erin.Post("/api/v1/accounts/"+daveOnA+"/follow", nil).Obj()
		if rel["following"] == true {
			t.Fatalf("followed a locked account at once: %v", rel)
		}
		var reqs []map[string]any
		harness.Eventually(t, "request reaches dave", func() bool {
			reqs = dave.Get("/api/v1/follow_requests").List()
			return len(reqs) == 1
		})
		dave.Post("/api/v1/follow_requests/"+reqs[0]["id"].(string)+"/authorize", nil)
		harness.Eventually(t, "erin follows dave", func() bool {
			rels := erin.Get("/api/v1/accounts/relationships?id[]=" + daveOnA).List()
			return rels[0]["following"] == true && rels[0]["requested"] == false
		})
	})

	t.Run("blocks cut the follow both ways", func(t *testing.T) {
		frank := b.User("frank")
		gina := a.User("gina")
		frankOnA := gina.Find(frank)
		gina.Post("/api/v1/accounts/"+frankOnA+"/follow", nil)
		harness.Eventually(t, "gina follows frank", func() bool {
			return len(frank.Get("/api/v1/accounts/"+frank.ID+"/followers").List()) == 1
		})
		ginaOnB := frank.Find(gina)
		frank.Post("/api/v1/accounts/"+ginaOnB+"/block", nil)
		if len(frank.Get("/api/v1/accounts/"+frank.ID+"/followers").List()) != 0 {
			t.Fatal("block kept the follower")
		}
		harness.Eventually(t, "A drops gina's follow of frank", func() bool {
			rels := gina.Get("/api/v1/accounts/relationships?id[]=" + frankOnA).List()
			return rels[0]["following"] == false
		})
		p := frank.Post("/api/v1/statuses", map[string]any{"status": "not for gina", "visibility": "private"}).Obj()
		if gina.StatusByURI(p["uri"].(string)) != nil {
			t.Fatal("blocked follower got a followers-only post")
		}
	})

	t.Run("unfollow", func(t *testing.T) {
		alice.Post("/api/v1/accounts/"+bobOnA+"/unfollow", nil)
		harness.Eventually(t, "B forgets the follower", func() bool {
			return len(bob.Get("/api/v1/accounts/"+bob.ID+"/followers").List()) == 0
		})
	})

	t.Run("a server that was down gets the delivery later", func(t *testing.T) {
		alice.Post("/api/v1/accounts/"+bobOnA+"/follow", nil)
		harness.Eventually(t, "following again", func() bool {
			rels := alice.Get("/api/v1/accounts/relationships?id[]=" + bobOnA).List()
			return rels[0]["following"] == true
		})
		a.Stop()
		p := bob.Post("/api/v1/statuses", map[string]any{"status": "while A was down"}).Obj()
		a.Start()
		harness.Eventually(t, "post delivered after A came back", func() bool { return alice.StatusByURI(p["uri"].(string)) != nil })
	})

	// Inventory §8 #23: a followers-only thread on B whose middle reply (by ivy, whom nobody on
	// A follows) never reaches A; bob's reply to it does, and must still show under the root.
	t.Run("partial followers-only threads stay together", func(t *testing.T) {
		ivy := b.User("ivy")
		if rel := ivy.Post("/api/v1/accounts/"+bob.ID+"/follow", nil).Obj(); rel["following"] != true {
			t.Fatalf("ivy's follow of bob: %v", rel)
		}
		root := bob.Post("/api/v1/statuses", map[string]any{"status": "thread root", "visibility": "private"}).Obj()
		// The middle reply mentions bob (so that he can answer it) and goes to ivy's followers.
		middle := ivy.Post("/api/v1/statuses", map[string]any{"status": "@bob middle, for ivy's followers",
			"in_reply_to_id": root["id"], "visibility": "private"}).Obj()
		end := bob.Post("/api/v1/statuses", map[string]any{"status": "the visible end",
			"in_reply_to_id": middle["id"], "visibility": "private"}).Obj()
		var rootOnA map[string]any
		harness.Eventually(t, "root and the last reply on A", func() bool {
			rootOnA = alice.StatusByURI(root["uri"].(string))
			return rootOnA != nil && alice.StatusByURI(end["uri"].(string)) != nil
		})
		if alice.StatusByURI(middle["uri"].(string)) != nil {
			t.Fatal("alice can see the middle reply of someone she does not follow")
		}
		harness.Eventually(t, "the last reply in the root's context on A", func() bool {
			desc := alice.Get("/api/v1/statuses/" + rootOnA["id"].(string) + "/context").Obj()["descendants"].([]any)
			return len(desc) == 1 && desc[0].(map[string]any)["uri"] == end["uri"]
		})
	})

	t.Run("a deleted account disappears from the other server", func(t *testing.T) {
		hal := b.User("hal")
		halOnA := alice.Find(hal)
		alice.Post("/api/v1/accounts/"+halOnA+"/follow", nil)
		harness.Eventually(t, "alice follows hal", func() bool {
			return len(hal.Get("/api/v1/accounts/"+hal.ID+"/followers").List()) == 1
		})
		p := hal.Post("/api/v1/statuses", map[string]any{"status": "soon gone"}).Obj()
		harness.Eventually(t, "hal's post on A", func() bool { return alice.StatusByURI(p["uri"].(string)) != nil })
		if out := b.Run("user", "delete", "hal", "--yes"); !strings.Contains(out, "deleted hal") {
			t.Fatalf("user delete: %s", out)
		}
		harness.Eventually(t, "hal and the post gone from A", func() bool {
			return alice.StatusByURI(p["uri"].(string)) == nil && alice.Get("/api/v1/accounts/"+halOnA).Status == 404
		})
		if len(alice.Get("/api/v1/accounts/"+alice.ID+"/following").List()) != 1 { // bob only
			t.Fatal("alice still follows the deleted account")
		}
		if code := harness.FetchAP(t, hal.ActorID()); code != 410 {
			t.Fatalf("actor of the deleted account: %d, want 410", code)
		}
		if r := hal.Get("/api/v1/accounts/verify_credentials"); r.Status != 401 {
			t.Fatalf("the deleted account's token still works: %d", r.Status)
		}
	})

	t.Run("an account moves and its followers follow the new one", func(t *testing.T) {
		bob2 := a.User("bob2")
		a.Run("user", "alias", "bob2", "--add", bob.Handle())
		out := b.Run("user", "move", "bob", "--to", bob2.Handle())
		if !strings.Contains(out, "moved to") {
			t.Fatalf("move: %s", out)
		}
		harness.Eventually(t, "alice follows bob2 after the Move", func() bool {
			rels := alice.Get("/api/v1/accounts/relationships?id[]=" + bob2.ID).List()
			return len(rels) == 1 && rels[0]["following"] == true
		})
		rels := alice.Get("/api/v1/accounts/relationships?id[]=" + bobOnA).List()
		if rels[0]["following"] != false {
			t.Fatalf("alice still follows the old account: %v", rels[0])
		}
	})
	_ = url.QueryEscape
}
