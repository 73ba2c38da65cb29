package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
	GroupKey     string // grouped types only, set by AddNotification (notification_groups.go)
}

// AddNotification stores n unless the same (user, type, activity) exists; it returns true when
// it was added.
func (d *DB) AddNotification(ctx context.Context, n *Notification) (bool, error) {
	if n.ID == "" {
		n.ID = NewID()
	}
	n.CreatedAt = time.Now().UTC()
	key, err := d.newGroupKey(ctx, n)
	if err != nil {
		return false, err
	}
	n.GroupKey = key
	res, err := d.exec(ctx, `INSERT INTO notifications (id, user_id, type, actor, object, activity_ap_id, emoji, read, created_at, group_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, type, activity_ap_id) DO NOTHING`,
		n.ID, n.UserID, n.Type, n.Actor, nullStr(n.Object), n.ActivityAPID, nullStr(n.Emoji), n.Read, n.CreatedAt, nullStr(n.GroupKey))
	if err != nil {
		return false, fmt.Errorf("store: add notification: %w", err)
	}
	c, _ := res.RowsAffected()
	return c > 0, nil
}

// Notifications returns a user's notifications, newest first, at most limit, with ids below
// maxID when it is set.
func (d *DB) Notifications(ctx context.Context, userID, maxID string, limit int) ([]*Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = ?`
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
	return collectNotifications(rows)
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

// NotificationFilter selects a page of a user's notifications.
type NotificationFilter struct {
	UserID       string
	Types        []string
	ExcludeTypes []string
	Actor        string // only from this actor
	Page         Page
	Ascend       bool // with Page.MinID: the page right after min_id

	// HiddenDomains: leave out notifications from accounts on these domains (the user's
	// domain blocks, domain_blocks.go).
	HiddenDomains []string
}

// NotificationsPage returns a filtered page of notifications, newest first.
func (d *DB) NotificationsPage(ctx context.Context, f NotificationFilter) ([]*Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = ?`
	args := []any{f.UserID}
	if len(f.Types) > 0 {
		q += ` AND type IN (` + inList(len(f.Types)) + `)`
		args = append(args, anys(f.Types)...)
	}
	if len(f.ExcludeTypes) > 0 {
		q += ` AND type NOT IN (` + inList(len(f.ExcludeTypes)) + `)`
		args = append(args, anys(f.ExcludeTypes)...)
	}
	if f.Actor != "" {
		q += ` AND actor = ?`
		args = append(args, f.Actor)
	}
	if len(f.HiddenDomains) > 0 {
		q += ` AND NOT EXISTS (SELECT 1 FROM users nd WHERE nd.ap_id = notifications.actor AND nd.domain IN (` + inList(len(f.HiddenDomains)) + `))`
		args = append(args, anys(f.HiddenDomains)...)
	}
	if f.Page.MaxID != "" {
		q += ` AND id < ?`
		args = append(args, f.Page.MaxID)
	}
	if f.Page.MinID != "" {
		q += ` AND id > ?`
		args = append(args, f.Page.MinID)
	}
	order := "DESC"
	if f.Ascend && f.Page.MinID != "" {
		order = "ASC"
	}
	limit := f.Page.Limit
	if limit <= 0 || limit > 80 {
		limit = 40
	}
	q += ` ORDER BY id ` + order + ` LIMIT ?`
	args = append(args, limit)
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	out, err := collectNotifications(rows)
	if err != nil {
		return nil, err
	}
	if order == "ASC" {
		slices.Reverse(out)
	}
	return out, nil
}

// notificationColumns are the columns collectNotifications scans, in its order.
const notificationColumns = `id, user_id, type, actor, object, activity_ap_id, emoji, read, created_at, group_key`

// collectNotifications scans rows of notificationColumns and closes them.
func collectNotifications(rows *sql.Rows) ([]*Notification, error) {
	defer rows.Close()
	var out []*Notification
	for rows.Next() {
		var n Notification
		var obj, emoji, key sql.NullString
		if err := rows.Scan(&n.ID, &n.UserID, &n.Type, &n.Actor, &obj, &n.ActivityAPID, &emoji, &n.Read, &n.CreatedAt, &key); err != nil {
			return nil, err
		}
		n.Object, n.Emoji, n.CreatedAt, n.GroupKey = obj.String, emoji.String, n.CreatedAt.UTC(), key.String
		out = append(out, &n)
	}
	return out, rows.Err()
}

// NotificationByID returns one notification of a user, or ErrNotFound.
func (d *DB) NotificationByID(ctx context.Context, userID, id string) (*Notification, error) {
	var n Notification
	var obj, emoji, key sql.NullString
	err := d.queryRow(ctx, `SELECT `+notificationColumns+`
		FROM notifications WHERE user_id = ? AND id = ?`, userID, id).
		Scan(&n.ID, &n.UserID, &n.Type, &n.Actor, &obj, &n.ActivityAPID, &emoji, &n.Read, &n.CreatedAt, &key)
	if err != nil {
		return nil, notFound(err, "notification "+id)
	}
	n.Object, n.Emoji, n.CreatedAt, n.GroupKey = obj.String, emoji.String, n.CreatedAt.UTC(), key.String
	return &n, nil
}

// CountNotificationsAfter counts (up to limit) notifications with ids above afterID.
func (d *DB) CountNotificationsAfter(ctx context.Context, userID, afterID string, limit int) (int, error) {
	var n int
	err := d.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND id > ? LIMIT ?) x`,
		userID, afterID, limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count notifications: %w", err)
	}
	return n, nil
}
