package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrNotFound is returned by lookups that match no row.
var ErrNotFound = errors.New("not found")

// querier is what both *sql.DB and *sql.Tx offer; store methods run on either.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is the set of queries. A *Store is a DB over the pool; a *Tx is a DB inside one
// transaction. Code holding a Tx must query through it, never through the Store: on SQLite a
// second connection would wait for the transaction's write lock.
type DB struct {
	q  querier
	d  Dialect
	qc *queryCounter
}

// Store is the database: the pool, its dialect, and every query as a method.
type Store struct {
	DB
	sql  *sql.DB
	pool *pgxpool.Pool // PostgreSQL only; shared with LISTEN users (River, event bus)
	url  string
}

// Tx is a DB bound to one transaction.
type Tx struct {
	DB
	tx *sql.Tx
}

// Open connects to sqlite://PATH or postgres://… and checks the connection. It does not migrate.
func Open(ctx context.Context, dbURL string) (*Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite://"):
		return openSQLite(ctx, dbURL)
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return openPostgres(ctx, dbURL)
	}
	return nil, fmt.Errorf("store: unsupported database URL %q (want sqlite:// or postgres://)", dbURL)
}

func openSQLite(ctx context.Context, dbURL string) (*Store, error) {
	rest := strings.TrimPrefix(dbURL, "sqlite://")
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return nil, errors.New("store: sqlite URL has no path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create database directory: %w", err)
		}
	}
	params := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		params.Add("_pragma", p)
	}
	params.Set("_txlock", "immediate")
	params.Set("_time_format", "sqlite")
	if query != "" {
		extra, err := url.ParseQuery(query)
		if err != nil {
			return nil, fmt.Errorf("store: sqlite URL query: %w", err)
		}
		for k, vs := range extra {
			params[k] = vs
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	// A few connections: WAL lets readers run beside the one writer, and busy_timeout makes
	// writers queue instead of failing.
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{sql: db, url: dbURL}
	s.DB = DB{q: newStmtCache(db, 256), d: sqliteDialect{}} // statements prepared once (stmtcache.go)
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Without statistics SQLite's planner picks poor indexes for some timelines (BENCHMARKS.md);
	// a bounded optimize at open gathers what is missing, Optimize keeps it fresh.
	if err := s.Optimize(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Optimize refreshes the query planner's statistics where they are stale (SQLite's PRAGMA
// optimize, bounded; PostgreSQL's autovacuum does this by itself).
func (s *Store) Optimize(ctx context.Context) error {
	if s.pool != nil {
		return nil
	}
	if _, err := s.sql.ExecContext(ctx, `PRAGMA optimize=0x10002`); err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	return nil
}

func openPostgres(ctx context.Context, dbURL string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("store: parse postgres URL: %w", err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	// Timelines are short statements whose estimated cost can cross jit_above_cost; JIT then
	// adds hundreds of milliseconds to each (BENCHMARKS.md). An explicit setting in the URL wins.
	if _, set := cfg.ConnConfig.RuntimeParams["jit"]; !set {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect postgres: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	s := &Store{sql: db, pool: pool, url: dbURL}
	s.DB = DB{q: db, d: postgresDialect{}}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Ping checks that the database answers, within a short bound.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("store: database unreachable: %w", err)
	}
	return nil
}

// Close releases every connection.
func (s *Store) Close() error {
	err := s.sql.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// SQL is the underlying pool, for River's driver.
func (s *Store) SQL() *sql.DB { return s.sql }

// PgxPool is the pgx pool on PostgreSQL (for LISTEN), nil on SQLite.
func (s *Store) PgxPool() *pgxpool.Pool { return s.pool }

// Dialect tells which database this is.
func (d *DB) Dialect() Dialect { return d.d }

// InTx runs fn in one transaction, committing when it returns nil and rolling back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{DB: DB{q: sqlTx, d: s.d, qc: s.qc}, tx: sqlTx}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// SQL is the transaction itself, for River's InsertTx.
func (t *Tx) SQL() *sql.Tx { return t.tx }

func (d *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	d.qc.inc()
	return d.q.ExecContext(ctx, d.d.rebind(query), args...)
}

func (d *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	d.qc.inc()
	return d.q.QueryContext(ctx, d.d.rebind(query), args...)
}

func (d *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	d.qc.inc()
	return d.q.QueryRowContext(ctx, d.d.rebind(query), args...)
}

// notFound turns sql.ErrNoRows into ErrNotFound with context.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
