package store

import (
	"context"
	"fmt"
	"time"
)

// Discovery: trends, the profile directory and follow suggestions, computed from recent public
// activity in objects, relationships and users.

// RelDismissSuggestion is a local user's "not interested" in an account suggested to them.
const RelDismissSuggestion = "DismissSuggestion"

// TrendingTags returns the hashtags of public statuses published since since, by how many
// accounts used them, then how often.
func (d *DB) TrendingTags(ctx context.Context, since time.Time, offset, limit int) ([]string, error) {
	rows, err := d.query(ctx, `SELECT h.tag FROM hashtags h JOIN objects o ON o.id = h.object_id
		WHERE o.published >= ? AND o.visibility = 'public' AND o.type IN ('Note', 'Question')
		GROUP BY h.tag ORDER BY count(DISTINCT o.actor) DESC, count(*) DESC, h.tag LIMIT ? OFFSET ?`, since.UTC(), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: trending tags: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrendingStatuses returns public statuses by how many favourites and boosts they got since
// since.
func (d *DB) TrendingStatuses(ctx context.Context, since time.Time, offset, limit int) ([]*Object, error) {
	rows, err := d.query(ctx, `SELECT `+prefixed("o", objectColumns)+` FROM objects o
		JOIN (SELECT r.object AS target, count(*) AS n FROM relationships r
			WHERE r.type IN ('Like', 'Announce') AND r.created_at >= ? GROUP BY r.object) s ON s.target = o.ap_id
		WHERE o.visibility = 'public' AND o.type IN ('Note', 'Question')
		ORDER BY s.n DESC, o.id DESC LIMIT ? OFFSET ?`, since.UTC(), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: trending statuses: %w", err)
	}
	defer rows.Close()
	var out []*Object
	for rows.Next() {
		o, err := scanObject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Directory returns discoverable people (not services such as the instance actor): the most
// recently active first ("active": by their latest status) or the newest ("new"), local ones
// only when local.
func (d *DB) Directory(ctx context.Context, order string, local bool, offset, limit int) ([]*User, error) {
	q := `SELECT ` + prefixed("u", userColumns) + ` FROM users u WHERE u.discoverable AND u.actor_type = 'Person'`
	if local {
		q += ` AND u.local`
	}
	if order == "new" {
		q += ` ORDER BY u.created_at DESC, u.id DESC`
	} else {
		q += ` ORDER BY (SELECT max(o.id) FROM objects o WHERE o.actor = u.ap_id AND o.type IN ('Note', 'Question')
			AND o.visibility IN ('public', 'unlisted')) DESC NULLS LAST, u.id DESC`
	}
	q += ` LIMIT ? OFFSET ?`
	return d.userList(ctx, q, limit, offset)
}

// Suggestions returns discoverable people for me to follow: not me, not followed, blocked,
// muted or dismissed by me, not blocking me; the most followed first.
func (d *DB) Suggestions(ctx context.Context, me string, limit int) ([]*User, error) {
	return d.userList(ctx, `SELECT `+prefixed("u", userColumns)+` FROM users u
		WHERE u.discoverable AND u.actor_type = 'Person' AND u.ap_id <> ?
		AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.actor = ? AND r.object = u.ap_id
			AND r.type IN ('Follow', 'FollowRequest', 'Block', 'Mute', '`+RelDismissSuggestion+`'))
		AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.actor = u.ap_id AND r.object = ? AND r.type = 'Block')
		ORDER BY (SELECT count(*) FROM relationships f WHERE f.type = 'Follow' AND f.object = u.ap_id) DESC, u.id DESC
		LIMIT ?`, me, me, me, limit)
}

func (d *DB) userList(ctx context.Context, q string, args ...any) ([]*User, error) {
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
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
