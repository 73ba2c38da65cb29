package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestWebSearchKeepsIDsOrdered: the status search bounds ids by a past time
// without disturbing the order of new ids made in the same millisecond.
func TestWebSearchKeepsIDsOrdered(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	for range 100 {
		before := store.NewID()
		if _, err := st.SearchStatuses(ctx, "x", "", time.Now().Add(-time.Hour), "", 5); err != nil {
			t.Fatal(err)
		}
		if after := store.NewID(); after <= before {
			t.Fatalf("id %s made after %s sorts before it", after, before)
		}
	}
}
