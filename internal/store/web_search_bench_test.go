package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// searchSeedSize is how many public statuses BenchmarkSearchStatuses searches.
const searchSeedSize = 50_000

// seedSearch stores n public statuses of 20 words each from a 2,000-word vocabulary by 50
// authors; one in 5,000 also says "zebra", every other one says "common".
func seedSearch(tb testing.TB, st *store.Store, n int) []*store.User {
	tb.Helper()
	ctx := context.Background()
	var users []*store.User
	for i := range 50 {
		u := &store.User{APID: fmt.Sprintf("https://remote.example/users/u%d", i), Nickname: fmt.Sprintf("u%d", i),
			Domain: "remote.example", Discoverable: true}
		users = append(users, u)
	}
	if err := st.BulkInsertUsers(ctx, users); err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 2000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx", i)
	}
	start := time.Now().Add(-time.Duration(n) * time.Second)
	objs := make([]*store.Object, 0, n)
	for i := range n {
		words := make([]string, 20)
		for j := range words {
			words[j] = vocab[r.IntN(len(vocab))]
		}
		if i%5000 == 0 {
			words[3] = "zebra"
		}
		if i%2 == 0 {
			words[7] = "common"
		}
		author := users[i%len(users)]
		apID := fmt.Sprintf("%s/notes/%d", author.APID, i)
		data, _ := json.Marshal(map[string]any{"id": apID, "type": "Note", "attributedTo": author.APID,
			"content": "<p>" + strings.Join(words, " ") + "</p>", "to": []any{ap.Public}})
		t := start.Add(time.Duration(i) * time.Second)
		objs = append(objs, &store.Object{ID: store.NewIDAt(t), APID: apID, Type: "Note", Actor: author.APID, Data: data,
			Published: t, Visibility: ap.VisibilityPublic, Recipients: []string{ap.Public}})
	}
	for len(objs) > 0 {
		k := min(5000, len(objs))
		if err := st.BulkInsertObjects(ctx, objs[:k]); err != nil {
			tb.Fatal(err)
		}
		objs = objs[k:]
	}
	if _, err := st.SQL().Exec(`ANALYZE`); err != nil { // as autovacuum (PostgreSQL) or PRAGMA optimize would
		tb.Fatal(err)
	}
	return users
}

// BenchmarkSearchStatuses: a rare word (10 statuses), a medium one (about 1%) and a common
// one (every other status) among 50,000 statuses, anonymous (the web search) and signed in,
// first page of 20; like-* is the LIKE query the index replaced, on the same table.
func BenchmarkSearchStatuses(b *testing.B) {
	st := testutil.NewStore(b)
	users := seedSearch(b, st, searchSeedSize)
	ctx := context.Background()
	since := time.Now().Add(-365 * 24 * time.Hour)
	// The query before the full-text index (issue 4): the text of every status of the window
	// read and matched with LIKE, for a visitor.
	like := `SELECT o.id FROM objects o WHERE o.type IN ('Note', 'Question') AND o.id > ? AND lower(o.data->>'content') LIKE ?
		AND o.visibility IN ('public', 'unlisted') ORDER BY o.id DESC LIMIT 20`
	if testutil.Dialect() == "sqlite" {
		like = strings.Replace(like, `o.data->>'content'`, `json_extract(o.data, '$.content')`, 1)
	} else {
		like = strings.Replace(strings.Replace(like, "o.id > ?", "o.id > $1", 1), "LIKE ?", "LIKE $2", 1)
	}
	for _, q := range []string{"zebra", "w5x", "common"} {
		b.Run("like-"+q, func(b *testing.B) {
			for b.Loop() {
				rows, err := st.SQL().QueryContext(ctx, like, store.NewIDAt(since)[:10], "%"+q+"%")
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				if rows.Close(); n == 0 {
					b.Fatal("no match")
				}
			}
		})
	}
	for _, c := range []struct{ name, q, viewer string }{
		{"rare", "zebra", ""}, {"medium", "w5x", ""}, {"common", "common", ""}, {"rare-signed-in", "zebra", users[0].APID},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				rows, err := st.SearchStatuses(ctx, c.q, c.viewer, since, "", 20)
				if err != nil || len(rows) == 0 {
					b.Fatal(len(rows), err)
				}
			}
		})
	}
}
