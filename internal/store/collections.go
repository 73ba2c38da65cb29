package store

import (
	"context"
	"fmt"
)

// Page bounds a listing by id: items with ids below MaxID (and above MinID), newest first, at
// most Limit.
type Page struct {
	MaxID, MinID string
	Limit        int
}

func (p Page) clause(col string, args []any) (string, []any) {
	q, args, _ := p.window(col, args, false)
	return q, args
}

// window is the paging tail of a query ordered by col: the max_id/min_id bounds, the order
// and the limit. With ascend and a MinID it reads the page right after min_id (oldest
// first); reversed then tells the caller to reverse the rows to newest first.
func (p Page) window(col string, args []any, ascend bool) (q string, _ []any, reversed bool) {
	if p.MaxID != "" {
		q += " AND " + col + " < ?"
		args = append(args, p.MaxID)
	}
	if p.MinID != "" {
		q += " AND " + col + " > ?"
		args = append(args, p.MinID)
	}
	limit := p.Limit
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	order := " DESC"
	if reversed = ascend && p.MinID != ""; reversed {
		order = " ASC"
	}
	q += " ORDER BY " + col + order + " LIMIT ?"
	return q, append(args, limit), reversed
}

// Outbox lists an actor's public and unlisted Create and Announce activities, newest first.
func (d *DB) Outbox(ctx context.Context, actor string, p Page) ([]*Object, error) {
	q, args := p.clause("o.id", []any{actor})
	rows, err := d.query(ctx, `SELECT `+prefixed("o", objectColumns)+` FROM objects o
		WHERE o.actor = ? AND o.type IN ('Create', 'Announce') AND o.visibility IN ('public', 'unlisted')`+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox of %s: %w", actor, err)
	}
	return collectObjects(rows)
}

// CountOutbox counts what Outbox lists.
func (d *DB) CountOutbox(ctx context.Context, actor string) (int, error) {
	var n int
	err := d.queryRow(ctx, `SELECT count(*) FROM objects WHERE actor = ? AND type IN ('Create', 'Announce')
		AND visibility IN ('public', 'unlisted')`, actor).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count outbox: %w", err)
	}
	return n, nil
}

// RelationshipPage lists, newest first, the relationships of a type with object (inverse
// false: e.g. an actor's followers) or of actor (inverse true: whom an actor follows), paged by
// relationship id. It returns the relationships; Actor/Object name the other side.
func (d *DB) RelationshipPage(ctx context.Context, typ, who string, inverse bool, p Page) ([]*Relationship, error) {
	col := "object"
	if inverse {
		col = "actor"
	}
	q, args := p.clause("id", []any{typ, who})
	rows, err := d.query(ctx, `SELECT id, type, actor, object, created_at FROM relationships WHERE type = ? AND `+col+` = ?`+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: relationships: %w", err)
	}
	defer rows.Close()
	var out []*Relationship
	for rows.Next() {
		var r Relationship
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// CountRelationshipsBy counts relationships of a type created by actor (whom someone follows).
func (d *DB) CountRelationshipsBy(ctx context.Context, typ, actor string) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM relationships WHERE type = ? AND actor = ?`, typ, actor).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count relationships: %w", err)
	}
	return n, nil
}

// CountLocalStatuses counts local Notes and Questions (NodeInfo localPosts).
func (d *DB) CountLocalStatuses(ctx context.Context) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM objects WHERE local AND type IN ('Note', 'Question')`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count statuses: %w", err)
	}
	return n, nil
}

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(alias, cols string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", "
		}
		out += alias + "." + c
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	cur := ""
	for _, r := range cols {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ', '\n', '\t':
		default:
			cur += string(r)
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}
