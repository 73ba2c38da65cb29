package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestWebSearchKeepsIDsOrdered: the search and explore queries bound ids by a past time
// without disturbing the order of new ids made in the same millisecond.
func TestWebSearchKeepsIDsOrdered(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	for range 100 {
		before := store.NewID()
		if _, err := st.PopularTags(ctx, time.Now().Add(-7*24*time.Hour), 10); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SearchStatuses(ctx, "x", "", time.Now().Add(-time.Hour), "", 5); err != nil {
			t.Fatal(err)
		}
		if after := store.NewID(); after <= before {
			t.Fatalf("id %s made after %s sorts before it", after, before)
		}
	}
}
