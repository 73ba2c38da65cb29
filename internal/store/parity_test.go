package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

// typeClass maps a declared column type to what it means for us, so the two dialects can be
// compared: text, bool, time, json, int.
func typeClass(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "json"):
		return "json"
	case strings.Contains(t, "bool"):
		return "bool"
	case strings.Contains(t, "time"):
		return "time"
	case strings.Contains(t, "int"):
		return "int"
	default:
		return "text"
	}
}

// fullText reports whether a table or index is a full-text index, which the dialects build
// differently: an FTS5 virtual table (and its shadow tables, name_fts_*) on SQLite, a GIN index
// (<table>_fts) over a tsvector column (<column>_fts) on PostgreSQL.
func fullText(name string) bool {
	return strings.HasSuffix(name, "_fts") || strings.Contains(name, "_fts_")
}

// schemaOf lists "table.column type" for our tables, and the names of all tables and indexes.
func schemaOf(t *testing.T, st *store.Store) (cols, tables, indexes []string) {
	t.Helper()
	db := st.SQL()
	var q, iq string
	if st.Dialect().Name() == "postgres" {
		q = `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`
		iq = `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'`
	} else {
		q = `SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
		iq = `SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'`
	}
	seen := map[string]bool{}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, col, typ string
		if err := rows.Scan(&table, &col, &typ); err != nil {
			t.Fatal(err)
		}
		if fullText(table) {
			continue
		}
		if !seen[table] {
			seen[table] = true
			tables = append(tables, table)
		}
		if strings.HasPrefix(table, "river_") {
			continue // River's own schema: compared by table name only
		}
		if fullText(col) {
			continue
		}
		// The migrations table's applied_at and version types are ours but not part of the model.
		cols = append(cols, fmt.Sprintf("%s.%s %s", table, col, typeClass(typ)))
	}
	rows.Close()
	rows, err = db.Query(iq)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name string
		if err := rows.Scan(&table, &name); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(table, "river_") || strings.HasSuffix(name, "_pkey") || strings.HasSuffix(name, "_key") || fullText(name) {
			continue // primary keys and UNIQUE constraints are named by PostgreSQL only
		}
		indexes = append(indexes, table+"."+name)
	}
	rows.Close()
	sort.Strings(cols)
	sort.Strings(tables)
	sort.Strings(indexes)
	return cols, tables, indexes
}

// TestDialectsProduceTheSameSchema migrates a SQLite and a PostgreSQL database and compares
// their tables, columns (by type class) and named indexes. It needs both databases whatever
// EGREGOROS_TEST_DB says.
func TestDialectsProduceTheSameSchema(t *testing.T) {
	ctx := context.Background()
	lite, err := store.Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "parity.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if err := lite.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EGREGOROS_TEST_DB", "postgres")
	pg := testutil.NewStore(t)

	lc, lt, li := schemaOf(t, lite)
	pc, pt, pi := schemaOf(t, pg)
	if len(lc) < 50 {
		t.Fatalf("only %d columns found on SQLite", len(lc))
	}
	if d := cmp.Diff(lc, pc); d != "" {
		t.Errorf("columns differ (-sqlite +postgres):\n%s", d)
	}
	if d := cmp.Diff(lt, pt); d != "" {
		t.Errorf("tables differ (-sqlite +postgres):\n%s", d)
	}
	if d := cmp.Diff(li, pi); d != "" {
		t.Errorf("indexes differ (-sqlite +postgres):\n%s", d)
	}
}
