package mastodon_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestUpdateCredentialsForm(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	fed := a.acctFederating()
	alice, bob := a.user("alice"), a.user("bob")
	at := a.token(alice, "read", "write")
	form := url.Values{
		"display_name": {"Alice <3"}, "note": {"Hi @bob, see #Go & https://example.com"},
		"locked": {"true"}, "bot": {"1"}, "discoverable": {"false"},
		"fields_attributes[0][name]": {"Site"}, "fields_attributes[0][value]": {"https://alice.example"},
		"fields_attributes[1][name]": {""}, "fields_attributes[1][value]": {""},
		"fields_attributes[2][name]": {"Pronouns"}, "fields_attributes[2][value]": {"she/her <b>"},
		"source[privacy]": {"unlisted"}, "source[sensitive]": {"true"}, "source[language]": {"fr"},
	}
	r := a.do("PATCH", "/api/v1/accounts/update_credentials", at, form)
	acctSchema(t, "CredentialAccount", r.Body.Bytes())
	acct := acctOK(t, r)
	if acct["display_name"] != "Alice <3" || acct["locked"] != true || acct["bot"] != true || acct["discoverable"] != false {
		t.Fatalf("profile %v", acct)
	}
	note := acct["note"].(string)
	for _, want := range []string{`href="` + base + `/@bob"`, `href="` + base + `/tags/go"`, "&amp;", `href="https://example.com"`} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	fields := acct["fields"].([]any)
	if len(fields) != 2 || fields[0].(map[string]any)["name"] != "Site" ||
		!strings.Contains(fields[0].(map[string]any)["value"].(string), `href="https://alice.example"`) ||
		fields[1].(map[string]any)["value"] != "she/her &lt;b&gt;" {
		t.Fatalf("fields %v", fields)
	}
	src := acct["source"].(map[string]any)
	if src["note"] != "Hi @bob, see #Go & https://example.com" || src["privacy"] != "unlisted" || src["sensitive"] != true ||
		src["language"] != "fr" || src["fields"].([]any)[1].(map[string]any)["value"] != "she/her <b>" {
		t.Fatalf("source %v", src)
	}

	// verify_credentials reads the same source; others see the profile but not the source.
	if v := acctOK(t, a.do("GET", "/api/v1/accounts/verify_credentials", at, nil)); v["source"].(map[string]any)["note"] != src["note"] {
		t.Fatalf("verify_credentials source %v", v["source"])
	}
	pub := acctOK(t, a.do("GET", "/api/v1/accounts/"+alice.ID, a.token(bob, "read"), nil))
	if pub["display_name"] != "Alice <3" || pub["source"] != nil || pub["role"] != nil {
		t.Fatalf("seen by bob %v", pub)
	}
	if b := acctOK(t, a.do("GET", "/api/v1/accounts/"+bob.ID, "", nil)); b["display_name"] != "" || b["locked"] != false {
		t.Fatalf("bob changed too: %v", b)
	}

	// The new profile is federated: an Update of the actor, now a Service (a bot).
	ups := fed.ofType("Update")
	if len(ups) != 1 {
		t.Fatalf("%d Updates delivered", len(ups))
	}
	person := ups[0]["object"].(map[string]any)
	if person["id"] != alice.APID || person["type"] != "Service" || person["name"] != "Alice <3" ||
		person["manuallyApprovesFollowers"] != true || person["summary"] != note ||
		len(person["attachment"].([]any)) != 2 || ups[0]["cc"].([]any)[0] != alice.FollowersURL {
		t.Fatalf("Update %v", ups[0])
	}
	if person["publicKey"].(map[string]any)["publicKeyPem"] == "" {
		t.Fatal("actor document without its key")
	}
}

