package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Object is one row of objects: an ActivityPub object or activity with its query columns.
type Object struct {
	ID         string
	APID       string
	Type       string
	Actor      string // the activity's actor or the object's author ("" when it has none)
	Object     string // an activity's target id
	Data       json.RawMessage
	Internal   json.RawMessage // our own state (poll voters, …); never federated
	Published  time.Time
	Local      bool
	InReplyTo  string
	Context    string
	HasMedia   bool
	Visibility string // public, unlisted, private, direct (see ap.Visibility)
	InsertedAt time.Time
	UpdatedAt  time.Time

	// Recipients and Hashtags are written to the addressing and hashtags side tables.
	Recipients []string
	Hashtags   []string
}

const objectColumns = `id, ap_id, type, actor, object, data, internal, published, local, in_reply_to,
	context, has_media, visibility, inserted_at, updated_at`

func scanObject(row interface{ Scan(...any) error }) (*Object, error) {
	var o Object
	var actor, object, inReplyTo, ctx sql.NullString
	var data, internal []byte
	if err := row.Scan(&o.ID, &o.APID, &o.Type, &actor, &object, &data, &internal, &o.Published, &o.Local,
		&inReplyTo, &ctx, &o.HasMedia, &o.Visibility, &o.InsertedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	o.Actor, o.Object, o.InReplyTo, o.Context = actor.String, object.String, inReplyTo.String, ctx.String
	o.Data, o.Internal = json.RawMessage(data), json.RawMessage(internal)
	o.Published, o.InsertedAt, o.UpdatedAt = o.Published.UTC(), o.InsertedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// nullStr stores "" as NULL, so that partial indexes on "IS NOT NULL" stay small.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InsertObject stores o unless an object with the same ap_id exists. It returns true when it
// inserted; otherwise o is overwritten with the stored row (ingestion is idempotent on ap_id).
func (d *DB) InsertObject(ctx context.Context, o *Object) (bool, error) {
	now := time.Now().UTC()
	if o.ID == "" {
		o.ID = NewID()
	}
	if len(o.Internal) == 0 {
		o.Internal = json.RawMessage(`{}`)
	}
	if o.Published.IsZero() {
		o.Published = now
	}
	o.InsertedAt, o.UpdatedAt = now, now
	res, err := d.exec(ctx, `INSERT INTO objects (`+objectColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ap_id) DO NOTHING`,
		o.ID, o.APID, o.Type, nullStr(o.Actor), nullStr(o.Object), string(o.Data), string(o.Internal),
		o.Published.UTC(), o.Local, nullStr(o.InReplyTo), nullStr(o.Context), o.HasMedia, o.Visibility, now, now)
	if err != nil {
		return false, fmt.Errorf("store: insert object %s: %w", o.APID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		existing, err := d.ObjectByAPID(ctx, o.APID)
		if err != nil {
			return false, err
		}
		*o = *existing
		return false, nil
	}
	if err := d.writeSideTables(ctx, o); err != nil {
		return false, err
	}
	return true, nil
}

// ReplaceObject overwrites the payload and query columns of the stored object with o.APID
// (edits, poll results, profile-independent refreshes) and rewrites its side tables.
func (d *DB) ReplaceObject(ctx context.Context, o *Object) error {
	now := time.Now().UTC()
	if len(o.Internal) == 0 {
		o.Internal = json.RawMessage(`{}`)
	}
	row := d.queryRow(ctx, `UPDATE objects SET data = ?, internal = ?, in_reply_to = ?, context = ?, has_media = ?,
		visibility = ?, updated_at = ? WHERE ap_id = ? RETURNING id`,
		string(o.Data), string(o.Internal), nullStr(o.InReplyTo), nullStr(o.Context), o.HasMedia, o.Visibility, now, o.APID)
	if err := row.Scan(&o.ID); err != nil {
		return notFound(err, "replace object "+o.APID)
	}
	o.UpdatedAt = now
	if _, err := d.exec(ctx, `DELETE FROM addressing WHERE object_id = ?`, o.ID); err != nil {
		return fmt.Errorf("store: replace object: %w", err)
	}
	if _, err := d.exec(ctx, `DELETE FROM hashtags WHERE object_id = ?`, o.ID); err != nil {
		return fmt.Errorf("store: replace object: %w", err)
	}
	return d.writeSideTables(ctx, o)
}

// SetObjectInternal replaces the internal (never federated) state of an object.
func (d *DB) SetObjectInternal(ctx context.Context, apID string, internal json.RawMessage) error {
	_, err := d.exec(ctx, `UPDATE objects SET internal = ?, updated_at = ? WHERE ap_id = ?`, string(internal), time.Now().UTC(), apID)
	if err != nil {
		return fmt.Errorf("store: set internal %s: %w", apID, err)
	}
	return nil
}

func (d *DB) writeSideTables(ctx context.Context, o *Object) error {
	seen := map[string]bool{}
	for _, r := range o.Recipients {
		if r == "" || seen[r] {
			continue
		}
		seen[r] = true
		if _, err := d.exec(ctx, `INSERT INTO addressing (object_id, recipient) VALUES (?, ?)`, o.ID, r); err != nil {
			return fmt.Errorf("store: addressing of %s: %w", o.APID, err)
		}
	}
	clear(seen)
	for _, t := range o.Hashtags {
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		if _, err := d.exec(ctx, `INSERT INTO hashtags (object_id, tag) VALUES (?, ?)`, o.ID, t); err != nil {
			return fmt.Errorf("store: hashtags of %s: %w", o.APID, err)
		}
	}
	return d.indexStatusText(ctx, o) // web_search_index.go
}

// ObjectByAPID returns the object with this ActivityPub id, or ErrNotFound.
func (d *DB) ObjectByAPID(ctx context.Context, apID string) (*Object, error) {
	o, err := scanObject(d.queryRow(ctx, `SELECT `+objectColumns+` FROM objects WHERE ap_id = ?`, apID))
	if err != nil {
		return nil, notFound(err, "object "+apID)
	}
	return o, nil
}

// ObjectByID returns the object with this local id, or ErrNotFound.
func (d *DB) ObjectByID(ctx context.Context, id string) (*Object, error) {
	o, err := scanObject(d.queryRow(ctx, `SELECT `+objectColumns+` FROM objects WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "object id "+id)
	}
	return o, nil
}

