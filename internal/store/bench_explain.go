package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// Query plans for the benchmark harness and the query-budget tests: a Store that records the
// statements it sends, and EXPLAIN of a recorded statement.

// Statement is one SQL statement as the database received it (placeholders already in the
// database's syntax) with its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// recorder is a querier that remembers every statement before running it.
type recorder struct {
	q    querier
	mu   sync.Mutex
	list []Statement
}

func (r *recorder) add(q string, args []any) {
	r.mu.Lock()
	r.list = append(r.list, Statement{SQL: q, Args: append([]any(nil), args...)})
	r.mu.Unlock()
}

// ExecContext records the statement and runs it.
func (r *recorder) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r.add(q, args)
	return r.q.ExecContext(ctx, q, args...)
}

// QueryContext records the statement and runs it.
func (r *recorder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.add(q, args)
	return r.q.QueryContext(ctx, q, args...)
}

// QueryRowContext records the statement and runs it.
func (r *recorder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	r.add(q, args)
	return r.q.QueryRowContext(ctx, q, args...)
}

// Recording returns a Store over the same pool whose statements (outside transactions) are
// also recorded, and a function that returns the statements recorded since its last call.
// Close the original Store, never the recording one.
func (s *Store) Recording() (*Store, func() []Statement) {
	rec := &recorder{q: s.sql}
	cp := *s
	cp.DB.q = rec
	return &cp, func() []Statement {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		out := rec.list
		rec.list = nil
		return out
	}
}

// ExplainOptions says which plan Explain shows.
type ExplainOptions struct {
	// Analyze runs the statement (PostgreSQL EXPLAIN (ANALYZE, BUFFERS)): actual rows and times.
	// SQLite has only EXPLAIN QUERY PLAN.
	Analyze bool
	// NoSeqScan plans with sequential scans disabled (PostgreSQL): on a small table the planner
	// prefers a sequential scan, so this shows whether an index can serve the statement at all.
	NoSeqScan bool
}

// Explain returns the plan of st, one line per node, indented as a tree. The statement runs
// inside a transaction that is rolled back.
func (s *Store) Explain(ctx context.Context, st Statement, opt ExplainOptions) (string, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("store: explain: %w", err)
	}
	defer tx.Rollback()
	if s.d.Name() == "sqlite" {
		return explainSQLite(ctx, tx, st)
	}
	if opt.NoSeqScan {
		if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan TO OFF`); err != nil {
			return "", fmt.Errorf("store: explain: %w", err)
		}
	}
	head := `EXPLAIN `
	if opt.Analyze {
		head = `EXPLAIN (ANALYZE, BUFFERS) `
	}
	rows, err := tx.QueryContext(ctx, head+st.SQL, st.Args...)
	if err != nil {
		return "", fmt.Errorf("store: explain: %w", err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String(), rows.Err()
}

// explainSQLite renders EXPLAIN QUERY PLAN's (id, parent, detail) rows as an indented tree.
func explainSQLite(ctx context.Context, tx *sql.Tx, st Statement) (string, error) {
	rows, err := tx.QueryContext(ctx, `EXPLAIN QUERY PLAN `+st.SQL, st.Args...)
	if err != nil {
		return "", fmt.Errorf("store: explain: %w", err)
	}
	defer rows.Close()
	depth := map[int]int{}
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		depth[id] = depth[parent] + 1
		b.WriteString(strings.Repeat("  ", depth[id]-1))
		b.WriteString(detail)
		b.WriteByte('\n')
	}
	return b.String(), rows.Err()
}
