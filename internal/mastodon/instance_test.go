package mastodon_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
)

func TestInstanceV2(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	admin, err := auth.CreateLocal(a.ctx, a.st, base, auth.NewUser{Nickname: "boss", Password: "password123", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	a.user("alice")
	r := a.do("GET", "/api/v2/instance", "", nil)
	acctSchema(t, "Instance", r.Body.Bytes())
	in := acctOK(t, r)
	if in["domain"] != "localhost:4000" || in["version"] != "4.5.0 (compatible; Egregoros 0.1.0)" ||
		in["usage"].(map[string]any)["users"].(map[string]any)["active_month"] != float64(2) {
		t.Fatalf("instance %v", in)
	}
	cfg := in["configuration"].(map[string]any)
	if cfg["urls"].(map[string]any)["streaming"] != "ws://localhost:4000" ||
		cfg["statuses"].(map[string]any)["max_characters"] != float64(5000) ||
		cfg["polls"].(map[string]any)["max_options"] != float64(4) ||
		cfg["accounts"].(map[string]any)["max_featured_tags"] != float64(10) {
		t.Fatalf("configuration %v", cfg)
	}
	media := cfg["media_attachments"].(map[string]any)
	types := media["supported_mime_types"].([]any)
	if media["image_size_limit"] != float64(16<<20) || media["video_size_limit"] != float64(100<<20) ||
		!slices.Contains(types, any("image/webp")) || !slices.Contains(types, any("audio/wav")) {
		t.Fatalf("media %v", media)
	}
	if in["registrations"].(map[string]any)["enabled"] != false {
		t.Fatalf("registrations %v", in["registrations"])
	}
	if acct := in["contact"].(map[string]any)["account"].(map[string]any); acct["id"] != admin.ID {
		t.Fatalf("contact %v", acct)
	}
	a.svc.RegistrationsOpen = true
	if in := acctOK(t, a.do("GET", "/api/v2/instance", "", nil)); in["registrations"].(map[string]any)["enabled"] != true {
		t.Fatalf("open registrations %v", in["registrations"])
	}
}

func TestInstanceV1(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	a.acctRemote("bob", "one.example")
	a.acctRemote("carol", "one.example")
	a.acctRemote("dave", "two.example")
	a.do("POST", "/api/v1/statuses", a.token(alice, "write"), map[string]any{"status": "counted"})
	r := a.do("GET", "/api/v1/instance", "", nil)
	acctSchema(t, "V1Instance", r.Body.Bytes())
	in := acctOK(t, r)
	stats := in["stats"].(map[string]any)
	if in["uri"] != "localhost:4000" || stats["user_count"] != float64(1) || stats["status_count"] != float64(1) ||
		stats["domain_count"] != float64(2) || in["urls"].(map[string]any)["streaming_api"] != "ws://localhost:4000" ||
		in["contact_account"] != nil || in["max_toot_chars"] != float64(5000) {
		t.Fatalf("instance %v", in)
	}
	if !strings.HasPrefix(in["version"].(string), "4.5.0") {
		t.Fatalf("version %v", in["version"])
	}

	r = a.do("GET", "/api/v1/instance/peers", "", nil)
	var peers []string
	r.json(&peers)
	if !slices.Equal(peers, []string{"one.example", "two.example"}) {
		t.Fatalf("peers %v", peers)
	}

	var weeks []map[string]string
	a.do("GET", "/api/v1/instance/activity", "", nil).json(&weeks)
	if len(weeks) != 12 || weeks[0]["statuses"] != "1" || weeks[0]["registrations"] != "1" || weeks[0]["logins"] != "0" ||
		weeks[1]["statuses"] != "0" {
		t.Fatalf("activity %v", weeks)
	}
	start, _ := strconv.ParseInt(weeks[0]["week"], 10, 64)
	if w := time.Unix(start, 0).UTC(); w.Weekday() != time.Monday || time.Since(w) > 7*24*time.Hour || time.Since(w) < 0 {
		t.Fatalf("current week starts %v", w)
	}
}

func TestInstanceTexts(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	for path, schema := range map[string]string{
		"/api/v1/instance/rules":                "[]Rule",
		"/api/v1/instance/domain_blocks":        "[]DomainBlock",
		"/api/v1/instance/extended_description": "ExtendedDescription",
		"/api/v1/instance/privacy_policy":       "PrivacyPolicy",
		"/api/v1/custom_emojis":                 "[]CustomEmoji",
	} {
		r := a.do("GET", path, "", nil)
		if r.Code != 200 {
			t.Fatalf("%s: %d", path, r.Code)
		}
		acctSchema(t, schema, r.Body.Bytes())
	}
	wantError(t, a.do("GET", "/api/v1/instance/terms_of_service", "", nil), 404)
	for _, path := range []string{"/api/pleroma/frontend_configurations", "/api/v1/instance/translation_languages"} {
		if r := a.do("GET", path, "", nil); r.Code != 200 || strings.TrimSpace(r.Body.String()) != "{}" {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body.String())
		}
	}
	var langs []map[string]string
	a.do("GET", "/api/v1/instance/languages", "", nil).json(&langs)
	english := slices.ContainsFunc(langs, func(l map[string]string) bool { return l["code"] == "en" && l["name"] == "English" })
	if len(langs) < 180 || !english {
		t.Fatalf("%d languages", len(langs))
	}
}