// ObjectsByTypeAndTarget returns the activities of a type whose object is target (e.g. every
// Announce of a note), newest first.
func (d *DB) ObjectsByTypeAndTarget(ctx context.Context, typ, target string) ([]*Object, error) {
	rows, err := d.query(ctx, `SELECT `+objectColumns+` FROM objects WHERE type = ? AND object = ? ORDER BY id DESC`, typ, target)
	if err != nil {
		return nil, fmt.Errorf("store: objects %s of %s: %w", typ, target, err)
	}
	return collectObjects(rows)
}

func collectObjects(rows *sql.Rows) ([]*Object, error) {
	defer rows.Close()
	var out []*Object
	for rows.Next() {
		o, err := scanObject(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan object: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// DeleteObject removes the object with this ap_id (and, by cascade, its side-table rows). It
// returns false when there was none.
func (d *DB) DeleteObject(ctx context.Context, apID string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM objects WHERE ap_id = ?`, apID)
	if err != nil {
		return false, fmt.Errorf("store: delete object %s: %w", apID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Recipients returns the addressing of an object (to, cc, bto, bcc, audience).
func (d *DB) Recipients(ctx context.Context, objectID string) ([]string, error) {
	return d.strings(ctx, `SELECT recipient FROM addressing WHERE object_id = ? ORDER BY recipient`, objectID)
}

// HashtagsOf returns the hashtags of an object.
func (d *DB) HashtagsOf(ctx context.Context, objectID string) ([]string, error) {
	return d.strings(ctx, `SELECT tag FROM hashtags WHERE object_id = ? ORDER BY tag`, objectID)
}

// CountObjects counts objects of a type (all types when typ is "").
func (d *DB) CountObjects(ctx context.Context, typ string) (int, error) {
	var n int
	var err error
	if typ == "" {
		err = d.queryRow(ctx, `SELECT count(*) FROM objects`).Scan(&n)
	} else {
		err = d.queryRow(ctx, `SELECT count(*) FROM objects WHERE type = ?`, typ).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count objects: %w", err)
	}
	return n, nil
}

func (d *DB) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := d.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
