package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Session is a signed-in browser of the web UI. ID is the SHA-256 digest (Digest) of the
// random token the cookie carries; the token itself is never stored.
type Session struct {
	ID         string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession stores a new session; s.ID must already be the token's digest.
func (d *DB) CreateSession(ctx context.Context, s *Session) error {
	now := time.Now().UTC()
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now
	}
	if s.LastSeenAt.IsZero() {
		s.LastSeenAt = s.CreatedAt
	}
	_, err := d.exec(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser returns the session with this digest and its user, in one query, when the
// session has not expired at now and the user is not suspended; otherwise ErrNotFound.
func (d *DB) SessionUser(ctx context.Context, digest string, now time.Time) (*Session, *User, error) {
	s := &Session{ID: digest}
	row := d.queryRow(ctx, `SELECT `+prefixed("u", userColumns)+`, s.created_at, s.last_seen_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND u.suspended_at IS NULL`, digest, now.UTC())
	u, err := scanUser(sessionScanner{row: row, s: s})
	if err != nil {
		return nil, nil, notFound(err, "session")
	}
	s.UserID = u.ID
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, u, nil
}

// sessionScanner scans the session columns that follow the user's.
type sessionScanner struct {
	row *sql.Row
	s   *Session
}

func (r sessionScanner) Scan(dst ...any) error {
	return r.row.Scan(append(dst, &r.s.CreatedAt, &r.s.LastSeenAt, &r.s.ExpiresAt)...)
}

// TouchSession records that the session was used at seen and moves its expiry (sliding
// sessions).
func (d *DB) TouchSession(ctx context.Context, digest string, seen, expires time.Time) error {
	if _, err := d.exec(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`,
		seen.UTC(), expires.UTC(), digest); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session (log out). Deleting a missing session is not an error.
func (d *DB) DeleteSession(ctx context.Context, digest string) error {
	if _, err := d.exec(ctx, `DELETE FROM sessions WHERE id = ?`, digest); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user (password change, suspension).
func (d *DB) DeleteUserSessions(ctx context.Context, userID string) error {
	if _, err := d.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store: delete sessions of %s: %w", userID, err)
	}
	return nil
}

// PruneSessions deletes the sessions that expired before now and returns how many.
func (d *DB) PruneSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := d.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: prune sessions: %w", err)
	}
	return res.RowsAffected()
}
