package store

import "context"

// PlainTimeline runs t as one scan filtered by every condition, the home condition included:
// the reference the home fan-in and SQLite's chosen indexes are compared with.
func PlainTimeline(ctx context.Context, d *DB, t Timeline) ([]*Object, error) {
	q, args, order := d.timelineSQL(t, true)
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	if order == "ASC" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}
