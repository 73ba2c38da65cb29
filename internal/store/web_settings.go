package store

import (
	"context"
	"fmt"
	"time"
)

// The queries of the web UI's account settings and admin page.

// UserSessions returns the live sessions of a user at now, the most recently used first.
func (d *DB) UserSessions(ctx context.Context, userID string, now time.Time) ([]*Session, error) {
	rows, err := d.query(ctx, `SELECT id, user_id, created_at, last_seen_at, expires_at FROM sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, id LIMIT 100`, userID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: user sessions: %w", err)
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		s := &Session{}
		if err := rows.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt); err != nil {
			return nil, fmt.Errorf("store: scan session: %w", err)
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteUserSession ends one session of a user (the sessions list's sign-out); a session of
// someone else is left alone. It reports whether one was deleted.
func (d *DB) DeleteUserSession(ctx context.Context, userID, digest string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, digest, userID)
	if err != nil {
		return false, fmt.Errorf("store: delete session: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteOtherSessions ends every session of a user but keep (a password change).
func (d *DB) DeleteOtherSessions(ctx context.Context, userID, keep string) error {
	if _, err := d.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, userID, keep); err != nil {
		return fmt.Errorf("store: delete other sessions: %w", err)
	}
	return nil
}

// LocalUsers returns up to limit local accounts (people and bots, not the instance actor)
// by nickname, from after (a nickname, "" for the first page).
func (d *DB) LocalUsers(ctx context.Context, after string, limit int) ([]*User, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	rows, err := d.query(ctx, `SELECT `+userColumns+` FROM users WHERE local AND actor_type <> 'Application'
		AND nickname > ? ORDER BY nickname LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: local users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
