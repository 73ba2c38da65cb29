package bench

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestSeedWritesTheSpecDataset checks the counts of the small seed against the spec's rules
// (inventory §7.2) and that the rows read like the pipeline's.
func TestSeedWritesTheSpecDataset(t *testing.T) {
	st := testutil.NewStore(t) // its own: other tests add rows to the shared one
	ctx := context.Background()
	res, err := Seed(ctx, st, smallSeed, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	env, err := NewEnv(ctx, st, "http://localhost:4000")
	if err != nil {
		t.Fatal(err)
	}
	o := res.Options
	posts := o.Days * o.PostsPerDay
	if res.Posts != posts || res.Replies != posts/20 || res.LocalUsers != 6 || res.RemoteUsers != 40 {
		t.Fatalf("counts: %+v", res)
	}
	if want := 4*12 + o.Dormant(); res.Follows != want || o.Dormant() != 4 {
		t.Fatalf("follows %d, want %d", res.Follows, want)
	}
	count := func(typ string) int {
		n, err := st.CountObjects(ctx, typ)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("Note"); n != posts+posts/20 {
		t.Fatalf("%d notes", n)
	}
	if n := count("Create"); n != posts+posts/20 {
		t.Fatalf("%d Create activities", n)
	}
	var media []*store.Object
	for page := (store.Page{Limit: 40}); ; {
		rows, err := st.Timeline(ctx, store.Timeline{Public: true, OnlyMedia: true, Page: page})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		media, page.MaxID = append(media, rows...), rows[len(rows)-1].ID
	}
	if len(media) != posts/100 {
		t.Fatalf("media: %d, want %d", len(media), posts/100)
	}
	rare, err := st.Timeline(ctx, store.Timeline{Public: true, Tags: []string{"rare"}, Page: store.Page{Limit: 40}})
	if err != nil || len(rare) != posts/500 {
		t.Fatalf("#rare: %d %v", len(rare), err)
	}
	// A note parses like one the API built, with its hashtags and addressing.
	doc, err := ap.Parse(media[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Type() != "Note" || doc.Visibility("") != ap.VisibilityPublic || len(doc.Objects("attachment")) != 1 {
		t.Fatalf("note: %s", media[0].Data)
	}
	tags, err := st.HashtagsOf(ctx, media[0].ID)
	if err != nil || len(tags) == 0 || tags[0] != "bench" {
		t.Fatalf("hashtags %v %v", tags, err)
	}
	rcpt, err := st.Recipients(ctx, media[0].ID)
	if err != nil || len(rcpt) != 2 {
		t.Fatalf("recipients %v %v", rcpt, err)
	}
	// The replies go to the oldest roots and mention their authors.
	counts, err := st.ReplyCounts(ctx, env.Parents)
	if err != nil || len(counts) != 20 {
		t.Fatalf("reply counts %v %v", counts, err)
	}
	ns, err := st.NotificationsPage(ctx, store.NotificationFilter{UserID: env.Viewer.ID, Page: store.Page{Limit: 80}})
	if err != nil || len(ns) == 0 {
		t.Fatalf("notifications of local1: %d %v", len(ns), err)
	}
	// edge_dormant follows the dormant users, who never post.
	follows, err := st.RelationshipObjects(ctx, store.RelFollow, env.Dormant.APID)
	if err != nil || len(follows) != o.Dormant() {
		t.Fatalf("edge_dormant follows %v %v", follows, err)
	}
	for _, f := range follows {
		if n, _ := st.StatusCounts(ctx, []string{f}); n[f] != 0 {
			t.Fatalf("dormant %s has %d statuses", f, n[f])
		}
	}
	// users.statuses_count, deferred during the load and recounted, adds up to the notes.
	var total, wrong int
	err = st.SQL().QueryRowContext(ctx, `SELECT coalesce(sum(statuses_count), 0), count(CASE WHEN statuses_count <> (SELECT count(*)
		FROM objects WHERE objects.actor = users.ap_id AND objects.type = 'Note') THEN 1 END) FROM users`).Scan(&total, &wrong)
	if err != nil || total != posts+posts/20 || wrong != 0 {
		t.Fatalf("statuses_count: total %d, %d users wrong, %v", total, wrong, err)
	}
	var c struct{ Type string }
	if err := json.Unmarshal(rare[0].Data, &c); err != nil || c.Type != "Note" {
		t.Fatalf("rare: %v %+v", err, c)
	}
}

// TestSeedRefusesRealData checks that a database with an account the seed did not create is
// left alone unless Force is given.
func TestSeedRefusesRealData(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	if err := st.CreateUser(ctx, &store.User{APID: "http://localhost:4000/users/alice", Nickname: "alice", Local: true}); err != nil {
		t.Fatal(err)
	}
	tiny := SeedOptions{LocalUsers: 1, RemoteUsers: 2, Days: 1, PostsPerDay: 10, FollowsPerUser: 1, Seed: 1}
	if _, err := Seed(ctx, st, tiny, io.Discard); !errors.Is(err, ErrRealData) {
		t.Fatalf("seed over real data: %v", err)
	}
	if _, err := st.LocalUser(ctx, "alice"); err != nil {
		t.Fatalf("alice is gone: %v", err)
	}
	tiny.Force = true
	if _, err := Seed(ctx, st, tiny, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LocalUser(ctx, "alice"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("alice survived a forced seed: %v", err)
	}
	// A second seed over benchmark data needs no Force.
	tiny.Force = false
	if _, err := Seed(ctx, st, tiny, io.Discard); err != nil {
		t.Fatalf("reseed: %v", err)
	}
}
