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

// SearchStatuses returns up to limit statuses published since the given time whose text has
// every word of text (ignoring case, through the full-text index: web_search_index.go), that
// viewer may see and whose authors viewer neither blocks nor mutes (nor is blocked by),
// newest first, with ids below maxID when it is set: the web UI's search, over everything the
// viewer may see.
func (d *DB) SearchStatuses(ctx context.Context, text, viewer string, since time.Time, maxID string, limit int) ([]*Object, error) {
	return d.SearchStatusesIn(ctx, StatusSearch{Text: text, Viewer: viewer, Since: since, MaxID: maxID, Limit: limit})
}

// StatusSearch is a full-text search of statuses.
type StatusSearch struct {
	Text   string
	Viewer string    // the searcher's actor id ("" for a visitor)
	Since  time.Time // only statuses published since (zero: all)
	MaxID  string    // ids below it
	MinID  string    // ids above it
	Author string    // only this author's statuses
	Offset int
	Limit  int

	// Mastodon: only the statuses Mastodon lets a signed-in user search: those they wrote,
	// were addressed (mentioned) in, favourited or bookmarked, and the public statuses of
	// indexable (for us, discoverable) authors.
	Mastodon bool
}

// searchBatch is how many candidates from the full-text index SearchStatusesIn checks first,
// per status wanted; each further batch is twice as large.
const searchBatch = 2

// maxSearchOffset bounds the offset of a search page.
const maxSearchOffset = 1000

// SearchStatusesIn runs a search: statuses matching every word, visible to the viewer, not by
// an author the viewer blocks or mutes (or who blocks the viewer), newest first. Candidates
// come from the full-text index newest first, in batches, and each batch goes through the
// visibility and search-scope conditions in one query, until the page is full: a rare word
// reads only its few matches, a common one only the newest of its many.
func (d *DB) SearchStatusesIn(ctx context.Context, s StatusSearch) ([]*Object, error) {
	terms := searchTerms(s.Text)
	if len(terms) == 0 || s.Limit <= 0 {
		return nil, nil
	}
	want := min(s.Limit, 80) + min(max(s.Offset, 0), maxSearchOffset)
	after := s.MinID
	if !s.Since.IsZero() {
		if p := idPrefixAt(s.Since); p > after {
			after = p
		}
	}
	many, err := d.manyMatch(ctx, terms)
	if err != nil {
		return nil, err
	}
	var out []*Object
	before := s.MaxID
	for batch := searchBatch * want; len(out) < want; batch *= 2 {
		ids, err := d.matchingIDs(ctx, terms, many, after, before, batch)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			break
		}
		page, err := d.searchable(ctx, s, ids, want-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(ids) < batch {
			break
		}
		before = ids[len(ids)-1]
	}
	if skip := min(max(s.Offset, 0), maxSearchOffset); skip < len(out) {
		return out[skip:], nil
	}
	return nil, nil
}

// searchable returns, newest first, at most limit of the statuses ids that the search s lets
// its viewer find.
func (d *DB) searchable(ctx context.Context, s StatusSearch, ids []string, limit int) ([]*Object, error) {
	vis, vargs := visibleSQL(s.Viewer)
	q := `SELECT ` + prefixed("o", objectColumns) + ` FROM objects o WHERE o.id IN (` + inList(len(ids)) + `) AND ` +
		statusTypesSQL + ` AND ` + vis
	args := append(anys(ids), vargs...)
	if s.Viewer != "" {
		hidden, hargs := hiddenActorSQL("o.actor", s.Viewer)
		q += ` AND ` + hidden
		args = append(args, hargs...)
	}
	if s.Mastodon {
		q += ` AND (o.actor = ? OR EXISTS (SELECT 1 FROM addressing ad WHERE ad.object_id = o.id AND ad.recipient = ?)
			OR EXISTS (SELECT 1 FROM relationships fb WHERE fb.type IN ('Like', 'Bookmark') AND fb.actor = ? AND fb.object = o.ap_id)
			OR (o.visibility = 'public' AND EXISTS (SELECT 1 FROM users au WHERE au.ap_id = o.actor AND au.discoverable)))`
		args = append(args, s.Viewer, s.Viewer, s.Viewer)
	}
	if s.Author != "" {
		q += ` AND o.actor = ?`
		args = append(args, s.Author)
	}
	rows, err := d.query(ctx, q+` ORDER BY o.id DESC LIMIT ?`, d.customPlan(append(args, limit))...)
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
