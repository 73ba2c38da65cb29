package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
)

// idPrefixAt is the time part of the ids of time t: every id made at t or later compares
// greater or equal. (Not NewIDAt: a past time would reset the monotonic entropy of new ids.)
func idPrefixAt(t time.Time) string {
	var u ulid.ULID
	_ = u.SetTime(ulid.Timestamp(t))
	return u.String()[:10]
}

// Relationship types of hashtags: the object is the tag's name (lowercase, without '#').
// Neither is federated as a relationship (featured tags appear in the actor's document).
const (
	RelFollowTag   = "FollowTag"   // the actor follows the tag: its public posts join their home
	RelFeaturedTag = "FeaturedTag" // the actor features the tag on their profile
)

// TagDay is a hashtag's use on one day (UTC): how many public statuses, by how many accounts.
type TagDay struct {
	Day      time.Time
	Uses     int
	Accounts int
}

// TagHistory returns the use of tag on each of the last days days, today first.
func (d *DB) TagHistory(ctx context.Context, tag string, days int, now time.Time) ([]TagDay, error) {
	today := now.UTC().Truncate(24 * time.Hour)
	out := make([]TagDay, days)
	var cases []string
	var args []any
	for i := range days {
		out[i].Day = today.AddDate(0, 0, -i)
		cases = append(cases, fmt.Sprintf("WHEN h.object_id >= ? THEN %d", i))
		args = append(args, idPrefixAt(out[i].Day))
	}
	args = append(args, tag, idPrefixAt(out[days-1].Day))
	rows, err := d.query(ctx, `SELECT CASE `+strings.Join(cases, " ")+` END AS day, count(*), count(DISTINCT o.actor)
		FROM hashtags h JOIN objects o ON o.id = h.object_id
		WHERE h.tag = ? AND h.object_id >= ? AND o.type IN ('Note', 'Question') AND o.visibility = 'public'
		GROUP BY 1`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tag history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, uses, accounts int
		if err := rows.Scan(&day, &uses, &accounts); err != nil {
			return nil, err
		}
		if day >= 0 && day < days {
			out[day].Uses, out[day].Accounts = uses, accounts
		}
	}
	return out, rows.Err()
}

// TagUse is how an account uses a tag: its public and unlisted statuses with it.
type TagUse struct {
	Tag      string
	Statuses int
	Last     time.Time
}

// TagUses returns how actor uses each of tags (tags it never used are missing).
func (d *DB) TagUses(ctx context.Context, actor string, tags []string) (map[string]TagUse, error) {
	out := map[string]TagUse{}
	if len(tags) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT h.tag, count(*), max(o.id) FROM hashtags h JOIN objects o ON o.id = h.object_id
		WHERE o.actor = ? AND o.type IN ('Note', 'Question') AND o.visibility IN ('public', 'unlisted') AND h.tag IN (`+
		inList(len(tags))+`) GROUP BY h.tag`, append([]any{actor}, anys(tags)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: tag uses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u TagUse
		var last string
		if err := rows.Scan(&u.Tag, &u.Statuses, &last); err != nil {
			return nil, err
		}
		u.Last, _ = IDTime(last)
		out[u.Tag] = u
	}
	return out, rows.Err()
}

// RecentTags returns the tags actor used most recently in public and unlisted statuses,
// except those in skip, at most limit.
func (d *DB) RecentTags(ctx context.Context, actor string, skip []string, limit int) ([]string, error) {
	q := `SELECT h.tag FROM hashtags h JOIN objects o ON o.id = h.object_id
		WHERE o.actor = ? AND o.type IN ('Note', 'Question') AND o.visibility IN ('public', 'unlisted')`
	args := []any{actor}
	if len(skip) > 0 {
		q += ` AND h.tag NOT IN (` + inList(len(skip)) + `)`
		args = append(args, anys(skip)...)
	}
	return d.strings(ctx, q+` GROUP BY h.tag ORDER BY max(o.id) DESC, h.tag LIMIT ?`, append(args, limit)...)
}

// RelationshipByID returns the relationship with this id of a type held by actor, or
// ErrNotFound.
func (d *DB) RelationshipByID(ctx context.Context, typ, actor, id string) (*Relationship, error) {
	var r Relationship
	err := d.queryRow(ctx, `SELECT id, type, actor, object, created_at, updated_at FROM relationships
		WHERE id = ? AND type = ? AND actor = ?`, id, typ, actor).Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, notFound(err, typ+" "+id)
	}
	return &r, nil
}
