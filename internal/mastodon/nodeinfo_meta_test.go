package mastodon_test

import (
	"slices"
	"testing"

	"github.com/egregoros/egregoros/internal/auth"
)

// NodeInfo's metadata has every object Pleroma-FE reads (it stops at the first one missing),
// and the same features and limits as /api/v1/instance.
func TestNodeInfoMetadata(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	meta, err := a.svc.NodeInfoMetadata(a.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"features", "postFormats", "fieldsLimits", "uploadLimits", "pollLimits", "suggestions",
		"federation", "staffAccounts", "restrictedNicknames", "accountActivationRequired", "mailerEnabled", "private", "upstream"} {
		if _, ok := meta[k]; !ok {
			t.Errorf("no %s in %v", k, meta)
		}
	}
	if staff := meta["staffAccounts"].([]string); len(staff) != 0 {
		t.Fatalf("staff of a server without admins: %v", staff)
	}
	in := acctOK(t, a.do("GET", "/api/v1/instance", "", nil))
	pm := in["pleroma"].(map[string]any)["metadata"].(map[string]any)
	var features []string
	for _, f := range pm["features"].([]any) {
		features = append(features, f.(string))
	}
	if !slices.Equal(features, meta["features"].([]string)) || !slices.Contains(features, "editing") {
		t.Fatalf("instance features %v, nodeinfo %v", features, meta["features"])
	}
	a.svc.Push.PublicKey = "BVapidKey"
	if in := acctOK(t, a.do("GET", "/api/v1/instance", "", nil)); in["pleroma"].(map[string]any)["vapid_public_key"] != "BVapidKey" {
		t.Fatalf("pleroma.vapid_public_key of %v", in["pleroma"])
	}
	polls := in["poll_limits"].(map[string]any)
	if int(polls["max_options"].(float64)) != meta["pollLimits"].(map[string]int)["max_options"] {
		t.Fatalf("poll limits %v and %v", polls, meta["pollLimits"])
	}
	boss, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: "boss", Password: "password123", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	meta, _ = a.svc.NodeInfoMetadata(a.ctx)
	if staff := meta["staffAccounts"].([]string); len(staff) != 1 || staff[0] != boss.APID {
		t.Fatalf("staff %v", staff)
	}
}
