package store

import (
	"context"
	"fmt"
	"time"
)

// Queries behind the deletion of a local account (federation.Service.DeleteLocalAccount).

// RemoteInboxes returns every distinct inbox of the remote actors we know, each actor's shared
// inbox where it has one: where the deletion of a local account is announced, so that every
// server that may hold its posts removes them (as Mastodon does).
func (d *DB) RemoteInboxes(ctx context.Context) ([]string, error) {
	rows, err := d.query(ctx, `SELECT DISTINCT CASE WHEN shared_inbox <> '' THEN shared_inbox ELSE inbox END AS box
		FROM users WHERE NOT local AND (shared_inbox <> '' OR inbox <> '') ORDER BY box`)
	if err != nil {
		return nil, fmt.Errorf("store: remote inboxes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: remote inboxes: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// LocalActorDeletedAt returns when a local actor deleted itself (its local Delete of itself),
// or ok false when it has not.
func (d *DB) LocalActorDeletedAt(ctx context.Context, actor string) (at time.Time, ok bool, err error) {
	dels, err := d.ObjectsByTypeAndTarget(ctx, "Delete", actor)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, o := range dels {
		if o.Local && o.Actor == actor {
			return o.Published, true, nil
		}
	}
	return time.Time{}, false, nil
}

// RevokeUserAccess ends every way a user signs in or is reached: OAuth tokens and
// authorization codes, push subscriptions and web sessions.
func (d *DB) RevokeUserAccess(ctx context.Context, userID string) error {
	if _, err := d.exec(ctx, `UPDATE oauth_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
		time.Now().UTC(), userID); err != nil {
		return fmt.Errorf("store: revoke tokens of %s: %w", userID, err)
	}
	for _, q := range []string{`DELETE FROM oauth_codes WHERE user_id = ?`, `DELETE FROM push_subscriptions WHERE user_id = ?`} {
		if _, err := d.exec(ctx, q, userID); err != nil {
			return fmt.Errorf("store: revoke access of %s: %w", userID, err)
		}
	}
	return d.DeleteUserSessions(ctx, userID)
}
