package store

import (
	"context"
	"fmt"
	"sort"
)

// ThreadDescendants is Descendants for a thread's root, with the replies that lost their way:
// statuses of the root's conversation (the same context) whose parent is not stored here, as
// when a followers-only reply in the middle of a thread never reached us, and what is below
// them. Partial threads stay together (inventory §8 #23). For a status that is itself a reply,
// or has no context, it is Descendants. At most limit statuses, oldest first.
func (d *DB) ThreadDescendants(ctx context.Context, o *Object, viewer string, limit int) ([]*Object, error) {
	desc, err := d.Descendants(ctx, o, viewer, limit)
	if err != nil || o.InReplyTo != "" || o.Context == "" {
		return desc, err
	}
	vis, args := visibleSQL(viewer)
	hid, hargs := hiddenSQL(viewer)
	args = append([]any{o.Context, o.APID}, append(args, hargs...)...)
	args = append(args, limit)
	rows, err := d.query(ctx, `SELECT `+prefixed("o", objectColumns)+` FROM objects o
		WHERE o.context = ? AND o.ap_id <> ? AND o.type IN ('Note', 'Question')
		AND o.in_reply_to IS NOT NULL AND o.in_reply_to <> ''
		AND NOT EXISTS (SELECT 1 FROM objects p WHERE p.ap_id = o.in_reply_to)
		AND `+vis+hid+` ORDER BY o.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: context orphans of %s: %w", o.APID, err)
	}
	orphans, err := collectObjects(rows)
	if err != nil {
		return nil, err
	}
	all := append(desc, orphans...)
	for _, orphan := range orphans {
		below, err := d.Descendants(ctx, orphan, viewer, limit)
		if err != nil {
			return nil, err
		}
		all = append(all, below...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	all = dedupe(all)
	if len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}
