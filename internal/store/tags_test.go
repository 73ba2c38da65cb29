package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// TestTagHistoryKeepsIDsOrdered: reading a tag's history (which bounds ids by past days) must
// not disturb the order of new ids made in the same millisecond.
func TestTagHistoryKeepsIDsOrdered(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	for range 200 {
		before := store.NewID()
		if _, err := st.TagHistory(ctx, "go", 7, time.Now()); err != nil {
			t.Fatal(err)
		}
		if after := store.NewID(); after <= before {
			t.Fatalf("id %s made after %s sorts before it", after, before)
		}
	}
}
