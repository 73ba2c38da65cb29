package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The batch lookups below load what a page of statuses or accounts needs in one query each,
// so rendering a page costs a fixed number of queries whatever its size.

func inList(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func uniq(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// UsersByAPIDs returns the stored users among ids, by ap_id.
func (d *DB) UsersByAPIDs(ctx context.Context, ids []string) (map[string]*User, error) {
	ids = uniq(ids)
	out := make(map[string]*User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT `+userColumns+` FROM users WHERE ap_id IN (`+inList(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: users by ap_id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out[u.APID] = u
	}
	return out, rows.Err()
}

// ObjectsByAPIDs returns the stored objects among ids, by ap_id.
func (d *DB) ObjectsByAPIDs(ctx context.Context, ids []string) (map[string]*Object, error) {
	ids = uniq(ids)
	out := make(map[string]*Object, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT `+objectColumns+` FROM objects WHERE ap_id IN (`+inList(len(ids))+`)`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: objects by ap_id: %w", err)
	}
	list, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		out[o.APID] = o
	}
	return out, nil
}

// RelationshipCounts counts, per object, the relationships of each type (likes and boosts of
// a page of statuses; followers of a page of accounts): counts[object][type].
func (d *DB) RelationshipCounts(ctx context.Context, types, objects []string) (map[string]map[string]int, error) {
	objects = uniq(objects)
	out := make(map[string]map[string]int, len(objects))
	if len(objects) == 0 || len(types) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT object, type, count(*) FROM relationships WHERE type IN (`+inList(len(types))+`)
		AND object IN (`+inList(len(objects))+`) GROUP BY object, type`, append(anys(types), anys(objects)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: relationship counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var obj, typ string
		var n int
		if err := rows.Scan(&obj, &typ, &n); err != nil {
			return nil, err
		}
		if out[obj] == nil {
			out[obj] = map[string]int{}
		}
		out[obj][typ] = n
	}
	return out, rows.Err()
}

// RelationshipsOf returns the relationships actor holds with any of objects, of the given
// types (or type prefixes ending in ":", like "EmojiReact:"): has[object][type] = the row.
func (d *DB) RelationshipsOf(ctx context.Context, actor string, types, objects []string) (map[string]map[string]*Relationship, error) {
	objects = uniq(objects)
	out := make(map[string]map[string]*Relationship, len(objects))
	if actor == "" || len(objects) == 0 || len(types) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT id, type, actor, object, activity_ap_id, emoji_url, created_at FROM relationships
		WHERE actor = ? AND object IN (`+inList(len(objects))+`)`, append([]any{actor}, anys(objects)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: relationships of %s: %w", actor, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Relationship
		var act, emoji sql.NullString
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &act, &emoji, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.ActivityAPID, r.EmojiURL = act.String, emoji.String
		for _, t := range types {
			if r.Type == t || (strings.HasSuffix(t, ":") && strings.HasPrefix(r.Type, t)) {
				if out[r.Object] == nil {
					out[r.Object] = map[string]*Relationship{}
				}
				out[r.Object][r.Type] = &r
				break
			}
		}
	}
	return out, rows.Err()
}

// ReactionCount is how many actors reacted to an object with one emoji.
type ReactionCount struct {
	Emoji string
	URL   string // custom emoji image, when any
	Count int
}

// ReactionCounts groups the EmojiReact relationships of each object by emoji, most used first.
func (d *DB) ReactionCounts(ctx context.Context, objects []string) (map[string][]ReactionCount, error) {
	objects = uniq(objects)
	out := make(map[string][]ReactionCount, len(objects))
	if len(objects) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT object, type, max(emoji_url), count(*) FROM relationships
		WHERE type LIKE 'EmojiReact:%' AND object IN (`+inList(len(objects))+`)
		GROUP BY object, type ORDER BY object, count(*) DESC, type`, anys(objects)...)
	if err != nil {
		return nil, fmt.Errorf("store: reaction counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var obj, typ string
		var url sql.NullString
		var n int
		if err := rows.Scan(&obj, &typ, &url, &n); err != nil {
			return nil, err
		}
		out[obj] = append(out[obj], ReactionCount{Emoji: strings.TrimPrefix(typ, RelEmojiReact), URL: url.String, Count: n})
	}
	return out, rows.Err()
}

// countBy runs a "SELECT key, count(*) … GROUP BY key" over keys (placed after the leading
// args) and returns the counts by key; keys without rows are absent (zero).
func (d *DB) countBy(ctx context.Context, what, query string, leading []any, keys []string) (map[string]int, error) {
	keys = uniq(keys)
	out := make(map[string]int, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, strings.Replace(query, "(KEYS)", "("+inList(len(keys))+")", 1), append(leading, anys(keys)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// RelationshipCountsBy counts, per actor, the relationships of a type they hold (whom each
// account of a page follows): counts[actor].
func (d *DB) RelationshipCountsBy(ctx context.Context, typ string, actors []string) (map[string]int, error) {
	return d.countBy(ctx, "relationship counts by actor",
		`SELECT actor, count(*) FROM relationships WHERE type = ? AND actor IN (KEYS) GROUP BY actor`, []any{typ}, actors)
}

// ReplyCounts counts the stored replies of each object.
func (d *DB) ReplyCounts(ctx context.Context, objects []string) (map[string]int, error) {
	return d.countBy(ctx, "reply counts", `SELECT in_reply_to, count(*) FROM objects WHERE in_reply_to IN (KEYS)
		AND type IN ('Note', 'Question') GROUP BY in_reply_to`, nil, objects)
}

// StatusCounts returns each actor's number of Notes and Questions: users.statuses_count, which
// triggers on objects keep in step with every insert and delete (migration 0012). Actors
// without a users row are absent (zero).
func (d *DB) StatusCounts(ctx context.Context, actors []string) (map[string]int, error) {
	return d.countBy(ctx, "status counts", `SELECT ap_id, statuses_count FROM users WHERE ap_id IN (KEYS)`, nil, actors)
}
