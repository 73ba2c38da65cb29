package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// This file and moderation_*.go hold what the admin page (issue 5) changes: runtime settings
// (instance_settings), relays, instance domain blocks, report states and suspended accounts.

// RegistrationsOpen says whether anyone may create an account: the admin's choice once made
// (SetRegistrationsOpen), else def (EGREGOROS_REGISTRATIONS_OPEN). Every surface that
// offers sign-up (the API, the instance documents, NodeInfo, the web UI) asks here, so that
// a change takes effect at once on every node.
func (d *DB) RegistrationsOpen(ctx context.Context, def bool) (bool, error) {
	var open sql.NullBool
	err := d.queryRow(ctx, `SELECT registrations_open FROM instance_settings WHERE id = 1`).Scan(&open)
	switch {
	case err == sql.ErrNoRows:
		return def, nil
	case err != nil:
		return def, fmt.Errorf("store: registrations setting: %w", err)
	case !open.Valid:
		return def, nil
	}
	return open.Bool, nil
}

// SetRegistrationsOpen records the admin's choice, which from now on overrides
// EGREGOROS_REGISTRATIONS_OPEN.
func (d *DB) SetRegistrationsOpen(ctx context.Context, open bool) error {
	_, err := d.exec(ctx, `INSERT INTO instance_settings (id, registrations_open, updated_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET registrations_open = excluded.registrations_open, updated_at = excluded.updated_at`,
		open, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("store: set registrations: %w", err)
	}
	return nil
}
