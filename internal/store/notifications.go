package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Notification types, named as in the Mastodon API.
const (
	NotifyMention       = "mention"
	NotifyFollow        = "follow"
	NotifyFollowRequest = "follow_request"
	NotifyFavourite     = "favourite"
	NotifyReblog        = "reblog"
	NotifyReaction      = "pleroma:emoji_reaction"
	NotifyPoll          = "poll"
	NotifyUpdate        = "update"
	NotifyMove          = "move"
)

// Notification is a stored notification of a local user.
type Notification struct {
	ID           string
	UserID       string
	Type         string
	Actor        string // who caused it
	Object       string // the status concerned, when any
	ActivityAPID string // the activity that caused it; unique per user and type
	Emoji        string // for reactions
	Read         bool
	CreatedAt    time.Time
}

// AddNotification stores n unless the same (user, type, activity) exists; it returns true when
// it was added.
func (d *DB) AddNotification(ctx context.Context, n *Notification) (bool, error) {
	if n.ID == "" {
		n.ID = NewID()
	}
	n.CreatedAt = time.Now().UTC()
	res, err := d.exec(ctx, `INSERT INTO notifications (id, user_id, type, actor, object, activity_ap_id, emoji, read, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, type, activity_ap_id) DO NOTHING`,
		n.ID, n.UserID, n.Type, n.Actor, nullStr(n.Object), n.ActivityAPID, nullStr(n.Emoji), n.Read, n.CreatedAt)
	if err != nil {
		return false, fmt.Errorf("store: add notification: %w", err)
	}
	c, _ := res.RowsAffected()
	return c > 0, nil
}

// Notifications returns a user's notifications, newest first, at most limit, with ids below
// maxID when it is set.
func (d *DB) Notifications(ctx context.Context, userID, maxID string, limit int) ([]*Notification, error) {
	q := `SELECT id, user_id, type, actor, object, activity_ap_id, emoji, read, created_at FROM notifications WHERE user_id = ?`
	args := []any{userID}
	if maxID != "" {
		q += ` AND id < ?`
		args = append(args, maxID)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	defer rows.Close()
	var out []*Notification
	for rows.Next() {
		var n Notification
		var obj, emoji sql.NullString
		if err := rows.Scan(&n.ID, &n.UserID, &n.Type, &n.Actor, &obj, &n.ActivityAPID, &emoji, &n.Read, &n.CreatedAt); err != nil {
			return nil, err
		}
		n.Object, n.Emoji, n.CreatedAt = obj.String, emoji.String, n.CreatedAt.UTC()
		out = append(out, &n)
	}
	return out, rows.Err()
}

// DismissNotification deletes one notification of a user; false when there was none.
func (d *DB) DismissNotification(ctx context.Context, userID, id string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM notifications WHERE user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return false, fmt.Errorf("store: dismiss notification: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ClearNotifications deletes every notification of a user.
func (d *DB) ClearNotifications(ctx context.Context, userID string) error {
	if _, err := d.exec(ctx, `DELETE FROM notifications WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store: clear notifications: %w", err)
	}
	return nil
}

// DeleteNotificationsByActivity removes the notifications an activity caused (after Undo or
// Delete).
func (d *DB) DeleteNotificationsByActivity(ctx context.Context, activityAPID string) error {
	if _, err := d.exec(ctx, `DELETE FROM notifications WHERE activity_ap_id = ?`, activityAPID); err != nil {
		return fmt.Errorf("store: delete notifications: %w", err)
	}
	return nil
}
