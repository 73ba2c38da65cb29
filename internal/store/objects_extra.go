package store

import (
	"context"
	"fmt"
)

// Deletions for the Delete activity, the admin lookup for reports, and a locking read for
// read-modify-write of an object (poll votes, edits).

// ObjectByAPIDForUpdate is ObjectByAPID that also locks the row until the transaction ends,
// so that concurrent read-modify-writes of it (two votes on one poll) serialize. On SQLite
// write transactions are already serialized (BEGIN IMMEDIATE) and it is a plain read.
func (d *DB) ObjectByAPIDForUpdate(ctx context.Context, apID string) (*Object, error) {
	lock := ""
	if d.d.Name() == "postgres" {
		lock = " FOR UPDATE"
	}
	o, err := scanObject(d.queryRow(ctx, `SELECT `+objectColumns+` FROM objects WHERE ap_id = ?`+lock, apID))
	if err != nil {
		return nil, notFound(err, "object "+apID)
	}
	return o, nil
}

// DeleteNotificationsAbout removes the notifications concerning an object: those whose status
// is object and those it caused (a mention by a deleted note).
func (d *DB) DeleteNotificationsAbout(ctx context.Context, object string) error {
	if _, err := d.exec(ctx, `DELETE FROM notifications WHERE object = ? OR activity_ap_id = ?`, object, object); err != nil {
		return fmt.Errorf("store: delete notifications about %s: %w", object, err)
	}
	return nil
}

// DeleteObjectsTargeting removes the activities whose object is target (the Likes and
// Announces of a deleted note), except those of keepTypes, and returns the removed rows.
func (d *DB) DeleteObjectsTargeting(ctx context.Context, target string, keepTypes ...string) ([]*Object, error) {
	keep, args := notIn(keepTypes)
	rows, err := d.query(ctx, `DELETE FROM objects WHERE object = ?`+keep+` RETURNING `+objectColumns,
		append([]any{target}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: delete objects targeting %s: %w", target, err)
	}
	return collectObjects(rows)
}

// PurgeActor removes what a deleted remote actor leaves behind: the notifications it caused
// or that concern its objects; its relationships, those with it (except other actors' blocks
// and mutes of it, so that a deletion cannot lift them) and those with its objects; other
// actors' activities targeting it or its objects; its own objects; and its users row. Objects
// of keepTypes stay (Delete tombstones; local users' Block activities). It returns the removed
// objects.
func (d *DB) PurgeActor(ctx context.Context, actor string, keepTypes ...string) ([]*Object, error) {
	const theirs = `(SELECT ap_id FROM objects WHERE actor = ?)`
	if _, err := d.exec(ctx, `DELETE FROM notifications WHERE actor = ? OR object = ? OR object IN `+theirs,
		actor, actor, actor); err != nil {
		return nil, fmt.Errorf("store: purge %s: notifications: %w", actor, err)
	}
	if _, err := d.exec(ctx, `DELETE FROM relationships WHERE actor = ?
		OR (object = ? AND type NOT IN ('`+RelBlock+`', '`+RelMute+`')) OR object IN `+theirs,
		actor, actor, actor); err != nil {
		return nil, fmt.Errorf("store: purge %s: relationships: %w", actor, err)
	}
	keep, keepArgs := notIn(keepTypes)
	rows, err := d.query(ctx, `DELETE FROM objects WHERE (object = ? OR object IN `+theirs+`)
		AND (actor IS NULL OR actor <> ?)`+keep+` RETURNING `+objectColumns,
		append([]any{actor, actor, actor}, keepArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("store: purge %s: activities targeting it: %w", actor, err)
	}
	targeting, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	rows, err = d.query(ctx, `DELETE FROM objects WHERE actor = ?`+keep+` RETURNING `+objectColumns,
		append([]any{actor}, keepArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("store: purge %s: objects: %w", actor, err)
	}
	own, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	if _, err := d.DeleteRemoteUser(ctx, actor); err != nil {
		return nil, err
	}
	return append(own, targeting...), nil
}

// DeleteRemoteUser removes a remote user row; local users are never removed here. It returns
// false when there was none.
func (d *DB) DeleteRemoteUser(ctx context.Context, apID string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM users WHERE ap_id = ? AND NOT local`, apID)
	if err != nil {
		return false, fmt.Errorf("store: delete user %s: %w", apID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// LocalAdmins returns the local administrators, oldest first.
func (d *DB) LocalAdmins(ctx context.Context) ([]*User, error) {
	rows, err := d.query(ctx, `SELECT `+userColumns+` FROM users WHERE local AND admin ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: admins: %w", err)
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

// notIn is " AND type NOT IN (?, …)" for types, with its arguments ("" when there are none).
func notIn(types []string) (string, []any) {
	if len(types) == 0 {
		return "", nil
	}
	args := make([]any, len(types))
	for i, t := range types {
		args[i] = t
	}
	return ` AND type NOT IN (` + placeholders(len(types)) + `)`, args
}
