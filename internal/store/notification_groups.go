package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Grouped notifications, as Mastodon groups them (Notification::Groups): favourites and
// boosts of one status, and follows, get a group key when they are added:
// "<type>-<status id>-<hour>" or "follow-<hour>", where hour is the hour bucket (hours since
// the epoch) of the notification, or that of the latest group of the same prefix while the new
// notification falls less than MaxGroupSpanHours after its start. Other types have none.

// MaxGroupSpanHours is how many hours after its first hour a group still takes notifications
// (Mastodon's MAXIMUM_GROUP_SPAN_HOURS).
const MaxGroupSpanHours = 12

// GroupedTypes are the types that get a group key.
var GroupedTypes = []string{NotifyFavourite, NotifyReblog, NotifyFollow}

// newGroupKey is the group key of a notification about to be added ("" for one that is not
// grouped), from its type, status and CreatedAt and the user's latest group of that prefix.
func (d *DB) newGroupKey(ctx context.Context, n *Notification) (string, error) {
	var prefix string
	switch n.Type {
	case NotifyFollow:
		prefix = n.Type
	case NotifyFavourite, NotifyReblog:
		if n.Object == "" {
			return "", nil
		}
		var id string
		err := d.queryRow(ctx, `SELECT id FROM objects WHERE ap_id = ?`, n.Object).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("store: group key: %w", err)
		}
		prefix = n.Type + "-" + id
	default:
		return "", nil
	}
	var latest string
	err := d.queryRow(ctx, `SELECT group_key FROM notifications WHERE user_id = ? AND group_key >= ? AND group_key < ?
		ORDER BY group_key DESC LIMIT 1`, n.UserID, prefix+"-", prefix+".").Scan(&latest)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: group key: %w", err)
	}
	return prefix + "-" + strconv.FormatInt(GroupBucket(n.CreatedAt, latest), 10), nil
}

// GroupBucket is the hour bucket of a notification created at t, given the group key of the
// latest group of its prefix ("" for none): that group's bucket while t is less than
// MaxGroupSpanHours after it, else t's own hour.
func GroupBucket(t time.Time, latest string) int64 {
	hour := t.Unix() / 3600
	if i := strings.LastIndexByte(latest, '-'); i >= 0 {
		if prev, err := strconv.ParseInt(latest[i+1:], 10, 64); err == nil && hour >= prev && hour < prev+MaxGroupSpanHours {
			return prev
		}
	}
	return hour
}

// NotificationsOfGroup returns, newest first, at most limit of a user's notifications with
// one group key (mastodon/notifications_v2.go).
func (d *DB) NotificationsOfGroup(ctx context.Context, userID, key string, limit int) ([]*Notification, error) {
	rows, err := d.query(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE user_id = ? AND group_key = ? ORDER BY id DESC LIMIT ?`, userID, key, limit)
	if err != nil {
		return nil, fmt.Errorf("store: notification group: %w", err)
	}
	return collectNotifications(rows)
}

// DismissNotificationGroup deletes a user's notifications with one group key; false when
// there were none.
func (d *DB) DismissNotificationGroup(ctx context.Context, userID, key string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM notifications WHERE user_id = ? AND group_key = ?`, userID, key)
	if err != nil {
		return false, fmt.Errorf("store: dismiss notification group: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
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
