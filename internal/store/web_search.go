package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The queries of the web UI's search, explore and notification pages.

// likePattern escapes s for a LIKE … ESCAPE '\' pattern; the caller adds the wildcards.
func likePattern(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(s))
}

// SearchAccounts returns up to limit accounts (people, bots and groups, never the instance
// actor) whose nickname starts with q or whose display name contains it, ignoring case: local
// accounts first, then by nickname.
func (d *DB) SearchAccounts(ctx context.Context, q string, limit int) ([]*User, error) {
	q = strings.TrimSpace(q)
	if q == "" || limit <= 0 {
		return nil, nil
	}
	if limit > 80 {
		limit = 80
	}
	p := likePattern(q)
	rows, err := d.query(ctx, `SELECT `+userColumns+` FROM users
		WHERE actor_type <> 'Application' AND (lower(nickname) LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\')
		ORDER BY local DESC, lower(nickname), domain LIMIT ?`, p+"%", "%"+p+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("store: search accounts: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan user: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SearchStatuses returns up to limit statuses published since the given time whose content
// contains text (ignoring case), that viewer may see and whose authors viewer neither blocks
// nor mutes (nor is blocked by), newest first, with ids below maxID when it is set.
func (d *DB) SearchStatuses(ctx context.Context, text, viewer string, since time.Time, maxID string, limit int) ([]*Object, error) {
	text = strings.TrimSpace(text)
	if text == "" || limit <= 0 {
		return nil, nil
	}
	if limit > 80 {
		limit = 80
	}
	content := `lower(o.data->>'content')`
	if d.d.Name() == "sqlite" {
		content = `lower(json_extract(o.data, '$.content'))`
	}
	vis, vargs := visibleSQL(viewer)
	q := `SELECT ` + prefixed("o", objectColumns) + ` FROM objects o WHERE ` + statusTypesSQL + ` AND o.id > ? AND ` +
		content + ` LIKE ? ESCAPE '\' AND ` + vis
	args := append([]any{idPrefixAt(since), "%" + likePattern(text) + "%"}, vargs...)
	if viewer != "" {
		hidden, hargs := hiddenActorSQL("o.actor", viewer)
		q += ` AND ` + hidden
		args = append(args, hargs...)
	}
	if maxID != "" {
		q += ` AND o.id < ?`
		args = append(args, maxID)
	}
	rows, err := d.query(ctx, q+` ORDER BY o.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: search statuses: %w", err)
	}
	return collectObjects(rows)
}

// TagCount is a hashtag and how much it was used.
type TagCount struct {
	Tag      string
	Statuses int
	People   int
}

// SearchTags returns up to limit hashtags starting with prefix (lowercase, without '#'), the
// most used first.
func (d *DB) SearchTags(ctx context.Context, prefix string, limit int) ([]TagCount, error) {
	if prefix == "" {
		return nil, nil
	}
	rows, err := d.query(ctx, `SELECT h.tag, count(*), 0 FROM hashtags h WHERE h.tag LIKE ? ESCAPE '\'
		GROUP BY h.tag ORDER BY count(*) DESC, h.tag LIMIT ?`, likePattern(prefix)+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("store: search tags: %w", err)
	}
	return collectTagCounts(rows)
}

func collectTagCounts(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]TagCount, error) {
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.Tag, &t.Statuses, &t.People); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PendingRequesters reports which of actors have a pending follow request to object (one
// query, for a page of follow-request notifications).
func (d *DB) PendingRequesters(ctx context.Context, object string, actors []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(actors) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT actor FROM relationships WHERE type = ? AND object = ? AND actor IN (`+
		inList(len(actors))+`)`, append([]any{RelFollowRequest, object}, anys(actors)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: pending requesters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out[a] = true
	}
	return out, rows.Err()
}
