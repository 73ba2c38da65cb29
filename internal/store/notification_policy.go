package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Notification policy values (Mastodon's NotificationPolicy).
const (
	PolicyAccept = "accept"
	PolicyFilter = "filter"
	PolicyDrop   = "drop"
)

// NotificationPolicy is a local user's filtering of notifications by kind of sender.
type NotificationPolicy struct {
	ForNotFollowing, ForNotFollowers, ForNewAccounts, ForPrivateMentions, ForLimitedAccounts string
}

// DefaultNotificationPolicy is Mastodon's (4.3+, the column defaults of its
// notification_policies): everything accepted but private mentions from strangers and
// notifications from limited accounts, which are filtered.
var DefaultNotificationPolicy = NotificationPolicy{PolicyAccept, PolicyAccept, PolicyAccept, PolicyFilter, PolicyFilter}

// NotificationPolicyOf returns a user's policy (the default without one).
func (d *DB) NotificationPolicyOf(ctx context.Context, userID string) (NotificationPolicy, error) {
	var p NotificationPolicy
	err := d.queryRow(ctx, `SELECT for_not_following, for_not_followers, for_new_accounts, for_private_mentions, for_limited_accounts
		FROM notification_policies WHERE user_id = ?`, userID).Scan(&p.ForNotFollowing, &p.ForNotFollowers, &p.ForNewAccounts,
		&p.ForPrivateMentions, &p.ForLimitedAccounts)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultNotificationPolicy, nil
	}
	if err != nil {
		return p, fmt.Errorf("store: notification policy: %w", err)
	}
	return p, nil
}

// SetNotificationPolicy stores a user's policy.
func (d *DB) SetNotificationPolicy(ctx context.Context, userID string, p NotificationPolicy) error {
	if _, err := d.exec(ctx, `INSERT INTO notification_policies (user_id, for_not_following, for_not_followers, for_new_accounts,
		for_private_mentions, for_limited_accounts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET for_not_following = excluded.for_not_following, for_not_followers = excluded.for_not_followers,
		for_new_accounts = excluded.for_new_accounts, for_private_mentions = excluded.for_private_mentions,
		for_limited_accounts = excluded.for_limited_accounts, updated_at = excluded.updated_at`,
		userID, p.ForNotFollowing, p.ForNotFollowers, p.ForNewAccounts, p.ForPrivateMentions, p.ForLimitedAccounts, time.Now().UTC()); err != nil {
		return fmt.Errorf("store: set notification policy: %w", err)
	}
	return nil
}
