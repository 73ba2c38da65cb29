package store

import (
	"context"
	"fmt"
	"time"
)

// NotificationsOfGroup returns, newest first, at most limit of a user's notifications of one
// type about one object ("" for none) created in [from, to): a grouped notification of the
// v2 API (mastodon/notifications_v2.go).
func (d *DB) NotificationsOfGroup(ctx context.Context, userID, typ, object string, from, to time.Time, limit int) ([]*Notification, error) {
	q, args := groupWhere(userID, typ, object, from, to)
	rows, err := d.query(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE `+q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: notification group: %w", err)
	}
	return collectNotifications(rows)
}

// DismissNotificationGroup deletes the notifications NotificationsOfGroup selects; false when
// there were none.
func (d *DB) DismissNotificationGroup(ctx context.Context, userID, typ, object string, from, to time.Time) (bool, error) {
	q, args := groupWhere(userID, typ, object, from, to)
	res, err := d.exec(ctx, `DELETE FROM notifications WHERE `+q, args...)
	if err != nil {
		return false, fmt.Errorf("store: dismiss notification group: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func groupWhere(userID, typ, object string, from, to time.Time) (string, []any) {
	q := `user_id = ? AND type = ? AND created_at >= ? AND created_at < ?`
	args := []any{userID, typ, from.UTC(), to.UTC()}
	if object != "" {
		q += ` AND object = ?`
		args = append(args, object)
	} else {
		q += ` AND object IS NULL`
	}
	return q, args
}

// MarkNotificationRead marks one notification of a user read; false when there is none.
func (d *DB) MarkNotificationRead(ctx context.Context, userID, id string) (bool, error) {
	res, err := d.exec(ctx, `UPDATE notifications SET read = ? WHERE user_id = ? AND id = ?`, true, userID, id)
	if err != nil {
		return false, fmt.Errorf("store: read notification: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MarkNotificationsReadUpTo marks a user's notifications up to maxID (included) read.
func (d *DB) MarkNotificationsReadUpTo(ctx context.Context, userID, maxID string) error {
	if _, err := d.exec(ctx, `UPDATE notifications SET read = ? WHERE user_id = ? AND id <= ? AND NOT read`, true, userID, maxID); err != nil {
		return fmt.Errorf("store: read notifications: %w", err)
	}
	return nil
}
