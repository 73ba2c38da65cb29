package federation_test

import (
	"context"
	"testing"
)

// Pleroma-FE asks for /nodeinfo/2.0.json and reads the metadata the client API adds.
func TestNodeInfoJSONPathAndMetadata(t *testing.T) {
	f := newFixture(t)
	f.fed.Metadata = func(context.Context) (map[string]any, error) {
		return map[string]any{"uploadLimits": map[string]int{"general": 7}, "features": []string{"polls"}}, nil
	}
	for _, v := range []string{"2.0", "2.1"} {
		rec := f.get("/nodeinfo/"+v+".json", "")
		if rec.Code != 200 {
			t.Fatalf("/nodeinfo/%s.json: %d", v, rec.Code)
		}
		m := decode(t, rec)
		meta := m["metadata"].(map[string]any)
		if m["version"] != v || meta["nodeName"] != "127.0.0.1:4721" ||
			meta["uploadLimits"].(map[string]any)["general"] != float64(7) || len(meta["features"].([]any)) != 1 {
			t.Fatalf("nodeinfo %s: %v", v, m)
		}
	}
	if rec := f.get("/nodeinfo/2.2.json", ""); rec.Code != 404 {
		t.Fatalf("nodeinfo 2.2.json: %d", rec.Code)
	}
}
