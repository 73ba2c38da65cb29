package store

import (
	"context"
	"fmt"
	"strings"
)

// Housekeeping for the benchmark seed: deciding whether a database holds only benchmark data,
// wiping it, relaxing durability during the load, and refreshing planner statistics.

// CountUsersOtherThan counts the users that are none of: a local user whose nickname is in
// locals, a remote user on one of domains, a local Application actor (the instance actor).
// Zero means the database holds no accounts the benchmark seed did not create.
func (d *DB) CountUsersOtherThan(ctx context.Context, locals, domains []string) (int, error) {
	// An empty IN list would be NULL, and NOT (… OR NULL) would hide rows: match "" instead.
	locals, domains = append([]string{""}, locals...), append([]string{""}, domains...)
	args := append(anys(locals), anys(domains)...)
	var n int
	err := d.queryRow(ctx, `SELECT count(*) FROM users WHERE NOT (
			(local AND (actor_type = 'Application' OR nickname IN (`+inList(len(locals))+`)))
			OR (NOT local AND domain IN (`+inList(len(domains))+`)))`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count other users: %w", err)
	}
	return n, nil
}

// benchTables are the tables a benchmark seed writes, children first.
var benchTables = []string{"notifications", "hashtags", "addressing", "objects", "relationships", "users"}

// WipeContent deletes every user, object and relationship and what hangs off them (tokens,
// sessions, notifications, markers …). It is for benchmark databases only.
func (s *Store) WipeContent(ctx context.Context) error {
	if s.d.Name() == "postgres" {
		if _, err := s.sql.ExecContext(ctx, `TRUNCATE `+strings.Join(benchTables, ", ")+` CASCADE`); err != nil {
			return fmt.Errorf("store: wipe: %w", err)
		}
		return nil
	}
	return s.InTx(ctx, func(tx *Tx) error {
		for _, t := range benchTables {
			if _, err := tx.exec(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("store: wipe %s: %w", t, err)
			}
		}
		return nil
	})
}

// RelaxDurability lets this transaction commit without waiting for its WAL flush
// (PostgreSQL's synchronous_commit off: a crash may lose it, never corrupt anything). Bulk
// loads use it; on SQLite it does nothing.
func (t *Tx) RelaxDurability(ctx context.Context) error {
	if t.d.Name() != "postgres" {
		return nil
	}
	if _, err := t.exec(ctx, `SET LOCAL synchronous_commit TO OFF`); err != nil {
		return fmt.Errorf("store: synchronous_commit: %w", err)
	}
	return nil
}

// Analyze refreshes the planner's statistics after a bulk load: VACUUM ANALYZE on PostgreSQL
// (which also sets the visibility map that index-only scans rely on), ANALYZE and a WAL
// checkpoint on SQLite.
func (s *Store) Analyze(ctx context.Context) error {
	stmts := []string{`ANALYZE`, `PRAGMA wal_checkpoint(TRUNCATE)`}
	if s.d.Name() == "postgres" {
		stmts = []string{`VACUUM (ANALYZE)`}
	}
	for _, q := range stmts {
		if _, err := s.sql.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: %s: %w", q, err)
		}
	}
	return nil
}
