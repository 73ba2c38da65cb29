package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Relationship types. EmojiReact relationships are "EmojiReact:" + the emoji.
const (
	RelFollow        = "Follow"
	RelFollowRequest = "FollowRequest"
	RelLike          = "Like"
	RelAnnounce      = "Announce"
	RelBookmark      = "Bookmark"
	RelBlock         = "Block"
	RelMute          = "Mute"
	RelEmojiReact    = "EmojiReact:"
)

// Relationship is unique actor-to-object state.
type Relationship struct {
	ID           string
	Type         string
	Actor        string
	Object       string
	ActivityAPID string // the activity that created it, for Undo and Accept
	EmojiURL     string // custom emoji image of an EmojiReact
	ExpiresAt    *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// PutRelationship creates the relationship (type, actor, object) or, when it exists, updates
// its activity, emoji and expiry. It returns true when it was created.
func (d *DB) PutRelationship(ctx context.Context, r *Relationship) (bool, error) {
	now := time.Now().UTC()
	if r.ID == "" {
		r.ID = NewID()
	}
	var expires any
	if r.ExpiresAt != nil {
		expires = r.ExpiresAt.UTC()
	}
	var id string
	err := d.queryRow(ctx, `INSERT INTO relationships (id, type, actor, object, activity_ap_id, emoji_url, expires_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (type, actor, object) DO UPDATE SET activity_ap_id = excluded.activity_ap_id,
			emoji_url = excluded.emoji_url, expires_at = excluded.expires_at, updated_at = excluded.updated_at
		RETURNING id`,
		r.ID, r.Type, r.Actor, r.Object, nullStr(r.ActivityAPID), nullStr(r.EmojiURL), expires, now, now).Scan(&id)
	if err != nil {
		return false, fmt.Errorf("store: put relationship %s %s→%s: %w", r.Type, r.Actor, r.Object, err)
	}
	created := id == r.ID
	r.ID = id
	return created, nil
}

// Relationship returns the relationship (type, actor, object), or ErrNotFound. Expired ones
// (mutes with a duration) are not found.
func (d *DB) Relationship(ctx context.Context, typ, actor, object string) (*Relationship, error) {
	var r Relationship
	var act, emoji sql.NullString
	var expires sql.NullTime
	err := d.queryRow(ctx, `SELECT id, type, actor, object, activity_ap_id, emoji_url, expires_at, created_at, updated_at
		FROM relationships WHERE type = ? AND actor = ? AND object = ? AND (expires_at IS NULL OR expires_at > ?)`,
		typ, actor, object, time.Now().UTC()).
		Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &act, &emoji, &expires, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, notFound(err, "relationship "+typ)
	}
	r.ActivityAPID, r.EmojiURL = act.String, emoji.String
	if expires.Valid {
		t := expires.Time.UTC()
		r.ExpiresAt = &t
	}
	return &r, nil
}

// HasRelationship reports whether (type, actor, object) exists and has not expired.
func (d *DB) HasRelationship(ctx context.Context, typ, actor, object string) (bool, error) {
	var one int
	err := d.queryRow(ctx, `SELECT 1 FROM relationships WHERE type = ? AND actor = ? AND object = ?
		AND (expires_at IS NULL OR expires_at > ?)`, typ, actor, object, time.Now().UTC()).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: relationship %s: %w", typ, err)
	}
	return true, nil
}

// DeleteRelationship removes (type, actor, object) and reports whether it existed.
func (d *DB) DeleteRelationship(ctx context.Context, typ, actor, object string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM relationships WHERE type = ? AND actor = ? AND object = ?`, typ, actor, object)
	if err != nil {
		return false, fmt.Errorf("store: delete relationship %s: %w", typ, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteRelationshipsByActivity removes the relationships an activity created (for Undo).
func (d *DB) DeleteRelationshipsByActivity(ctx context.Context, activityAPID string) (int64, error) {
	res, err := d.exec(ctx, `DELETE FROM relationships WHERE activity_ap_id = ?`, activityAPID)
	if err != nil {
		return 0, fmt.Errorf("store: delete relationships of %s: %w", activityAPID, err)
	}
	return res.RowsAffected()
}

// DeleteRelationshipsOf removes every relationship of an object (when the object is deleted).
func (d *DB) DeleteRelationshipsOf(ctx context.Context, object string) error {
	if _, err := d.exec(ctx, `DELETE FROM relationships WHERE object = ?`, object); err != nil {
		return fmt.Errorf("store: delete relationships of %s: %w", object, err)
	}
	return nil
}

// RelationshipActors lists the actors having a relationship of this type with object (the
// followers of an actor, the likers of a note), oldest first.
func (d *DB) RelationshipActors(ctx context.Context, typ, object string) ([]string, error) {
	return d.strings(ctx, `SELECT actor FROM relationships WHERE type = ? AND object = ? ORDER BY id`, typ, object)
}

// RelationshipObjects lists the objects an actor has a relationship of this type with (the
// accounts a user follows), oldest first.
func (d *DB) RelationshipObjects(ctx context.Context, typ, actor string) ([]string, error) {
	return d.strings(ctx, `SELECT object FROM relationships WHERE type = ? AND actor = ? ORDER BY id`, typ, actor)
}

// CountRelationships counts relationships of this type with object.
func (d *DB) CountRelationships(ctx context.Context, typ, object string) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM relationships WHERE type = ? AND object = ?`, typ, object).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count relationships: %w", err)
	}
	return n, nil
}
