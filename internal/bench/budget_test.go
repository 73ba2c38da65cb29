package bench

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
)

// pageSizes are the page sizes every budget is checked at: the count of statements must not
// depend on them.
var pageSizes = []int{5, 20, 40}

// storeBudget is one store-level timeline: run sends the query for a page of n.
type storeBudget struct {
	name string
	run  func(ctx context.Context, db *store.Store, e *Env, n int) error
}

func storeBudgets() []storeBudget {
	tl := func(t func(e *Env) store.Timeline) func(context.Context, *store.Store, *Env, int) error {
		return func(ctx context.Context, db *store.Store, e *Env, n int) error {
			q := t(e)
			q.Page.Limit = n
			_, err := db.Timeline(ctx, q)
			return err
		}
	}
	home := func(u func(e *Env) *store.User) func(context.Context, *store.Store, *Env, int) error {
		return tl(func(e *Env) store.Timeline { return store.Timeline{Home: true, Viewer: u(e).APID} })
	}
	return []storeBudget{
		{"home", home(func(e *Env) *store.User { return e.Viewer })},
		{"home edge_nofollows", home(func(e *Env) *store.User { return e.NoFollows })},
		{"home edge_dormant", home(func(e *Env) *store.User { return e.Dormant })},
		{"public", tl(func(e *Env) store.Timeline { return store.Timeline{Public: true, Viewer: e.Viewer.APID} })},
		{"public anonymous", tl(func(e *Env) store.Timeline { return store.Timeline{Public: true} })},
		{"tag", tl(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Tags: []string{"bench"}, Viewer: e.Viewer.APID}
		})},
		{"tag rare", tl(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Tags: []string{"rare"}, Viewer: e.Viewer.APID}
		})},
		{"tag missing", tl(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Tags: []string{"missing"}, Viewer: e.Viewer.APID}
		})},
		{"tag only_media", tl(func(e *Env) store.Timeline {
			return store.Timeline{Public: true, Tags: []string{"bench"}, OnlyMedia: true, Viewer: e.Viewer.APID}
		})},
		{"notifications", func(ctx context.Context, db *store.Store, e *Env, n int) error {
			_, err := db.NotificationsPage(ctx, store.NotificationFilter{UserID: e.Viewer.ID, Page: store.Page{Limit: n}})
			return err
		}},
		{"reply counts", func(ctx context.Context, db *store.Store, e *Env, n int) error {
			oldest, err := db.Timeline(ctx, store.Timeline{Public: true, Page: store.Page{MinID: "0", Limit: 40}, MinIDAscend: true})
			if err != nil {
				return err
			}
			var parents []string
			for _, o := range oldest[:min(n, len(oldest))] {
				parents = append(parents, o.APID)
			}
			_, err = db.ReplyCounts(ctx, parents)
			return err
		}},
	}
}

// statements runs f on a recording store and returns what it sent.
func statements(t *testing.T, st *store.Store, f func(db *store.Store) error) []store.Statement {
	t.Helper()
	rec, take := st.Recording()
	if err := f(rec); err != nil {
		t.Fatal(err)
	}
	return take()
}

// TestTimelineQueryBudgets checks that each store-level timeline is one statement whatever
// the page size (the reply-count helper reads its parents first: two).
func TestTimelineQueryBudgets(t *testing.T) {
	st, env, _ := seeded(t)
	ctx := context.Background()
	for _, b := range storeBudgets() {
		want := 1
		if b.name == "reply counts" {
			want = 2
		}
		for _, n := range pageSizes {
			got := statements(t, st, func(db *store.Store) error { return b.run(ctx, db, env, n) })
			if len(got) != want {
				t.Errorf("%s, page of %d: %d statements, want %d", b.name, n, len(got), want)
			}
		}
	}
}

