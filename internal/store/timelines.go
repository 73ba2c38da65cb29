package store

import (
	"context"
	"fmt"
	"slices"
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

	// Hiding: the viewer's domain blocks and exclusive lists (domain_blocks.go).
	Hiding Hiding
}

// Timeline runs the query and returns the rows, newest first.
func (d *DB) Timeline(ctx context.Context, t Timeline) ([]*Object, error) {
	q, args, order := d.timelineSQL(t, false)
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

// timelineSQL builds the query of t and says its order. A home timeline is homeSQL's query,
// and on SQLite the driving index is chosen for tags and media; with plain, the query is
// always one scan of objects filtered by every condition (the reference the tests compare
// the others with).
func (d *DB) timelineSQL(t Timeline, plain bool) (string, []any, string) {
	homeFanIn := t.Home && t.Viewer != "" && !plain
	var where []string
	var args []any
	typeList := []string{"Note", "Question", "Announce"}
	if t.NoBoosts || t.Public || len(t.Tags)+len(t.AllTags) > 0 || t.Direct {
		typeList = typeList[:2]
	}
	types := "o.type IN ('" + strings.Join(typeList, "', '") + "')"
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
	if t.Home && !homeFanIn {
		where = append(where, homeCondSQL)
		args = append(args, t.Viewer, t.Viewer, t.Viewer)
	}
	if t.Direct {
		where = append(where, `o.visibility = 'direct' AND (o.actor = ? OR EXISTS (SELECT 1 FROM addressing da WHERE da.object_id = o.id AND da.recipient = ?))`)
		args = append(args, t.Viewer, t.Viewer)
	}
	// SQLite keeps no statistics of single values, so it walks the public rows in id order
	// looking for a rare tag or the few rows with media (a whole-table walk for a tag nobody
	// used). Outside the home timeline the driving index is therefore chosen here: the media
	// index for only_media, else hashtags (tag, object_id) for one tag, both read in id order.
	from, orderCol := "objects o", "o.id"
	if d.d.Name() == "sqlite" && !t.Home && !plain {
		switch {
		case t.OnlyMedia:
			from = "objects o INDEXED BY objects_has_media_id"
		case len(t.Tags) == 1:
			from, orderCol = "hashtags h CROSS JOIN objects o ON o.id = h.object_id", "h.object_id"
			where = append(where, "h.tag = ?")
			args = append(args, t.Tags[0])
			t.Tags = nil // stated by the join
		}
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
	if c, a := t.Hiding.SQL(); c != "" { // domain blocks and exclusive lists (domain_blocks.go)
		where, args = append(where, c), append(args, a...)
	}
	var boosts string
	var boostArgs []any
	if t.Viewer != "" {
		// Boosts of statuses by accounts the viewer blocks or mutes are hidden too.
		// (The boosted status's author is one lookup by the unique ap_id, then one probe of
		// relationships' unique key: planners cost this well below a join of the two.)
		boosts = `NOT (o.type = 'Announce' AND EXISTS (SELECT 1 FROM relationships b WHERE b.actor = ?
			AND b.type IN ('Block', 'Mute') AND (b.expires_at IS NULL OR b.expires_at > ?)
			AND b.object = (SELECT bo.actor FROM objects bo WHERE bo.ap_id = o.object)))`
		boostArgs = []any{t.Viewer, time.Now().UTC()}
	}

	order := "DESC"
	p := t.Page
	if p.MaxID != "" {
		where = append(where, orderCol+" < ?")
		args = append(args, p.MaxID)
	}
	if p.MinID != "" {
		where = append(where, orderCol+" > ?")
		args = append(args, p.MinID)
		if t.MinIDAscend {
			order = "ASC"
		}
	}
	limit := p.Limit
	if limit <= 0 || limit > 40 {
		limit = 20
	}
	// Visibility, the conditions on the author alone (blocks and mutes either way) and the one
	// on boosts are kept apart: the home fan-in states them per author and per type.
	h := homeParts{viewer: t.Viewer, types: typeList, where: where, args: args, boosts: boosts, boostArgs: boostArgs,
		page: p, order: order, limit: limit}
	h.vis, h.visArgs = visibleSQL(t.Viewer)
	if t.Viewer != "" {
		h.hidden, h.hiddenArgs = hiddenActorSQL("o.actor", t.Viewer)
	}
	if homeFanIn {
		q, qargs := d.homeSQL(h)
		return q, qargs, order
	}
	for _, c := range []struct {
		sql  string
		args []any
	}{{h.vis, h.visArgs}, {h.hidden, h.hiddenArgs}, {h.boosts, h.boostArgs}} {
		if c.sql != "" {
			where, args = append(where, c.sql), append(args, c.args...)
		}
	}
	q := `SELECT ` + prefixed("o", objectColumns) + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + orderCol + ` ` + order + ` LIMIT ?`
	return q, append(args, limit), order
}

// homeCondSQL is the condition of the home timeline on the objects row o: the viewer's own
// posts, those of the accounts the viewer follows, and those addressed to the viewer.
const homeCondSQL = `(o.actor = ? OR o.actor IN (SELECT object FROM relationships WHERE type = 'Follow' AND actor = ?)
			OR EXISTS (SELECT 1 FROM addressing ha WHERE ha.object_id = o.id AND ha.recipient = ?))`

// hiddenActorSQL hides the posts of actor (an SQL expression) from viewer when viewer blocks
// or mutes actor or actor blocks viewer.
func hiddenActorSQL(actor, viewer string) (string, []any) {
	return `NOT EXISTS (SELECT 1 FROM relationships b WHERE b.actor = ? AND b.type IN ('Block', 'Mute')
			AND b.object = ` + actor + ` AND (b.expires_at IS NULL OR b.expires_at > ?))
		AND NOT EXISTS (SELECT 1 FROM relationships bb WHERE bb.type = 'Block' AND bb.actor = ` + actor + ` AND bb.object = ?)`,
		[]any{viewer, time.Now().UTC(), viewer}
}

// homeWindow is how many of the newest objects rows the home timeline looks through before
// it falls back to the fan-in over followed accounts.
const homeWindow = 1000

// homeParts are the pieces of a home timeline query: the conditions on rows (where/args,
// without visibility), the visibility condition, the conditions on the author alone, the
// page and its order.
type homeParts struct {
	viewer                         string
	types                          []string
	where                          []string
	args                           []any
	vis, hidden, boosts            string
	visArgs, hiddenArgs, boostArgs []any
	page                           Page
	order                          string
	limit                          int
}

// homeSQL is the home timeline as one statement that reads a bounded number of rows however
// sparse the viewer's home is (inventory §7.4: a scan filtered by the home condition reads
// the whole table when the viewer follows nobody, or only silent accounts):
//
//   - w (newest first only): the home rows among the homeWindow newest objects rows (a short
//     backward range of the primary key, enough for a viewer who follows active accounts);
//   - only when w has fewer than limit rows, the fan-in: the newest limit rows of each
//     (author, type) for the viewer and each followed author (an index range each on
//     objects (actor, type, id)), and the newest limit rows addressed to the viewer (an index
//     range on addressing (recipient, object_id)).
//
// Both give exactly the rows of the plain filtered scan. When w is full, no home row newer
// than its last one lies outside the window. Otherwise every row of the page is among the
// fan-in's: a row addressed to the viewer is among the newest addressed rows; any other is
// by the viewer or a followed author and visible as public, unlisted, followers-only (the
// viewer follows its author) or own, which is what the per-author ranges require instead of
// the full visibility condition (cheaper, and it keeps the planner's estimates low).
func (d *DB) homeSQL(h homeParts) (string, []any) {
	row := strings.Join(h.where, " AND ")
	all := row + " AND " + h.vis + " AND " + h.hidden + " AND " + h.boosts
	allArgs := slices.Concat(h.args, h.visArgs, h.hiddenArgs, h.boostArgs)
	var q strings.Builder
	var qa []any
	add := func(s string, a ...any) {
		q.WriteString(s)
		qa = append(qa, a...)
	}
	v, order, limit := h.viewer, h.order, h.limit
	if order == "DESC" {
		// The window: rows at or above the homeWindow-th newest id (a bound read from the
		// primary key alone), newest first, stopping at limit home rows.
		bounds, boundArgs := "", []any(nil)
		if h.page.MaxID != "" {
			bounds, boundArgs = " WHERE id < ?", []any{h.page.MaxID}
		}
		add(`WITH w AS MATERIALIZED (SELECT o.id FROM objects o WHERE o.id >= COALESCE((SELECT id FROM objects`+bounds+
			` ORDER BY id DESC LIMIT 1 OFFSET ?), '') AND `+homeCondSQL+` AND `+all+` ORDER BY o.id DESC LIMIT ?) `,
			slices.Concat(boundArgs, []any{homeWindow - 1, v, v, v}, allArgs, []any{limit})...)
	} else { // the page after min_id, oldest first: the fan-in alone
		add(`WITH w AS MATERIALIZED (SELECT id FROM objects WHERE 1 = 0) `)
	}
	add(`SELECT ` + prefixed("o", objectColumns) + ` FROM objects o WHERE o.id IN (SELECT id FROM w UNION SELECT id FROM (`)
	// The fan-in's rows: by the viewer or a followed author (f), of one type, visible as the
	// doc comment says, newest first.
	followed := `SELECT x.id FROM (SELECT CAST(? AS text) AS a UNION SELECT object FROM relationships WHERE type = 'Follow' AND actor = ?) f`
	ranged := func(typ string) string {
		return `SELECT o.id FROM objects o WHERE o.actor = f.a AND o.type = ` + typ + ` AND ` + row +
			` AND (o.visibility IN ('public', 'unlisted', 'private') OR o.actor = ?)`
	}
	fh, fhArgs := hiddenActorSQL("f.a", v)
	if d.d.Name() == "postgres" {
		// One range per type, so that the condition on boosts weighs only on Announces.
		var parts []string
		var partArgs []any
		for _, typ := range h.types {
			part, pa := ranged("'"+typ+"'"), slices.Concat(h.args, []any{v})
			if typ == "Announce" && h.boosts != "" {
				part, pa = part+" AND "+h.boosts, append(pa, h.boostArgs...)
			}
			parts = append(parts, `(`+part+` ORDER BY o.id `+order+` LIMIT ?)`)
			partArgs = append(append(partArgs, pa...), limit)
		}
		add(followed+` CROSS JOIN LATERAL (`+strings.Join(parts, " UNION ALL ")+`) x WHERE `+fh,
			slices.Concat([]any{v, v}, partArgs, fhArgs)...)
	} else { // SQLite has no LATERAL: a correlated IN drives the same index ranges
		inner := ranged("ty.t")
		if h.boosts != "" {
			inner += " AND " + h.boosts
		}
		add(followed+` CROSS JOIN (SELECT '`+strings.Join(h.types, "' AS t UNION ALL SELECT '")+`' AS t) ty
			JOIN objects x ON x.id IN (`+inner+` ORDER BY o.id `+order+` LIMIT ?) WHERE `+fh,
			slices.Concat([]any{v, v}, h.args, []any{v}, h.boostArgs, []any{limit}, fhArgs)...)
	}
	join := "JOIN" // SQLite: CROSS JOIN keeps addressing outside, with or without statistics
	if d.d.Name() == "sqlite" {
		join = "CROSS JOIN"
	}
	add(` UNION ALL SELECT id FROM (SELECT o.id FROM addressing ha `+join+` objects o ON o.id = ha.object_id
		WHERE ha.recipient = ? AND `+all+` ORDER BY ha.object_id `+order+` LIMIT ?) b
		) fb WHERE (SELECT count(*) FROM w) < ? ORDER BY id `+order+` LIMIT ?) ORDER BY o.id `+order,
		slices.Concat([]any{v}, allArgs, []any{limit, limit, limit})...)
	return q.String(), qa
}
