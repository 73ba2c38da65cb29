package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Queries behind the status endpoints beyond posting and showing: threads (context), who
// favourited or boosted, a user's bookmarks, favourites and pins, emoji reactions, thread
// mutes and the idempotency keys of posting.

// RelPin is the relationship of a user with one of their statuses pinned to their profile.
const RelPin = "Pin"

// statusTypesSQL is the SQL condition on the objects row o that it is a status.
const statusTypesSQL = `o.type IN ('Note', 'Question')`

// hiddenSQL hides from viewer the objects of actors viewer blocks or mutes and of actors who
// block viewer, as timelines do ("" for an anonymous viewer). It starts with AND.
func hiddenSQL(viewer string) (string, []any) {
	if viewer == "" {
		return "", nil
	}
	return ` AND NOT EXISTS (SELECT 1 FROM relationships b WHERE b.actor = ? AND b.type IN ('Block', 'Mute')
			AND b.object = o.actor AND (b.expires_at IS NULL OR b.expires_at > ?))
		AND NOT EXISTS (SELECT 1 FROM relationships bb WHERE bb.type = 'Block' AND bb.actor = o.actor AND bb.object = ?)`,
		[]any{viewer, time.Now().UTC(), viewer}
}

// ThreadKey is what a thread mute applies to: the status's context, else the status itself.
func ThreadKey(o *Object) string {
	if o.Context != "" {
		return o.Context
	}
	return o.APID
}

// Ancestors returns the statuses above o in its thread that viewer may see, from the root
// down, following in_reply_to at most depth levels up.
func (d *DB) Ancestors(ctx context.Context, o *Object, viewer string, depth int) ([]*Object, error) {
	if o.InReplyTo == "" || depth <= 0 {
		return nil, nil
	}
	vis, args := visibleSQL(viewer)
	hid, hargs := hiddenSQL(viewer)
	args = append([]any{o.InReplyTo, depth, o.APID}, append(args, hargs...)...)
	rows, err := d.query(ctx, `WITH RECURSIVE up (ap_id, parent, depth) AS (
			SELECT ap_id, in_reply_to, 1 FROM objects WHERE ap_id = ?
			UNION ALL
			SELECT p.ap_id, p.in_reply_to, up.depth + 1 FROM objects p JOIN up ON p.ap_id = up.parent WHERE up.depth < ?
		)
		SELECT `+prefixed("o", objectColumns)+` FROM up JOIN objects o ON o.ap_id = up.ap_id
		WHERE `+statusTypesSQL+` AND o.ap_id <> ? AND `+vis+hid+` ORDER BY up.depth DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ancestors of %s: %w", o.APID, err)
	}
	list, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	return dedupe(list), nil
}

// Descendants returns at most limit statuses below o in its thread (replies, replies to
// them, …) that viewer may see, oldest first. The walk goes through statuses viewer cannot
// see, and ends on reply cycles.
func (d *DB) Descendants(ctx context.Context, o *Object, viewer string, limit int) ([]*Object, error) {
	vis, args := visibleSQL(viewer)
	hid, hargs := hiddenSQL(viewer)
	args = append([]any{o.APID, o.APID}, append(args, hargs...)...)
	args = append(args, limit)
	rows, err := d.query(ctx, `WITH RECURSIVE down (ap_id) AS (
			SELECT ap_id FROM objects WHERE in_reply_to = ? AND type IN ('Note', 'Question')
			UNION
			SELECT c.ap_id FROM objects c JOIN down ON c.in_reply_to = down.ap_id WHERE c.type IN ('Note', 'Question')
		)
		SELECT `+prefixed("o", objectColumns)+` FROM objects o WHERE o.ap_id IN (SELECT ap_id FROM down)
		AND o.ap_id <> ? AND `+vis+hid+` ORDER BY o.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: descendants of %s: %w", o.APID, err)
	}
	return collectObjects(rows)
}

func dedupe(list []*Object) []*Object {
	seen := map[string]bool{}
	out := list[:0]
	for _, o := range list {
		if !seen[o.APID] {
			seen[o.APID] = true
			out = append(out, o)
		}
	}
	return out
}