// TestTimelinesUseIndexes checks the plan of each timeline's statement: on PostgreSQL, with
// sequential scans disabled no Seq Scan remains (an index can serve it), and as planned
// normally it touches under half of the objects table's pages; on SQLite no big table is
// scanned without an index.
func TestTimelinesUseIndexes(t *testing.T) {
	st, env, _ := seeded(t)
	ctx := context.Background()
	pages := 0
	if st.Dialect().Name() == "postgres" {
		if err := st.SQL().QueryRowContext(ctx, `SELECT pg_relation_size('objects') / 8192`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range storeBudgets() {
		stmts := statements(t, st, func(db *store.Store) error { return b.run(ctx, db, env, 20) })
		main := stmts[len(stmts)-1]
		if st.Dialect().Name() == "sqlite" {
			plan, err := st.Explain(ctx, main, store.ExplainOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s:\n%s", b.name, plan)
			if m := fullScan.FindString(plan); m != "" {
				t.Errorf("%s scans a table without an index (%q):\n%s", b.name, m, plan)
			}
			continue
		}
		plan, err := st.Explain(ctx, main, store.ExplainOptions{NoSeqScan: true})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s needs a sequential scan:\n%s", b.name, plan)
		}
		plan, err = st.Explain(ctx, main, store.ExplainOptions{Analyze: true})
		if err != nil {
			t.Fatal(err)
		}
		n := topBuffers(plan)
		t.Logf("%s: %d of %d pages", b.name, n, pages)
		if n > pages/2 {
			t.Errorf("%s touches %d pages, the objects table has %d:\n%s", b.name, n, pages, plan)
		}
	}
}

// fullScan matches a SQLite plan line scanning a big table row by row.
var fullScan = regexp.MustCompile(`(?m)^\s*SCAN (objects|o|addressing|hashtags|relationships|notifications)( AS \w+)?\s*$`)

var buffersRE = regexp.MustCompile(`Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?`)

// topBuffers is the shared buffers hit and read by the top node of a PostgreSQL plan.
func topBuffers(plan string) int {
	m := buffersRE.FindStringSubmatch(plan)
	if m == nil {
		return 0
	}
	hit, _ := strconv.Atoi(m[1])
	read, _ := strconv.Atoi(m[2])
	return hit + read
}

// TestAPIQueryBudgets checks that the client API renders a page of statuses or a thread in
// a number of statements that does not depend on its size.
func TestAPIQueryBudgets(t *testing.T) {
	st, env, _ := seeded(t)
	ctx := context.Background()
	count := func(path string) int {
		got := statements(t, st, func(db *store.Store) error {
			_, err := env.With(db).get(ctx, path, env.Token)
			return err
		})
		return len(got)
	}
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/tag/bench",
		"/api/v1/timelines/tag/bench?only_media=true"} {
		var counts []int
		for _, n := range pageSizes {
			counts = append(counts, count(fmt.Sprintf("%s%slimit=%d", path, sep(path), n)))
		}
		if counts[0] != counts[1] || counts[1] != counts[2] {
			t.Errorf("%s: %v statements for pages of %v", path, counts, pageSizes)
		}
	}
	// A thread: the root alone, then with more replies below it.
	thread := func() int { return count("/api/v1/statuses/" + env.Root.ID + "/context") }
	before := thread()
	addReplies(t, st, env, 8)
	if after := thread(); after != before {
		t.Errorf("thread context: %d statements with one reply, %d with nine", before, after)
	}
}

// TestNotificationsAPIQueryBudget checks GET /api/v1/notifications the same way: the visibility
// of the page's statuses is checked in one query (store.VisibleIDs).
func TestNotificationsAPIQueryBudget(t *testing.T) {
	st, env, _ := seeded(t)
	ctx := context.Background()
	var counts []int
	for _, n := range pageSizes {
		got := statements(t, st, func(db *store.Store) error {
			_, err := env.With(db).get(ctx, fmt.Sprintf("/api/v1/notifications?limit=%d", n), env.Token)
			return err
		})
		counts = append(counts, len(got))
	}
	if counts[0] != counts[1] || counts[1] != counts[2] {
		t.Fatalf("%v statements for pages of %v: the count must not grow with the page", counts, pageSizes)
	}
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// addReplies adds n public replies to env.Root by remote authors, as the pipeline stores them.
func addReplies(t *testing.T, st *store.Store, env *Env, n int) {
	t.Helper()
	var rows []*store.Object
	for i := range n {
		author := fmt.Sprintf("https://remote%d.example/users/remote%d", i%RemoteDomains+1, i+1) // seeded users
		id := store.NewID()
		rows = append(rows, &store.Object{ID: id, APID: author + "/statuses/extra" + id, Type: "Note", Actor: author,
			Data:      []byte(`{"type":"Note","content":"<p>more</p>","inReplyTo":"` + env.Root.APID + `"}`),
			InReplyTo: env.Root.APID, Context: env.Root.Context, Visibility: "public",
			Recipients: []string{"https://www.w3.org/ns/activitystreams#Public"}})
	}
	if err := st.BulkInsertObjects(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
}
