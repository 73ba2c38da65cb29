package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Timeline selects statuses (Notes, Questions and, where wanted, Announces) visible to a
// viewer, newest first, paged by id. Each timeline is one query.
type Timeline struct {
	Viewer      string // actor id, "" for anonymous
	Home        bool   // the viewer's home: own posts, followed actors, posts addressed to the viewer
	Public      bool   // only public (listed) posts
	Local       *bool  // with Public: only local (true) or only remote (false)
	Actor       string // one account's statuses
	Tags        []string
	AllTags     []string
	NoneTags    []string
	OnlyMedia   bool
	NoReplies   bool
	NoBoosts    bool
	Direct      bool // only direct messages involving the viewer
	Page        Page
	MinIDAscend bool // with Page.MinID: the page right after min_id (oldest first, then reversed by the caller)
}

// Timeline runs the query and returns the rows, newest first.
func (d *DB) Timeline(ctx context.Context, t Timeline) ([]*Object, error) {
	var where []string
	var args []any
	types := "o.type IN ('Note', 'Question', 'Announce')"
	if t.NoBoosts || t.Public || len(t.Tags)+len(t.AllTags) > 0 || t.Direct {
		types = "o.type IN ('Note', 'Question')"
	}
	where = append(where, types)
	if t.Public {
		where = append(where, "o.visibility = 'public'")
		if t.Local != nil {
			where = append(where, "o.local = ?")
			args = append(args, *t.Local)
		}
	}
	if t.Actor != "" {
		where = append(where, "o.actor = ?")
		args = append(args, t.Actor)
	}
	if t.Home {
		where = append(where, `(o.actor = ? OR o.actor IN (SELECT object FROM relationships WHERE type = 'Follow' AND actor = ?)
			OR EXISTS (SELECT 1 FROM addressing ha WHERE ha.object_id = o.id AND ha.recipient = ?))`)
		args = append(args, t.Viewer, t.Viewer, t.Viewer)
	}
	if t.Direct {
		where = append(where, `o.visibility = 'direct' AND (o.actor = ? OR EXISTS (SELECT 1 FROM addressing da WHERE da.object_id = o.id AND da.recipient = ?))`)
		args = append(args, t.Viewer, t.Viewer)
	}
	for _, tags := range [][]string{t.Tags} {
		if len(tags) > 0 {
			where = append(where, `EXISTS (SELECT 1 FROM hashtags h WHERE h.object_id = o.id AND h.tag IN (`+inList(len(tags))+`))`)
			args = append(args, anys(tags)...)
		}
	}
	for _, tag := range t.AllTags {
		where = append(where, `EXISTS (SELECT 1 FROM hashtags h WHERE h.object_id = o.id AND h.tag = ?)`)
		args = append(args, tag)
	}
	if len(t.NoneTags) > 0 {
		where = append(where, `NOT EXISTS (SELECT 1 FROM hashtags h WHERE h.object_id = o.id AND h.tag IN (`+inList(len(t.NoneTags))+`))`)
		args = append(args, anys(t.NoneTags)...)
	}
	if t.OnlyMedia {
		where = append(where, "o.has_media")
	}
	if t.NoReplies {
		where = append(where, "(o.in_reply_to IS NULL OR o.in_reply_to IN (SELECT ap_id FROM objects WHERE actor = o.actor AND type IN ('Note', 'Question')))")
	}
	if t.Viewer != "" {
		where = append(where, `NOT EXISTS (SELECT 1 FROM relationships b WHERE b.actor = ? AND b.type IN ('Block', 'Mute')
			AND b.object = o.actor AND (b.expires_at IS NULL OR b.expires_at > ?))`)
		args = append(args, t.Viewer, time.Now().UTC())
		where = append(where, `NOT EXISTS (SELECT 1 FROM relationships bb WHERE bb.type = 'Block' AND bb.actor = o.actor AND bb.object = ?)`)
		args = append(args, t.Viewer)
		// Boosts of statuses by accounts the viewer blocks or mutes are hidden too.
		where = append(where, `NOT (o.type = 'Announce' AND EXISTS (SELECT 1 FROM objects bo JOIN relationships b ON b.object = bo.actor
			AND b.actor = ? AND b.type IN ('Block', 'Mute') AND (b.expires_at IS NULL OR b.expires_at > ?) WHERE bo.ap_id = o.object))`)
		args = append(args, t.Viewer, time.Now().UTC())
	}
	vis, vargs := visibleSQL(t.Viewer)
	where = append(where, vis)
	args = append(args, vargs...)

	order := "DESC"
	p := t.Page
	if p.MaxID != "" {
		where = append(where, "o.id < ?")
		args = append(args, p.MaxID)
	}
	if p.MinID != "" {
		where = append(where, "o.id > ?")
		args = append(args, p.MinID)
		if t.MinIDAscend {
			order = "ASC"
		}
	}
	limit := p.Limit
	if limit <= 0 || limit > 40 {
		limit = 20
	}
	q := `SELECT ` + prefixed("o", objectColumns) + ` FROM objects o WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY o.id ` + order + ` LIMIT ?`
	args = append(args, limit)
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: timeline: %w", err)
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
