package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/egregoros/egregoros/internal/ap"
)

// This file is the one place that decides who may see an object. MayView (Go) and
// visibleSQL (SQL, for timelines and lookups) state the same rule and are tested against each
// other on the same cases:
//
//   - public and unlisted objects are visible to everyone, signed in or not;
//   - the author always sees their own objects;
//   - an actor addressed in to, cc, bto, bcc or audience sees the object;
//   - a followers-only (private) object is also visible to the author's followers (an
//     accepted Follow; a pending FollowRequest is not enough).
//
// Everything else (direct messages to others, followers-only posts of people you do not
// follow) is invisible, and an anonymous viewer ("") sees only public and unlisted objects.
// Above all of these: nothing of a suspended account (users.suspended_at) is visible to
// anyone, whatever its audience.

// Audience is what the visibility rule needs to know about an object.
type Audience struct {
	Actor      string
	Visibility string
	Recipients []string
	Suspended  bool // the actor's account is suspended
}

// MayView reports whether viewer (an actor id, "" for anonymous) may see an object with this
// audience; followsActor says whether viewer has an accepted Follow of the object's actor.
func MayView(a Audience, viewer string, followsActor bool) bool {
	switch {
	case a.Suspended:
		return false
	case a.Visibility == ap.VisibilityPublic || a.Visibility == ap.VisibilityUnlisted:
		return true
	case viewer == "":
		return false
	case a.Actor == viewer, slices.Contains(a.Recipients, viewer):
		return true
	case a.Visibility == ap.VisibilityPrivate && followsActor:
		return true
	}
	return false
}

// notSuspendedSQL is the suspension part of the rule: the subquery runs once per statement
// (a hashed subplan on PostgreSQL, an ephemeral table on SQLite) over the partial index of
// suspended accounts.
const notSuspendedSQL = `o.actor NOT IN (SELECT ap_id FROM users WHERE suspended_at IS NOT NULL)`

// visibleSQL is MayView as a SQL condition on the objects row aliased o, with its arguments.
func visibleSQL(viewer string) (string, []any) {
	if viewer == "" {
		return `o.visibility IN ('public', 'unlisted') AND ` + notSuspendedSQL, nil
	}
	return notSuspendedSQL + ` AND (o.visibility IN ('public', 'unlisted') OR o.actor = ?
		OR EXISTS (SELECT 1 FROM addressing va WHERE va.object_id = o.id AND va.recipient = ?)
		OR (o.visibility = 'private' AND EXISTS (SELECT 1 FROM relationships vr
			WHERE vr.type = 'Follow' AND vr.actor = ? AND vr.object = o.actor)))`, []any{viewer, viewer, viewer}
}

// MayViewObject answers MayView for a stored object through the SQL predicate (one query).
func (d *DB) MayViewObject(ctx context.Context, objectID, viewer string) (bool, error) {
	cond, args := visibleSQL(viewer)
	var n int
	err := d.queryRow(ctx, `SELECT count(*) FROM objects o WHERE o.id = ? AND `+cond, append([]any{objectID}, args...)...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: visibility of %s: %w", objectID, err)
	}
	return n > 0, nil
}

// AudienceOf loads what MayView needs for a stored object.
func (d *DB) AudienceOf(ctx context.Context, o *Object) (Audience, error) {
	rcpt, err := d.Recipients(ctx, o.ID)
	if err != nil {
		return Audience{}, err
	}
	suspended, err := d.Suspended(ctx, o.Actor)
	if err != nil {
		return Audience{}, err
	}
	return Audience{Actor: o.Actor, Visibility: o.Visibility, Recipients: rcpt, Suspended: suspended}, nil
}

// CanView is the Go predicate on a stored object: it loads the audience and, for
// followers-only objects, whether viewer follows the author.
func (d *DB) CanView(ctx context.Context, o *Object, viewer string) (bool, error) {
	a, err := d.AudienceOf(ctx, o)
	if err != nil {
		return false, err
	}
	return d.MayViewAudience(ctx, a, viewer)
}

// MayViewAudience is CanView for an audience already read (one AudienceOf serves many
// viewers, e.g. the streaming connections of one event).
func (d *DB) MayViewAudience(ctx context.Context, a Audience, viewer string) (bool, error) {
	var err error
	follows := false
	if a.Visibility == ap.VisibilityPrivate && viewer != "" && viewer != a.Actor {
		if follows, err = d.HasRelationship(ctx, RelFollow, viewer, a.Actor); err != nil {
			return false, err
		}
	}
	return MayView(a, viewer, follows), nil
}

// VisibleIDs returns which of the objects (by local id) viewer may see, in one query: the
// batch form of MayViewObject for pages (notifications, search results).
func (d *DB) VisibleIDs(ctx context.Context, ids []string, viewer string) (map[string]bool, error) {
	ids = uniq(ids)
	out := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := visibleSQL(viewer)
	rows, err := d.query(ctx, `SELECT o.id FROM objects o WHERE o.id IN (`+inList(len(ids))+`) AND `+cond,
		append(anys(ids), args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: visible ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
