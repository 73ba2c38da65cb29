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

// DeferStatusCounts stops this transaction's object inserts and deletes from maintaining
// users.statuses_count (PostgreSQL: concurrent bulk transactions would otherwise queue and
// deadlock on the same users rows). Call RecountStatuses once the load is done. On SQLite,
// where writers take turns, the triggers keep running and it does nothing.
func (t *Tx) DeferStatusCounts(ctx context.Context) error {
	if t.d.Name() != "postgres" {
		return nil
	}
	if _, err := t.exec(ctx, `SET LOCAL egregoros.defer_statuses_count TO 'on'`); err != nil {
		return fmt.Errorf("store: defer status counts: %w", err)
	}
	return nil
}

// RecountStatuses sets every users.statuses_count from the objects table (after a bulk load
// that deferred them).
func (s *Store) RecountStatuses(ctx context.Context) error {
	_, err := s.sql.ExecContext(ctx, `UPDATE users SET statuses_count = (SELECT count(*) FROM objects
		WHERE objects.actor = users.ap_id AND objects.type IN ('Note', 'Question'))`)
	if err != nil {
		return fmt.Errorf("store: recount statuses: %w", err)
	}
	return nil
}

// CountObjectsBy counts the objects of a type by any of actors (the live benchmark's "how
// many of the burst are stored yet").
func (d *DB) CountObjectsBy(ctx context.Context, typ string, actors []string) (int, error) {
	total := 0
	for len(actors) > 0 {
		chunk := actors[:min(len(actors), 500)]
		actors = actors[len(chunk):]
		var n int
		err := d.queryRow(ctx, `SELECT count(*) FROM objects WHERE type = ? AND actor IN (`+inList(len(chunk))+`)`,
			append([]any{typ}, anys(chunk)...)...).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("store: count objects by actors: %w", err)
		}
		total += n
	}
	return total, nil
}

// DeleteActors removes accounts with everything they authored and every relationship from or
// to them (the live benchmark's remote actors and followers, once a case is done).
func (s *Store) DeleteActors(ctx context.Context, apIDs []string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for len(apIDs) > 0 {
			chunk := apIDs[:min(len(apIDs), 400)]
			apIDs = apIDs[len(chunk):]
			in, args := inList(len(chunk)), anys(chunk)
			for _, q := range []string{
				`DELETE FROM notifications WHERE actor IN (` + in + `)`,
				`DELETE FROM objects WHERE actor IN (` + in + `)`,
				`DELETE FROM relationships WHERE actor IN (` + in + `)`,
				`DELETE FROM relationships WHERE object IN (` + in + `)`,
				`DELETE FROM users WHERE ap_id IN (` + in + `)`,
			} {
				if _, err := tx.exec(ctx, q, args...); err != nil {
					return fmt.Errorf("store: delete actors: %w", err)
				}
			}
		}
		return nil
	})
}

// DeleteObjectsSince removes what actor authored with an id after since (ids sort by
// creation): the posts a benchmark made, with their activities.
func (d *DB) DeleteObjectsSince(ctx context.Context, actor, since string) (int, error) {
	res, err := d.exec(ctx, `DELETE FROM objects WHERE actor = ? AND id > ?`, actor, since)
	if err != nil {
		return 0, fmt.Errorf("store: delete objects since: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
