package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
	_ "github.com/jackc/pgx/v5/stdlib" // pgx database/sql driver for the admin connection
)

// Dialect is the database the tests run on: EGREGOROS_TEST_DB=postgres or sqlite (default).
func Dialect() string {
	if d := os.Getenv("EGREGOROS_TEST_DB"); d == "postgres" || d == "postgresql" {
		return "postgres"
	}
	return "sqlite"
}

// PostgresAdminURL is the server the PostgreSQL tests create their databases on.
func PostgresAdminURL() string {
	if u := os.Getenv("EGREGOROS_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// NewStore returns a migrated store on a database of its own, dropped when the test ends.
// On PostgreSQL an unreachable server fails the test: it never skips.
func NewStore(t testing.TB) *store.Store {
	t.Helper()
	url := NewDatabaseURL(t)
	st, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// NewDatabaseURL creates a fresh migrated database and returns its URL (for tests that start
// the server or a second process on it). It is dropped when the test ends.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	if Dialect() == "postgres" {
		return newPostgres(t)
	}
	return newSQLite(t)
}

var (
	templateMu   sync.Mutex
	sqliteTmpl   string
	postgresTmpl string
)

func newSQLite(t testing.TB) string {
	templateMu.Lock()
	defer templateMu.Unlock()
	if sqliteTmpl == "" {
		dir, err := os.MkdirTemp("", "egregoros-tmpl-")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "template.db")
		st, err := store.Open(context.Background(), "sqlite://"+path)
		if err != nil {
			t.Fatalf("open sqlite template: %v", err)
		}
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate sqlite template: %v", err)
		}
		// Fold the WAL into the main file so that a plain copy is complete.
		if _, err := st.SQL().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		st.Close()
		sqliteTmpl = path
	}
	dst := filepath.Join(t.TempDir(), "egregoros.db")
	if err := copyFile(sqliteTmpl, dst); err != nil {
		t.Fatalf("copy sqlite template: %v", err)
	}
	return "sqlite://" + dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func newPostgres(t testing.TB) string {
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("postgres test server unreachable at %s (set EGREGOROS_TEST_POSTGRES_URL): %v", PostgresAdminURL(), err)
	}
	tmpl := postgresTemplate(t, admin)
	name := "egt_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmpl); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", PostgresAdminURL())
		if err != nil {
			return
		}
		defer a.Close()
		if _, err := a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(PostgresAdminURL(), name)
}

// postgresTemplate returns a migrated template database for this schema, building it once
// per schema version (guarded by an advisory lock across test processes).
func postgresTemplate(t testing.TB, admin *sql.DB) string {
	templateMu.Lock()
	defer templateMu.Unlock()
	if postgresTmpl != "" {
		return postgresTmpl
	}
	ctx := context.Background()
	name := "egt_tmpl_" + store.SchemaFingerprint()
	conn, err := admin.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7233022)`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(7233022)`)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		build := name + "_build"
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+build+` WITH (FORCE)`)
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+build); err != nil {
			t.Fatalf("create template: %v", err)
		}
		st, err := store.Open(ctx, withDatabase(PostgresAdminURL(), build))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			t.Fatalf("migrate template: %v", err)
		}
		st.Close()
		if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+build+` RENAME TO `+name); err != nil {
			t.Fatalf("rename template: %v", err)
		}
		if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+name+` WITH is_template true`); err != nil {
			t.Fatalf("mark template: %v", err)
		}
	}
	postgresTmpl = name
	return name
}

// withDatabase replaces the database name in a postgres URL.
func withDatabase(url, db string) string {
	rest := url
	query := ""
	if i := strings.Index(rest, "?"); i >= 0 {
		rest, query = rest[:i], rest[i:]
	}
	scheme := strings.Index(rest, "://")
	slash := strings.Index(rest[scheme+3:], "/")
	if slash < 0 {
		return rest + "/" + db + query
	}
	return rest[:scheme+3+slash] + "/" + db + query
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("rand: %v", err))
	}
	return hex.EncodeToString(b)
}