func TestUpdateCredentialsJSONShapes(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	at := a.token(alice, "write:accounts", "read:accounts")
	r := a.do("PATCH", "/api/v1/accounts/update_credentials", at, map[string]any{
		"note": "first", "fields_attributes": []any{map[string]any{"name": "a", "value": "1"}, map[string]any{"name": "b", "value": "2"}},
		"source": map[string]any{"privacy": "private"}, "bot": false,
	})
	acct := acctOK(t, r)
	if len(acct["fields"].([]any)) != 2 || acct["source"].(map[string]any)["privacy"] != "private" || acct["note"] != "<p>first</p>" {
		t.Fatalf("JSON array %v", acct)
	}
	// An object keyed by index, as some clients send; a note set to "" clears it.
	acct = acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at,
		`{"note": "", "fields_attributes": {"1": {"name": "z", "value": "26"}, "0": {"name": "y", "value": "25"}}}`))
	fields := acct["fields"].([]any)
	if acct["note"] != "" || len(fields) != 2 || fields[0].(map[string]any)["name"] != "y" || fields[1].(map[string]any)["name"] != "z" {
		t.Fatalf("JSON object %v", acct)
	}
	// What is not given is kept.
	acct = acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, map[string]any{"display_name": "A"}))
	if len(acct["fields"].([]any)) != 2 || acct["source"].(map[string]any)["privacy"] != "private" {
		t.Fatalf("kept %v", acct)
	}
	// An empty fields_attributes clears the fields.
	acct = acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, url.Values{"fields_attributes[0][name]": {""}}))
	if len(acct["fields"].([]any)) != 0 {
		t.Fatalf("cleared %v", acct["fields"])
	}
}

func TestUpdateCredentialsRefusals(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice := a.user("alice")
	at := a.token(alice, "read", "write")
	long := func(n int) string { return strings.Repeat("é", n) }
	for name, body := range map[string]url.Values{
		"display name": {"display_name": {long(31)}},
		"note":         {"note": {long(501)}},
		"field name":   {"fields_attributes[0][name]": {long(256)}, "fields_attributes[0][value]": {"v"}},
		"field value":  {"fields_attributes[0][name]": {"n"}, "fields_attributes[0][value]": {long(256)}},
		"five fields":  {"fields_attributes[][name]": {"a", "b", "c", "d", "e"}, "fields_attributes[][value]": {"1", "2", "3", "4", "5"}},
		"privacy":      {"source[privacy]": {"everyone"}},
		"language":     {"source[language]": {"english"}},
		"boolean":      {"locked": {"maybe"}},
		"blank rows":   acctBlankFields(17),
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, body), 422)
		})
	}
	// Nothing was saved.
	if acct := acctOK(t, a.do("GET", "/api/v1/accounts/verify_credentials", at, nil)); acct["display_name"] != "" || acct["locked"] != false {
		t.Fatalf("refused update saved: %v", acct)
	}
	// A file upload is refused when the server has no media service (profile_media_test.go has the rest).
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("display_name", "With avatar")
	fw, _ := mw.CreateFormFile("avatar", "a.png")
	_, _ = fw.Write([]byte("\x89PNG\r\n\x1a\n"))
	_ = mw.Close()
	req := httptest.NewRequest("PATCH", "/api/v1/accounts/update_credentials", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+at)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	wantError(t, response{rec, t}, 422)

	wantError(t, a.do("PATCH", "/api/v1/accounts/update_credentials", "", url.Values{"display_name": {"x"}}), 401)
	wantError(t, a.do("PATCH", "/api/v1/accounts/update_credentials", a.token(alice, "read"), url.Values{"display_name": {"x"}}), 403)
}

// acctBlankFields is fields_attributes with n blank rows: too many to read, blank or not.
func acctBlankFields(n int) url.Values {
	v := url.Values{}
	for i := range n {
		v.Set(fmt.Sprintf("fields_attributes[%d][name]", i), "")
	}
	return v
}

func TestUnlockingAcceptsPendingRequests(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	alice, bob := a.user("alice"), a.user("bob")
	at, bt := a.token(alice, "read", "write", "follow"), a.token(bob, "read", "write", "follow")
	acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, url.Values{"locked": {"true"}}))
	if r := acctOK(t, a.do("POST", "/api/v1/accounts/"+alice.ID+"/follow", bt, nil)); r["requested"] != true {
		t.Fatalf("follow of locked %v", r)
	}
	acctOK(t, a.do("PATCH", "/api/v1/accounts/update_credentials", at, url.Values{"locked": {"false"}}))
	if r := a.acctRel(bt, alice.ID); r["following"] != true || r["requested"] != false {
		t.Fatalf("after unlock %v", r)
	}
}
