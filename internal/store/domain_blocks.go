package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// RelDomainBlock is a user's block of a whole domain: a relationship from the user's actor to
// the domain name (lowercase, ASCII). Not federated.
const RelDomainBlock = "DomainBlock"

// Hiding is what a viewer hides from timelines besides blocked and muted accounts: the posts
// and boosts of accounts on the domains they block, and (in the home timeline) the posts of
// the accounts of their exclusive lists. The zero value hides nothing and costs nothing.
type Hiding struct {
	Viewer         string     // the viewer's actor, with ExclusiveLists
	Domains        []string   // domains the viewer blocks
	ExclusiveLists []string   // ids of the viewer's exclusive lists
	Moderation     Moderation // what the instance hides from everyone (moderation_users.go)
}

// SQL is the condition on the objects row o, "" when nothing is hidden.
func (h Hiding) SQL() (string, []any) {
	var conds []string
	var args []any
	if len(h.Domains) > 0 {
		in := inList(len(h.Domains))
		conds = append(conds, `NOT EXISTS (SELECT 1 FROM users hd WHERE hd.ap_id = o.actor AND hd.domain IN (`+in+`))`,
			`NOT (o.type = 'Announce' AND EXISTS (SELECT 1 FROM objects hb JOIN users hu ON hu.ap_id = hb.actor
				WHERE hb.ap_id = o.object AND hu.domain IN (`+in+`)))`)
		args = append(append(args, anys(h.Domains)...), anys(h.Domains)...)
	}
	if len(h.ExclusiveLists) > 0 && h.Viewer != "" {
		types := make([]string, len(h.ExclusiveLists))
		for i, id := range h.ExclusiveLists {
			types[i] = RelListPrefix + id
		}
		conds = append(conds, `o.actor NOT IN (SELECT hl.object FROM relationships hl WHERE hl.actor = ? AND hl.type IN (`+
			inList(len(types))+`))`)
		args = append(append(args, h.Viewer), anys(types)...)
	}
	if c, a := h.Moderation.SQL(); c != "" {
		conds, args = append(conds, c), append(args, a...)
	}
	return strings.Join(conds, " AND "), args
}

// BlockedDomains returns the domains actor blocks.
func (d *DB) BlockedDomains(ctx context.Context, actor string) ([]string, error) {
	if actor == "" {
		return nil, nil
	}
	return d.strings(ctx, `SELECT object FROM relationships WHERE type = ? AND actor = ? ORDER BY object`, RelDomainBlock, actor)
}

// DomainBlocked reports whether viewer blocks the domain of the account actor.
func (d *DB) DomainBlocked(ctx context.Context, viewer, actor string) (bool, error) {
	if viewer == "" {
		return false, nil
	}
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM users u JOIN relationships r ON r.object = u.domain
		WHERE u.ap_id = ? AND r.type = ? AND r.actor = ?`, actor, RelDomainBlock, viewer).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: domain blocked: %w", err)
	}
	return true, nil
}

// RelationshipsWithDomain returns the relationships of a type between actor and the accounts
// on domain: those held on actor (inverse false: its followers there) or by actor (inverse
// true: whom it follows there).
func (d *DB) RelationshipsWithDomain(ctx context.Context, typ, actor, domain string, inverse bool) ([]*Relationship, error) {
	mine, other := "r.object", "r.actor"
	if inverse {
		mine, other = "r.actor", "r.object"
	}
	rows, err := d.query(ctx, `SELECT r.id, r.type, r.actor, r.object, r.activity_ap_id FROM relationships r
		JOIN users u ON u.ap_id = `+other+` WHERE r.type = ? AND `+mine+` = ? AND u.domain = ? ORDER BY r.id`, typ, actor, domain)
	if err != nil {
		return nil, fmt.Errorf("store: relationships with %s: %w", domain, err)
	}
	defer rows.Close()
	var out []*Relationship
	for rows.Next() {
		var r Relationship
		var act sql.NullString
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &act); err != nil {
			return nil, err
		}
		r.ActivityAPID = act.String
		out = append(out, &r)
	}
	return out, rows.Err()
}

// DeleteNotificationsFromDomain removes a user's notifications caused by accounts on domain.
func (d *DB) DeleteNotificationsFromDomain(ctx context.Context, userID, domain string) error {
	_, err := d.exec(ctx, `DELETE FROM notifications WHERE user_id = ? AND actor IN (SELECT ap_id FROM users WHERE domain = ?)`,
		userID, domain)
	if err != nil {
		return fmt.Errorf("store: delete notifications from %s: %w", domain, err)
	}
	return nil
}
