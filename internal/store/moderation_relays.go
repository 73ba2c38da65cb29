package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Relay states: the instance actor's Follow is pending until the relay accepts it.
const (
	RelayPending  = "pending"
	RelayAccepted = "accepted"
)

// Relay is a relay the instance actor follows (or asked to): its actor, the inbox the Follow
// went to, and the Follow activity.
type Relay struct {
	ID         string
	APID       string
	Inbox      string
	State      string
	FollowAPID string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

const relayColumns = `id, ap_id, inbox, state, follow_ap_id, created_at, updated_at`

func scanRelay(row interface{ Scan(...any) error }) (*Relay, error) {
	var r Relay
	if err := row.Scan(&r.ID, &r.APID, &r.Inbox, &r.State, &r.FollowAPID, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

// AddRelay stores a new relay subscription (pending unless State says otherwise); a relay
// already subscribed to gives ErrTaken.
func (d *DB) AddRelay(ctx context.Context, r *Relay) error {
	now := time.Now().UTC()
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.State == "" {
		r.State = RelayPending
	}
	r.CreatedAt, r.UpdatedAt = now, now
	_, err := d.exec(ctx, `INSERT INTO relays (`+relayColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.APID, r.Inbox, r.State, r.FollowAPID, now, now)
	if err != nil {
		if d.d.isUnique(err) {
			return fmt.Errorf("store: relay %s: %w", r.APID, ErrTaken)
		}
		return fmt.Errorf("store: add relay %s: %w", r.APID, err)
	}
	return nil
}

// Relays lists the relay subscriptions, oldest first.
func (d *DB) Relays(ctx context.Context) ([]*Relay, error) {
	rows, err := d.query(ctx, `SELECT `+relayColumns+` FROM relays ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: relays: %w", err)
	}
	defer rows.Close()
	var out []*Relay
	for rows.Next() {
		r, err := scanRelay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RelayByID returns a relay subscription by its id, or ErrNotFound.
func (d *DB) RelayByID(ctx context.Context, id string) (*Relay, error) {
	r, err := scanRelay(d.queryRow(ctx, `SELECT `+relayColumns+` FROM relays WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "relay "+id)
	}
	return r, nil
}

// RelayByAPID returns the subscription to the relay with this actor id, or ErrNotFound.
func (d *DB) RelayByAPID(ctx context.Context, apID string) (*Relay, error) {
	r, err := scanRelay(d.queryRow(ctx, `SELECT `+relayColumns+` FROM relays WHERE ap_id = ?`, apID))
	if err != nil {
		return nil, notFound(err, "relay "+apID)
	}
	return r, nil
}

// SetRelayFollow records the Follow activity sent to the relay.
func (d *DB) SetRelayFollow(ctx context.Context, apID, followAPID string) error {
	if _, err := d.exec(ctx, `UPDATE relays SET follow_ap_id = ?, updated_at = ? WHERE ap_id = ?`,
		followAPID, time.Now().UTC(), apID); err != nil {
		return fmt.Errorf("store: relay %s: %w", apID, err)
	}
	return nil
}

// SetRelayState moves the subscription to the relay apID to state; it reports whether there
// was one.
func (d *DB) SetRelayState(ctx context.Context, apID, state string) (bool, error) {
	res, err := d.exec(ctx, `UPDATE relays SET state = ?, updated_at = ? WHERE ap_id = ?`, state, time.Now().UTC(), apID)
	if err != nil {
		return false, fmt.Errorf("store: relay %s: %w", apID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteRelay removes the subscription to the relay apID; it reports whether there was one.
func (d *DB) DeleteRelay(ctx context.Context, apID string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM relays WHERE ap_id = ?`, apID)
	if err != nil {
		return false, fmt.Errorf("store: delete relay %s: %w", apID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// AcceptedRelay reports whether actor is a relay that accepted our subscription: its
// Announces bring public posts to the federated timeline instead of boosts.
func (d *DB) AcceptedRelay(ctx context.Context, actor string) (bool, error) {
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM relays WHERE ap_id = ? AND state = ?`, actor, RelayAccepted).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: relay %s: %w", actor, err)
	}
	return true, nil
}
