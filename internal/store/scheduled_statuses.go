package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ScheduledStatus is a status a local user scheduled: Params is the status as JSON
// (mastodon.ComposeParams), published at ScheduledAt.
type ScheduledStatus struct {
	ID          string
	UserID      string
	ScheduledAt time.Time
	Params      string
	CreatedAt   time.Time
}

const scheduledCols = `id, user_id, scheduled_at, params, created_at`

func scanScheduled(sc interface{ Scan(...any) error }) (*ScheduledStatus, error) {
	var s ScheduledStatus
	if err := sc.Scan(&s.ID, &s.UserID, &s.ScheduledAt, &s.Params, &s.CreatedAt); err != nil {
		return nil, err
	}
	s.ScheduledAt, s.CreatedAt = s.ScheduledAt.UTC(), s.CreatedAt.UTC()
	return &s, nil
}

// AddScheduledStatus stores s (with a new id).
func (d *DB) AddScheduledStatus(ctx context.Context, s *ScheduledStatus) error {
	s.ID, s.CreatedAt = NewID(), time.Now().UTC()
	s.ScheduledAt = s.ScheduledAt.UTC()
	if _, err := d.exec(ctx, `INSERT INTO scheduled_statuses (`+scheduledCols+`) VALUES (?, ?, ?, ?, ?)`,
		s.ID, s.UserID, s.ScheduledAt, s.Params, s.CreatedAt); err != nil {
		return fmt.Errorf("store: add scheduled status: %w", err)
	}
	return nil
}

// ScheduledStatus returns one of a user's scheduled statuses ("" userID: anyone's), or
// ErrNotFound.
func (d *DB) ScheduledStatus(ctx context.Context, userID, id string) (*ScheduledStatus, error) {
	q, args := `SELECT `+scheduledCols+` FROM scheduled_statuses WHERE id = ?`, []any{id}
	if userID != "" {
		q += ` AND user_id = ?`
		args = append(args, userID)
	}
	s, err := scanScheduled(d.queryRow(ctx, q, args...))
	if err != nil {
		return nil, notFound(err, "scheduled status "+id)
	}
	return s, nil
}

// ScheduledStatuses returns a page of a user's scheduled statuses by id, newest first (the
// page after MinID in ascending order when ascend).
func (d *DB) ScheduledStatuses(ctx context.Context, userID string, p Page, ascend bool) ([]*ScheduledStatus, error) {
	tail, args, reversed := p.window("id", []any{userID}, ascend)
	rows, err := d.query(ctx, `SELECT `+scheduledCols+` FROM scheduled_statuses WHERE user_id = ?`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("store: scheduled statuses: %w", err)
	}
	defer rows.Close()
	var out []*ScheduledStatus
	for rows.Next() {
		s, err := scanScheduled(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if reversed {
		slices.Reverse(out)
	}
	return out, rows.Err()
}

// CountScheduledStatuses counts a user's scheduled statuses: all of them, and those due in
// [from, to).
func (d *DB) CountScheduledStatuses(ctx context.Context, userID string, from, to time.Time) (total, within int, err error) {
	err = d.queryRow(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN scheduled_at >= ? AND scheduled_at < ? THEN 1 ELSE 0 END), 0)
		FROM scheduled_statuses WHERE user_id = ?`, from.UTC(), to.UTC(), userID).Scan(&total, &within)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count scheduled statuses: %w", err)
	}
	return total, within, nil
}

// RescheduleStatus moves a user's scheduled status; false when there is none.
func (d *DB) RescheduleStatus(ctx context.Context, userID, id string, at time.Time) (bool, error) {
	res, err := d.exec(ctx, `UPDATE scheduled_statuses SET scheduled_at = ? WHERE id = ? AND user_id = ?`, at.UTC(), id, userID)
	if err != nil {
		return false, fmt.Errorf("store: reschedule status: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteScheduledStatus deletes a scheduled status (of userID unless ""); false when there
// was none. Publishing claims the row this way, so that it is published once.
func (d *DB) DeleteScheduledStatus(ctx context.Context, userID, id string) (bool, error) {
	q, args := `DELETE FROM scheduled_statuses WHERE id = ?`, []any{id}
	if userID != "" {
		q += ` AND user_id = ?`
		args = append(args, userID)
	}
	res, err := d.exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("store: delete scheduled status: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RestoreScheduledStatus puts back a scheduled status whose publication failed.
func (d *DB) RestoreScheduledStatus(ctx context.Context, s *ScheduledStatus) error {
	if _, err := d.exec(ctx, `INSERT INTO scheduled_statuses (`+scheduledCols+`) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		s.ID, s.UserID, s.ScheduledAt, s.Params, s.CreatedAt); err != nil {
		return fmt.Errorf("store: restore scheduled status: %w", err)
	}
	return nil
}
