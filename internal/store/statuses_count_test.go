package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestStatusCountsFollowInsertsAndDeletes checks that users.statuses_count (migration 0012)
// equals the count of the account's Notes and Questions after inserts, duplicate inserts,
// other types, deletes, an account stored after its statuses, and a recount.
func TestStatusCountsFollowInsertsAndDeletes(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	alice := &store.User{APID: "http://localhost:4000/users/alice", Nickname: "alice", Local: true}
	if err := st.CreateUser(ctx, alice); err != nil {
		t.Fatal(err)
	}
	late := "https://r.test/users/late"
	n := 0
	insert := func(actor, typ string) string {
		t.Helper()
		n++
		o := &store.Object{APID: actor + "/s/" + string(rune('a'+n)), Type: typ, Actor: actor,
			Data: []byte(`{}`), Visibility: ap.VisibilityPublic}
		if _, err := st.InsertObject(ctx, o); err != nil {
			t.Fatal(err)
		}
		return o.APID
	}
	brute := func(actor string) int {
		var c int
		q := `SELECT count(*) FROM objects WHERE actor = ? AND type IN ('Note', 'Question')`
		if st.Dialect().Name() == "postgres" {
			q = strings.Replace(q, "?", "$1", 1)
		}
		if err := st.SQL().QueryRowContext(ctx, q, actor).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	check := func(step string, want map[string]int) {
		t.Helper()
		got, err := st.StatusCounts(ctx, []string{alice.APID, late})
		if err != nil {
			t.Fatal(err)
		}
		for actor, w := range want {
			if got[actor] != w || brute(actor) != w {
				t.Fatalf("%s: %s has %d statuses (counted %d), want %d", step, actor, got[actor], brute(actor), w)
			}
		}
	}
	first := insert(alice.APID, "Note")
	insert(alice.APID, "Question")
	insert(alice.APID, "Like")
	insert(alice.APID, "Create")
	check("inserts", map[string]int{alice.APID: 2})
	// The same ap_id again is no insert.
	if _, err := st.InsertObject(ctx, &store.Object{APID: first, Type: "Note", Actor: alice.APID, Data: []byte(`{}`), Visibility: ap.VisibilityPublic}); err != nil {
		t.Fatal(err)
	}
	check("duplicate", map[string]int{alice.APID: 2})
	if _, err := st.DeleteObject(ctx, first); err != nil {
		t.Fatal(err)
	}
	check("delete", map[string]int{alice.APID: 1})
	// Statuses stored before their author: the account starts from them.
	insert(late, "Note")
	insert(late, "Note")
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: late, Nickname: "late", Domain: "r.test"}); err != nil {
		t.Fatal(err)
	}
	check("account after its statuses", map[string]int{late: 2})
	insert(late, "Note")
	check("insert after", map[string]int{late: 3, alice.APID: 1})
	// Upserting the account again keeps its count.
	if err := st.UpsertRemoteUser(ctx, &store.User{APID: late, Nickname: "late", Domain: "r.test", Name: "L"}); err != nil {
		t.Fatal(err)
	}
	check("upsert", map[string]int{late: 3})
	if err := st.RecountStatuses(ctx); err != nil {
		t.Fatal(err)
	}
	check("recount", map[string]int{late: 3, alice.APID: 1})
}
