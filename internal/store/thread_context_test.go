package store_test

import (
	"context"
	"testing"

	"github.com/egregoros/egregoros/internal/testutil"
)

// TestThreadDescendantsKeepsPartialThreads: a thread whose middle reply never reached us (a
// followers-only reply of someone we do not follow) still shows the replies below it under the
// root, through their shared context; a status of another conversation does not join, a
// hidden orphan stays hidden, and a reply's own context is its plain descendants.
func TestThreadDescendantsKeepsPartialThreads(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	th := &threadBuilder{t: t, st: st}
	const c = "https://local.test/contexts/1"
	root := th.add("https://r.test/1", xBob, "", c)
	direct := th.add("https://r.test/2", xCarol, root.APID, c)
	// https://r.test/missing (by dave) is not stored; r.test/3 answers it, r.test/4 answers r.test/3.
	orphan := th.add("https://r.test/3", xBob, "https://r.test/missing", c)
	below := th.add("https://r.test/4", xCarol, orphan.APID, c)
	th.add("https://r.test/5", xBob, "https://r.test/elsewhere", "https://local.test/contexts/2")
	th.add("https://r.test/6", xBob, "https://r.test/missing", c, xCarol) // a DM to carol

	got, err := st.ThreadDescendants(ctx, root, xAlice, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{direct.APID, orphan.APID, below.APID}
	if !sameIDs(xIDs(got), want) {
		t.Fatalf("descendants of the root = %v, want %v", xIDs(got), want)
	}
	if got, _ := st.ThreadDescendants(ctx, root, xCarol, 100); len(got) != 4 {
		t.Fatalf("carol, the DM's addressee, sees %v", xIDs(got))
	}
	if got, _ := st.ThreadDescendants(ctx, root, xAlice, 2); len(got) != 2 {
		t.Fatalf("limit 2 gave %v", xIDs(got))
	}
	if got, _ := st.ThreadDescendants(ctx, direct, xAlice, 100); len(got) != 0 {
		t.Fatalf("descendants of a reply = %v", xIDs(got))
	}
}
