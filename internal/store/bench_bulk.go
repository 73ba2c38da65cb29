package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Bulk writes for the benchmark seed (internal/bench): multi-row INSERTs of rows that are
// known to be new, each statement under both databases' parameter limits. They write the same
// columns and side-table rows as InsertObject, CreateUser, PutRelationship and
// AddNotification, so that what they write reads like data the pipeline wrote.

// maxBulkParams keeps a statement under SQLite's limit of 32,766 bound parameters (PostgreSQL
// allows 65,535).
const maxBulkParams = 30000

// maxBulkRows is the most rows one statement inserts.
const maxBulkRows = 500

// bulkInsert inserts rows (each len(cols) values) into table, in as few statements as the
// limits allow.
func (d *DB) bulkInsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := maxBulkParams / len(cols)
	if per > maxBulkRows {
		per = maxBulkRows
	}
	one := "(" + placeholders(len(cols)) + ")"
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	for len(rows) > 0 {
		n := min(per, len(rows))
		var b strings.Builder
		b.Grow(len(head) + n*(len(one)+2))
		b.WriteString(head)
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, r...)
		}
		if _, err := d.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store: bulk insert into %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

// BulkInsertObjects inserts new objects with their addressing and hashtags rows. Ids,
// timestamps and internal state are filled in as InsertObject does; unlike it, an ap_id that
// exists already is an error.
func (d *DB) BulkInsertObjects(ctx context.Context, objs []*Object) error {
	now := time.Now().UTC()
	rows := make([][]any, 0, len(objs))
	var addr, tags, search [][]any
	for _, o := range objs {
		if o.ID == "" {
			o.ID = NewID()
		}
		if len(o.Internal) == 0 {
			o.Internal = []byte(`{}`)
		}
		if o.Published.IsZero() {
			o.Published = now
		}
		if o.InsertedAt.IsZero() {
			o.InsertedAt = now
		}
		if o.UpdatedAt.IsZero() {
			o.UpdatedAt = o.InsertedAt
		}
		rows = append(rows, []any{o.ID, o.APID, o.Type, nullStr(o.Actor), nullStr(o.Object), string(o.Data), string(o.Internal),
			o.Published.UTC(), o.Local, nullStr(o.InReplyTo), nullStr(o.Context), o.HasMedia, o.Visibility,
			o.InsertedAt.UTC(), o.UpdatedAt.UTC()})
		for _, r := range uniq(o.Recipients) {
			addr = append(addr, []any{o.ID, r})
		}
		for _, t := range uniq(o.Hashtags) {
			tags = append(tags, []any{o.ID, t})
		}
		if o.Type == "Note" || o.Type == "Question" {
			search = append(search, []any{o.ID, SearchableText(o.Data)}) // web_search_index.go
		}
	}
	if err := d.bulkInsert(ctx, "objects", splitCols(objectColumns), rows); err != nil {
		return err
	}
	if err := d.bulkInsert(ctx, "addressing", []string{"object_id", "recipient"}, addr); err != nil {
		return err
	}
	if err := d.bulkInsert(ctx, "hashtags", []string{"object_id", "tag"}, tags); err != nil {
		return err
	}
	return d.bulkInsert(ctx, "status_search", []string{"object_id", "body"}, search)
}

// BulkInsertUsers inserts new users (local or remote) as CreateUser does.
func (d *DB) BulkInsertUsers(ctx context.Context, users []*User) error {
	now := time.Now().UTC()
	rows := make([][]any, 0, len(users))
	for _, u := range users {
		if u.ID == "" {
			u.ID = NewID()
		}
		if u.ActorType == "" {
			u.ActorType = "Person"
		}
		if u.CreatedAt.IsZero() {
			u.CreatedAt = now
		}
		if u.UpdatedAt.IsZero() {
			u.UpdatedAt = u.CreatedAt
		}
		rows = append(rows, u.args())
	}
	return d.bulkInsert(ctx, "users", splitCols(userColumns), rows)
}

// BulkInsertRelationships inserts new relationships as PutRelationship does.
func (d *DB) BulkInsertRelationships(ctx context.Context, rels []*Relationship) error {
	now := time.Now().UTC()
	rows := make([][]any, 0, len(rels))
	for _, r := range rels {
		if r.ID == "" {
			r.ID = NewID()
		}
		if r.CreatedAt.IsZero() {
			r.CreatedAt = now
		}
		if r.UpdatedAt.IsZero() {
			r.UpdatedAt = r.CreatedAt
		}
		var expires any
		if r.ExpiresAt != nil {
			expires = r.ExpiresAt.UTC()
		}
		rows = append(rows, []any{r.ID, r.Type, r.Actor, r.Object, nullStr(r.ActivityAPID), nullStr(r.EmojiURL), expires,
			r.CreatedAt.UTC(), r.UpdatedAt.UTC()})
	}
	return d.bulkInsert(ctx, "relationships", []string{"id", "type", "actor", "object", "activity_ap_id", "emoji_url",
		"expires_at", "created_at", "updated_at"}, rows)
}

// BulkInsertNotifications inserts new notifications as AddNotification does.
func (d *DB) BulkInsertNotifications(ctx context.Context, ns []*Notification) error {
	now := time.Now().UTC()
	rows := make([][]any, 0, len(ns))
	for _, n := range ns {
		if n.ID == "" {
			n.ID = NewID()
		}
		if n.CreatedAt.IsZero() {
			n.CreatedAt = now
		}
		rows = append(rows, []any{n.ID, n.UserID, n.Type, n.Actor, nullStr(n.Object), n.ActivityAPID, nullStr(n.Emoji),
			n.Read, n.CreatedAt.UTC(), nullStr(n.GroupKey)})
	}
	return d.bulkInsert(ctx, "notifications", []string{"id", "user_id", "type", "actor", "object", "activity_ap_id",
		"emoji", "read", "created_at", "group_key"}, rows)
}
