package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SetSuspended suspends the account (at, now or any time) or lifts its suspension (nil). A
// suspended local account's sessions end (SessionUser ignores them) and its tokens stop
// working (the API checks SuspendedAt).
func (d *DB) SetSuspended(ctx context.Context, userID string, at *time.Time) error {
	var v any
	if at != nil {
		v = at.UTC()
	}
	res, err := d.exec(ctx, `UPDATE users SET suspended_at = ? WHERE id = ?`, v, userID)
	if err != nil {
		return fmt.Errorf("store: suspend %s: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: suspend %s: %w", userID, ErrNotFound)
	}
	return nil
}

// SuspendedActors returns the actor ids of the suspended accounts (a partial index keeps this
// a read of the few).
func (d *DB) SuspendedActors(ctx context.Context) ([]string, error) {
	return d.strings(ctx, `SELECT ap_id FROM users WHERE suspended_at IS NOT NULL ORDER BY ap_id`)
}

// SuspendedRemoteUsers lists the suspended remote accounts, for the admin page.
func (d *DB) SuspendedRemoteUsers(ctx context.Context, limit int) ([]*User, error) {
	rows, err := d.query(ctx, `SELECT `+userColumns+` FROM users WHERE suspended_at IS NOT NULL AND NOT local
		ORDER BY suspended_at DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: suspended users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Moderation is what the instance hides from every timeline: the posts (and boosts of posts)
// of suspended accounts and, on public timelines, of accounts on blocked domains (silenced or
// suspended, subdomains included). The zero value hides nothing and costs nothing.
type Moderation struct {
	Suspended []string // actor ids
	Domains   []string // instance-blocked domains, for public timelines only
}

// Moderation reads what the instance hides; public says whether the timeline is a public one.
func (d *DB) Moderation(ctx context.Context, public bool) (Moderation, error) {
	var m Moderation
	rows, err := d.query(ctx, `SELECT 'a', ap_id FROM users WHERE suspended_at IS NOT NULL
		UNION ALL SELECT 'd', domain FROM instance_domain_blocks WHERE ?`, public)
	if err != nil {
		return m, fmt.Errorf("store: moderation: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, v string
		if err := rows.Scan(&kind, &v); err != nil {
			return m, err
		}
		if kind == "a" {
			m.Suspended = append(m.Suspended, v)
		} else {
			m.Domains = append(m.Domains, v)
		}
	}
	return m, rows.Err()
}

// Suspended reports whether the account actor is suspended.
func (d *DB) Suspended(ctx context.Context, actor string) (bool, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM users WHERE ap_id = ? AND suspended_at IS NOT NULL`, actor).Scan(&n); err != nil {
		return false, fmt.Errorf("store: suspended %s: %w", actor, err)
	}
	return n > 0, nil
}

// SQL is the condition on the objects row o, "" when nothing is hidden.
func (m Moderation) SQL() (string, []any) {
	var conds []string
	var args []any
	if len(m.Suspended) > 0 {
		in := inList(len(m.Suspended))
		conds = append(conds, `o.actor NOT IN (`+in+`)`,
			`NOT (o.type = 'Announce' AND EXISTS (SELECT 1 FROM objects ms WHERE ms.ap_id = o.object AND ms.actor IN (`+in+`)))`)
		args = append(append(args, anys(m.Suspended)...), anys(m.Suspended)...)
	}
	if len(m.Domains) > 0 {
		var match []string
		var margs []any
		for _, dom := range m.Domains {
			match = append(match, `md.domain = ? OR md.domain LIKE ? OR md.domain LIKE ? OR md.domain LIKE ?`)
			margs = append(margs, dom, "%."+dom, dom+":%", "%."+dom+":%")
		}
		cond := strings.Join(match, " OR ")
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM users md WHERE md.ap_id = o.actor AND (`+cond+`))`)
		args = append(args, margs...)
	}
	return strings.Join(conds, " AND "), args
}
