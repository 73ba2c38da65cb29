package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
)

// Report is a Flag (local or received) as the admin page shows it: who reported whom and
// which statuses, with what comment, and whether an admin resolved it.
type Report struct {
	Flag       *Object
	Reporter   string   // actor id
	Objects    []string // the reported ids: accounts and statuses
	Comment    string
	ResolvedAt *time.Time
	ResolvedBy string // actor id of the admin
}

// Reports lists the reports, newest first: the open ones, or with resolved the resolved
// ones. The copies the instance actor forwards to other servers are not reports made here.
func (d *DB) Reports(ctx context.Context, resolved bool, limit int) ([]*Report, error) {
	state := `rs.resolved_at IS NULL`
	if resolved {
		state = `rs.resolved_at IS NOT NULL`
	}
	rows, err := d.query(ctx, `SELECT `+prefixed("o", objectColumns)+`, rs.resolved_at, rs.resolved_by FROM objects o
		LEFT JOIN report_states rs ON rs.flag_ap_id = o.ap_id
		WHERE o.type = 'Flag' AND `+state+` AND NOT EXISTS (SELECT 1 FROM users ru WHERE ru.ap_id = o.actor AND ru.local
			AND ru.actor_type = 'Application')
		ORDER BY o.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: reports: %w", err)
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		var at sql.NullTime
		var by sql.NullString
		o, err := scanObject(extraScanner{rows, []any{&at, &by}})
		if err != nil {
			return nil, err
		}
		r := &Report{Flag: o, Reporter: o.Actor, ResolvedBy: by.String}
		if at.Valid {
			t := at.Time.UTC()
			r.ResolvedAt = &t
		}
		if doc, err := ap.Parse(o.Data); err == nil {
			r.Objects, r.Comment = doc.IDs("object"), doc.String("content")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// extraScanner scans the columns that follow an object's.
type extraScanner struct {
	rows  *sql.Rows
	extra []any
}

func (s extraScanner) Scan(dst ...any) error { return s.rows.Scan(append(dst, s.extra...)...) }

// SetReportResolved resolves the report flagAPID (by, an admin's actor id) or, with resolved
// false, opens it again.
func (d *DB) SetReportResolved(ctx context.Context, flagAPID, by string, resolved bool) error {
	now := time.Now().UTC()
	var at any
	if resolved {
		at = now
	} else {
		by = ""
	}
	_, err := d.exec(ctx, `INSERT INTO report_states (flag_ap_id, resolved_at, resolved_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (flag_ap_id) DO UPDATE SET resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
			updated_at = excluded.updated_at`, flagAPID, at, by, now)
	if err != nil {
		return fmt.Errorf("store: report %s: %w", flagAPID, err)
	}
	return nil
}
