package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Instance is what we know about a remote server's reachability.
type Instance struct {
	Host           string
	Failures       int
	FirstFailureAt *time.Time
	LastFailureAt  *time.Time
}

// InstanceFailed records a failed delivery to host.
func (d *DB) InstanceFailed(ctx context.Context, host string) error {
	now := time.Now().UTC()
	_, err := d.exec(ctx, `INSERT INTO instances (host, failures, first_failure_at, last_failure_at) VALUES (?, 1, ?, ?)
		ON CONFLICT (host) DO UPDATE SET failures = instances.failures + 1,
			first_failure_at = COALESCE(instances.first_failure_at, excluded.first_failure_at),
			last_failure_at = excluded.last_failure_at`, host, now, now)
	if err != nil {
		return fmt.Errorf("store: instance %s: %w", host, err)
	}
	return nil
}

// InstanceSucceeded records a successful delivery to host, clearing its failures.
func (d *DB) InstanceSucceeded(ctx context.Context, host string) error {
	now := time.Now().UTC()
	_, err := d.exec(ctx, `INSERT INTO instances (host, failures, last_success_at) VALUES (?, 0, ?)
		ON CONFLICT (host) DO UPDATE SET failures = 0, first_failure_at = NULL, last_success_at = excluded.last_success_at`, host, now)
	if err != nil {
		return fmt.Errorf("store: instance %s: %w", host, err)
	}
	return nil
}

// InstanceByHost returns what we know of host (zero failures when nothing).
func (d *DB) InstanceByHost(ctx context.Context, host string) (*Instance, error) {
	in := &Instance{Host: host}
	var first, last sql.NullTime
	err := d.queryRow(ctx, `SELECT failures, first_failure_at, last_failure_at FROM instances WHERE host = ?`, host).
		Scan(&in.Failures, &first, &last)
	if err == sql.ErrNoRows {
		return in, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: instance %s: %w", host, err)
	}
	if first.Valid {
		t := first.Time.UTC()
		in.FirstFailureAt = &t
	}
	if last.Valid {
		t := last.Time.UTC()
		in.LastFailureAt = &t
	}
	return in, nil
}
