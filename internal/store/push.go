package store

import (
	"context"

	"encoding/json"
	"fmt"
	"time"
)

// Push policies: whose notifications are pushed.
const (
	PushPolicyAll      = "all"
	PushPolicyFollowed = "followed" // accounts the user follows
	PushPolicyFollower = "follower" // accounts following the user
	PushPolicyNone     = "none"
)

// PushSubscription is a Web Push subscription of one access token.
type PushSubscription struct {
	ID        string
	TokenID   string
	UserID    string
	Endpoint  string
	P256dh    string // the user agent's ECDH public key (base64url)
	Auth      string // the user agent's 16-byte auth secret (base64url)
	Standard  bool
	Alerts    map[string]bool
	Policy    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const pushColumns = `id, token_id, user_id, endpoint, key_p256dh, key_auth, standard, alerts, policy, created_at, updated_at`

func scanPush(row interface{ Scan(...any) error }) (*PushSubscription, error) {
	var p PushSubscription
	var alerts string
	if err := row.Scan(&p.ID, &p.TokenID, &p.UserID, &p.Endpoint, &p.P256dh, &p.Auth, &p.Standard, &alerts, &p.Policy,
		&p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.Alerts = map[string]bool{}
	_ = json.Unmarshal([]byte(alerts), &p.Alerts)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// ReplacePushSubscription stores p as the subscription of its token, replacing any earlier one
// (with a new id, as Mastodon does).
func (d *DB) ReplacePushSubscription(ctx context.Context, p *PushSubscription) error {
	alerts, err := json.Marshal(p.Alerts)
	if err != nil {
		return err
	}
	p.ID = NewID()
	p.CreatedAt = time.Now().UTC()
	p.UpdatedAt = p.CreatedAt
	_, err = d.exec(ctx, `INSERT INTO push_subscriptions (`+pushColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (token_id) DO UPDATE SET id = excluded.id, endpoint = excluded.endpoint,
			key_p256dh = excluded.key_p256dh, key_auth = excluded.key_auth, standard = excluded.standard,
			alerts = excluded.alerts, policy = excluded.policy, created_at = excluded.created_at,
			updated_at = excluded.updated_at`,
		p.ID, p.TokenID, p.UserID, p.Endpoint, p.P256dh, p.Auth, p.Standard, string(alerts), p.Policy, p.CreatedAt, p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: push subscription: %w", err)
	}
	return nil
}

// UpdatePushData changes the alerts and policy of a token's subscription.
func (d *DB) UpdatePushData(ctx context.Context, tokenID string, alerts map[string]bool, policy string) error {
	raw, err := json.Marshal(alerts)
	if err != nil {
		return err
	}
	res, err := d.exec(ctx, `UPDATE push_subscriptions SET alerts = ?, policy = ?, updated_at = ? WHERE token_id = ?`,
		string(raw), policy, time.Now().UTC(), tokenID)
	if err != nil {
		return fmt.Errorf("store: update push subscription: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: push subscription of token %s: %w", tokenID, ErrNotFound)
	}
	return nil
}

// PushSubscriptionByToken returns a token's subscription, or ErrNotFound.
func (d *DB) PushSubscriptionByToken(ctx context.Context, tokenID string) (*PushSubscription, error) {
	p, err := scanPush(d.queryRow(ctx, `SELECT `+pushColumns+` FROM push_subscriptions WHERE token_id = ?`, tokenID))
	if err != nil {
		return nil, notFound(err, "push subscription")
	}
	return p, nil
}

// DeletePushSubscriptionOfToken removes a token's subscription (none is not an error).
func (d *DB) DeletePushSubscriptionOfToken(ctx context.Context, tokenID string) error {
	if _, err := d.exec(ctx, `DELETE FROM push_subscriptions WHERE token_id = ?`, tokenID); err != nil {
		return fmt.Errorf("store: delete push subscription: %w", err)
	}
	return nil
}

// DeletePushSubscription removes a subscription by id (the push service said it is gone).
func (d *DB) DeletePushSubscription(ctx context.Context, id string) error {
	if _, err := d.exec(ctx, `DELETE FROM push_subscriptions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete push subscription: %w", err)
	}
	return nil
}

// PushSubscriptionsOfUser lists a user's subscriptions whose tokens are still valid at now.
func (d *DB) PushSubscriptionsOfUser(ctx context.Context, userID string, now time.Time) ([]*PushSubscription, error) {
	rows, err := d.query(ctx, `SELECT `+prefixed("p", pushColumns)+` FROM push_subscriptions p
		JOIN oauth_tokens t ON t.id = p.token_id
		WHERE p.user_id = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
		ORDER BY p.id`, userID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: push subscriptions: %w", err)
	}
	defer rows.Close()
	var out []*PushSubscription
	for rows.Next() {
		p, err := scanPush(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PushSubscriptionByID returns one subscription, or ErrNotFound.
func (d *DB) PushSubscriptionByID(ctx context.Context, id string) (*PushSubscription, error) {
	p, err := scanPush(d.queryRow(ctx, `SELECT `+pushColumns+` FROM push_subscriptions WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "push subscription "+id)
	}
	return p, nil
}
