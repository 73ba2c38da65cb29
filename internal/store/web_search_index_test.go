package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// SearchableText is what Mastodon indexes: the content warning, the text without markup, the
// poll's options and the media descriptions.
func TestSearchableText(t *testing.T) {
	doc := `{"summary":"Spoiler &amp; more","content":"<p>Hello <a href=\"https://x.example/@bob\" class=\"mention\">@<span>bob</span></a></p>",
		"oneOf":[{"name":"Yes"},{"name":"No"}],"attachment":[{"type":"Document","name":"a red fox"}]}`
	want := "Spoiler & more\nHello @bob\nYes\nNo\na red fox"
	if got := store.SearchableText(json.RawMessage(doc)); got != want {
		t.Fatalf("searchable text %q, want %q", got, want)
	}
	if got := store.SearchableText(json.RawMessage(`{"content":"x","attachment":{"name":"one"}}`)); got != "x\none" {
		t.Fatalf("single attachment: %q", got)
	}
}

// The index follows the object: written with it, rewritten when it is replaced, removed with
// it (on SQLite the FTS5 index stays consistent: its integrity check passes).
func TestSearchIndexFollowsTheObject(t *testing.T) {
	st := testutil.NewStore(t)
	ctx := context.Background()
	note := func(content string) *store.Object {
		data, _ := json.Marshal(map[string]any{"id": "https://far.example/notes/1", "type": "Note",
			"attributedTo": "https://far.example/users/f", "content": content, "to": []any{ap.Public}})
		return &store.Object{APID: "https://far.example/notes/1", Type: "Note", Actor: "https://far.example/users/f",
			Data: data, Visibility: ap.VisibilityPublic, Recipients: []string{ap.Public}}
	}
	found := func(q string) int {
		t.Helper()
		rows, err := st.SearchStatuses(ctx, q, "", time.Time{}, "", 20)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	if _, err := st.InsertObject(ctx, note("<p>a striped zebra</p>")); err != nil {
		t.Fatal(err)
	}
	if found("Zebra!") != 1 || found("striped zebra") != 1 || found("zebra horse") != 0 || found("p") != 0 || found("!!") != 0 {
		t.Fatal("inserted note not found as expected")
	}
	if err := st.ReplaceObject(ctx, note("<p>a spotted okapi</p>")); err != nil {
		t.Fatal(err)
	}
	if found("zebra") != 0 || found("okapi") != 1 {
		t.Fatal("replaced note not reindexed")
	}
	if ok, err := st.DeleteObject(ctx, "https://far.example/notes/1"); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if found("okapi") != 0 {
		t.Fatal("deleted note found")
	}
	var n int
	if err := st.SQL().QueryRow(`SELECT count(*) FROM status_search`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows left in status_search: %v", n, err)
	}
	if testutil.Dialect() == "sqlite" {
		if _, err := st.SQL().Exec(`INSERT INTO status_search_fts (status_search_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Fatalf("FTS5 index out of step with status_search: %v", err)
		}
	}
}
