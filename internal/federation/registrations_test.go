package federation_test

import (
	"context"
	"testing"
)

// TestNodeInfoFollowsTheRegistrationsSetting: once the admin page sets registrations, NodeInfo
// advertises that choice whatever EGREGOROS_REGISTRATIONS_OPEN says.
func TestNodeInfoFollowsTheRegistrationsSetting(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	open := func() any { return decode(t, f.get("/nodeinfo/2.0", ""))["openRegistrations"] }
	f.fed.OpenSignups = false
	if got := open(); got != false {
		t.Fatalf("default: %v", got)
	}
	if err := f.st.SetRegistrationsOpen(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := open(); got != true {
		t.Fatalf("opened on the admin page: %v", got)
	}
	f.fed.OpenSignups = true
	if err := f.st.SetRegistrationsOpen(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got := open(); got != false {
		t.Fatalf("closed on the admin page over an open default: %v", got)
	}
}