// Interactors lists, newest first and paged by relationship id, the relationships of a type
// with object (the Likes or Announces of a status). An Announce counts only when viewer may
// see the boost itself.
func (d *DB) Interactors(ctx context.Context, typ, object, viewer string, p Page) ([]*Relationship, error) {
	vis, args := visibleSQL(viewer)
	q, args := p.clause("r.id", append([]any{typ, object}, args...))
	rows, err := d.query(ctx, `SELECT r.id, r.type, r.actor, r.object, r.created_at FROM relationships r
		WHERE r.type = ? AND r.object = ? AND (r.type <> 'Announce' OR r.activity_ap_id IS NULL
			OR EXISTS (SELECT 1 FROM objects o WHERE o.ap_id = r.activity_ap_id AND `+vis+`))`+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s of %s: %w", typ, object, err)
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

// Related is a status with the id of the relationship that relates an actor to it.
type Related struct {
	RelID  string
	Status *Object
}

// prefixScanner scans one extra leading column before what the wrapped scan expects.
type prefixScanner struct {
	row   interface{ Scan(...any) error }
	first any
}

func (p prefixScanner) Scan(dst ...any) error { return p.row.Scan(append([]any{p.first}, dst...)...) }

// RelatedStatuses lists the statuses actor has a relationship of typ with (bookmarks,
// favourites, pins) that viewer may see, newest relationship first, paged by relationship id.
// With ascend, the page right after p.MinID is read oldest first and returned newest first.
func (d *DB) RelatedStatuses(ctx context.Context, typ, actor, viewer string, p Page, ascend bool) ([]Related, error) {
	vis, vargs := visibleSQL(viewer)
	args := append([]any{typ, actor}, vargs...)
	where := ""
	if p.MaxID != "" {
		where += " AND r.id < ?"
		args = append(args, p.MaxID)
	}
	if p.MinID != "" {
		where += " AND r.id > ?"
		args = append(args, p.MinID)
	}
	order := "DESC"
	if ascend && p.MinID != "" {
		order = "ASC"
	}
	limit := p.Limit
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	rows, err := d.query(ctx, `SELECT r.id, `+prefixed("o", objectColumns)+` FROM relationships r
		JOIN objects o ON o.ap_id = r.object WHERE r.type = ? AND r.actor = ? AND `+statusTypesSQL+` AND `+vis+where+`
		ORDER BY r.id `+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: %s statuses of %s: %w", typ, actor, err)
	}
	defer rows.Close()
	var out []Related
	for rows.Next() {
		var rel string
		o, err := scanObject(prefixScanner{rows, &rel})
		if err != nil {
			return nil, fmt.Errorf("store: scan related status: %w", err)
		}
		out = append(out, Related{RelID: rel, Status: o})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if order == "ASC" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

// PinnedStatuses returns actor's pinned statuses that viewer may see, last pinned first.
func (d *DB) PinnedStatuses(ctx context.Context, actor, viewer string) ([]*Object, error) {
	rel, err := d.RelatedStatuses(ctx, RelPin, actor, viewer, Page{Limit: 200}, false)
	if err != nil {
		return nil, err
	}
	out := make([]*Object, len(rel))
	for i, r := range rel {
		out[i] = r.Status
	}
	return out, nil
}

// Reactions lists the emoji reactions to object, oldest first, at most limit; only those of
// one emoji when emoji is not "".
func (d *DB) Reactions(ctx context.Context, object, emoji string, limit int) ([]*Relationship, error) {
	cond, args := `type LIKE 'EmojiReact:%'`, []any{object}
	if emoji != "" {
		cond = `type = ?`
		args = append(args, RelEmojiReact+emoji)
	}
	rows, err := d.query(ctx, `SELECT id, type, actor, object, activity_ap_id, emoji_url, created_at FROM relationships
		WHERE object = ? AND `+cond+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: reactions to %s: %w", object, err)
	}
	defer rows.Close()
	var out []*Relationship
	for rows.Next() {
		var r Relationship
		var act, url sql.NullString
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &act, &url, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.ActivityAPID, r.EmojiURL = act.String, url.String
		out = append(out, &r)
	}
	return out, rows.Err()
}

// ThreadMuted reports whether actor muted the thread of the object with this ap_id (a Mute
// relationship with its ThreadKey): notifications about it are not for them.
func (d *DB) ThreadMuted(ctx context.Context, actor, objectAPID string) (bool, error) {
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM objects o JOIN relationships r ON r.object = COALESCE(o.context, o.ap_id)
		WHERE o.ap_id = ? AND r.type = 'Mute' AND r.actor = ? AND (r.expires_at IS NULL OR r.expires_at > ?)`,
		objectAPID, actor, time.Now().UTC()).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: thread mute: %w", err)
	}
	return true, nil
}

// ReserveIdempotencyKey claims a user's Idempotency-Key for a new status. Keys created before
// expired are forgotten first. reserved is true when the caller holds the key now and must
// complete or release it; otherwise statusAPID is the status the key already produced, or ""
// while the request that holds it is still running.
func (d *DB) ReserveIdempotencyKey(ctx context.Context, userID, key string, expired time.Time) (statusAPID string, reserved bool, err error) {
	digest := Digest(key)
	if _, err := d.exec(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < ?`, userID, expired.UTC()); err != nil {
		return "", false, fmt.Errorf("store: expire idempotency keys: %w", err)
	}
	res, err := d.exec(ctx, `INSERT INTO idempotency_keys (user_id, key_digest, status_ap_id, created_at) VALUES (?, ?, NULL, ?)
		ON CONFLICT (user_id, key_digest) DO NOTHING`, userID, digest, time.Now().UTC())
	if err != nil {
		return "", false, fmt.Errorf("store: reserve idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return "", true, nil
	}
	var apID sql.NullString
	err = d.queryRow(ctx, `SELECT status_ap_id FROM idempotency_keys WHERE user_id = ? AND key_digest = ?`, userID, digest).Scan(&apID)
	if err != nil {
		return "", false, notFound(err, "idempotency key")
	}
	return apID.String, false, nil
}

// CompleteIdempotencyKey records the status a reserved key produced.
func (d *DB) CompleteIdempotencyKey(ctx context.Context, userID, key, statusAPID string) error {
	_, err := d.exec(ctx, `UPDATE idempotency_keys SET status_ap_id = ? WHERE user_id = ? AND key_digest = ?`,
		statusAPID, userID, Digest(key))
	if err != nil {
		return fmt.Errorf("store: complete idempotency key: %w", err)
	}
	return nil
}

// ReleaseIdempotencyKey forgets a key (its request failed, or its status is gone), so that it
// can be used again.
func (d *DB) ReleaseIdempotencyKey(ctx context.Context, userID, key string) error {
	if _, err := d.exec(ctx, `DELETE FROM idempotency_keys WHERE user_id = ? AND key_digest = ?`, userID, Digest(key)); err != nil {
		return fmt.Errorf("store: release idempotency key: %w", err)
	}
	return nil
}

// PruneIdempotencyKeys forgets every key created before expired (a periodic job's work; keys of
// active users are also pruned as they post).
func (d *DB) PruneIdempotencyKeys(ctx context.Context, expired time.Time) (int64, error) {
	res, err := d.exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, expired.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: prune idempotency keys: %w", err)
	}
	return res.RowsAffected()
}
