package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestTimelineRewritesMatchPlainScan checks that the home timeline's bounded query (a window, then
// a fan-in over followed authors) returns exactly what the plain scan filtered by the home
// condition returns, on a random graph with blocks, mutes (some expired), private and direct
// posts, boosts, media and tags, for dense and sparse viewers and many pages; and likewise
// the public and tag timelines, whose driving index SQLite is told.
func TestTimelineRewritesMatchPlainScan(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 7))
	const base = "http://localhost:4000"
	var users []*store.User
	for i := range 24 {
		nick := fmt.Sprintf("u%d", i)
		users = append(users, &store.User{APID: base + "/users/" + nick, Nickname: nick, Local: true,
			FollowersURL: base + "/users/" + nick + "/followers"})
	}
	if err := st.BulkInsertUsers(ctx, users); err != nil {
		t.Fatal(err)
	}
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	var rels []*store.Relationship
	for i, u := range users {
		for j, o := range users {
			r := rng.IntN(100)
			switch {
			case i == j:
			case i < 4 && r < 60, i >= 4 && i < 8 && r < 5: // dense and sparse followers; 8… follow nobody
				rels = append(rels, &store.Relationship{Type: store.RelFollow, Actor: u.APID, Object: o.APID})
			case r < 63:
				rels = append(rels, &store.Relationship{Type: store.RelBlock, Actor: u.APID, Object: o.APID})
			case r < 66:
				rels = append(rels, &store.Relationship{Type: store.RelMute, Actor: u.APID, Object: o.APID, ExpiresAt: &past})
			case r < 69:
				rels = append(rels, &store.Relationship{Type: store.RelMute, Actor: u.APID, Object: o.APID, ExpiresAt: &future})
			}
		}
	}
	if err := st.BulkInsertRelationships(ctx, rels); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-100 * time.Hour)
	var objs []*store.Object
	var notes []string
	for i := range 3000 {
		at := start.Add(time.Duration(i) * time.Minute)
		a := users[rng.IntN(len(users))]
		id := store.NewIDAt(at)
		o := &store.Object{ID: id, APID: base + "/objects/" + id, Actor: a.APID, Data: []byte(`{}`), Published: at, Local: true,
			Type: []string{"Note", "Note", "Note", "Question", "Announce", "Create"}[rng.IntN(6)]}
		switch r := rng.IntN(10); {
		case r < 5:
			o.Visibility, o.Recipients = ap.VisibilityPublic, []string{ap.Public, a.FollowersURL}
		case r < 6:
			o.Visibility, o.Recipients = ap.VisibilityUnlisted, []string{a.FollowersURL, ap.Public}
		case r < 8:
			o.Visibility, o.Recipients = ap.VisibilityPrivate, []string{a.FollowersURL}
		default:
			o.Visibility = ap.VisibilityDirect
		}
		if rng.IntN(4) == 0 { // addressed (mentioned) to someone
			o.Recipients = append(o.Recipients, users[rng.IntN(len(users))].APID)
		}
		if o.Type == "Announce" && len(notes) > 0 {
			o.Object = notes[rng.IntN(len(notes))]
		}
		if o.Type == "Note" {
			notes = append(notes, o.APID)
			o.HasMedia = rng.IntN(5) == 0
			if rng.IntN(3) == 0 {
				o.Hashtags = []string{"tag"}
			}
			if rng.IntN(4) == 0 && len(notes) > 1 {
				o.InReplyTo = notes[rng.IntN(len(notes)-1)]
			}
		}
		objs = append(objs, o)
	}
	if err := st.BulkInsertObjects(ctx, objs); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(objs))
	for i, o := range objs {
		ids[i] = o.ID
	}
	compared, nonEmpty := 0, 0
	for i, u := range users[:13] {
		for j := range 16 {
			tl := store.Timeline{Home: true, Viewer: u.APID, Page: store.Page{Limit: []int{1, 5, 20, 40}[rng.IntN(4)]}}
			if j%4 == 3 { // the public and tag timelines too (SQLite picks their index)
				tl.Home, tl.Public = false, true
			}
			if i == 12 {
				tl.Viewer = "" // anonymous
				tl.Home, tl.Public = false, true
			}
			switch rng.IntN(5) {
			case 0:
				tl.Page.MaxID = ids[rng.IntN(len(ids))]
			case 1:
				tl.Page.MinID, tl.MinIDAscend = ids[rng.IntN(len(ids))], rng.IntN(2) == 0
			case 2:
				tl.Page.MaxID, tl.Page.MinID = ids[len(ids)/2+rng.IntN(len(ids)/2)], ids[rng.IntN(len(ids)/2)]
			}
			tl.NoBoosts, tl.OnlyMedia = rng.IntN(4) == 0, rng.IntN(6) == 0
			switch rng.IntN(6) {
			case 0:
				tl.Tags = []string{"tag"}
			case 1:
				tl.Tags = []string{"nothing"}
			}
			got, err := st.Timeline(ctx, tl)
			if err != nil {
				t.Fatal(err)
			}
			want, err := store.PlainTimeline(ctx, &st.DB, tl)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := benchAPIDs(got), benchAPIDs(want); !slices.Equal(g, w) {
				t.Fatalf("%+v:\n got %d %v\nwant %d %v", tl, len(g), g, len(w), w)
			}
			compared++
			if len(want) > 0 {
				nonEmpty++
			}
		}
	}
	if nonEmpty < compared/2 {
		t.Fatalf("only %d of %d pages had rows: the dataset does not exercise the query", nonEmpty, compared)
	}
}

func benchAPIDs(list []*store.Object) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.APID
	}
	return out
}
