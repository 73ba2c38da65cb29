package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Relationship types of the account settings of the client API. Neither is federated.
const (
	// RelMuteNotifications goes with a Mute whose notifications are muted too; it expires with it.
	RelMuteNotifications = "MuteNotifications"
	// RelEndorse is an account featured on the actor's profile (Mastodon's endorsements).
	RelEndorse = "Endorse"
)

// AccountRelationshipPage lists, newest first, the unexpired relationships of a type whose
// other side is a stored account: those actor holds (inverse false: whom they block, mute,
// endorse) or those held on actor (inverse true: who asked to follow them), paged by
// relationship id. Relationships with statuses (a muted conversation) are left out.
func (d *DB) AccountRelationshipPage(ctx context.Context, typ, actor string, inverse bool, p Page) ([]*Relationship, error) {
	mine, other := "r.actor", "r.object"
	if inverse {
		mine, other = "r.object", "r.actor"
	}
	q, args := p.clause("r.id", []any{typ, actor, time.Now().UTC()})
	rows, err := d.query(ctx, `SELECT r.id, r.type, r.actor, r.object, r.activity_ap_id, r.expires_at, r.created_at
		FROM relationships r JOIN users u ON u.ap_id = `+other+`
		WHERE r.type = ? AND `+mine+` = ? AND (r.expires_at IS NULL OR r.expires_at > ?)`+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s relationships of %s: %w", typ, actor, err)
	}
	defer rows.Close()
	var out []*Relationship
	for rows.Next() {
		var r Relationship
		var act sql.NullString
		var expires sql.NullTime
		if err := rows.Scan(&r.ID, &r.Type, &r.Actor, &r.Object, &act, &expires, &r.CreatedAt); err != nil {
			return nil, err
		}
		r.ActivityAPID = act.String
		if expires.Valid {
			t := expires.Time.UTC()
			r.ExpiresAt = &t
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// LiveRelationshipsOf returns the unexpired relationships of the given types that actor holds
// with any of objects: has[object][type] = the row (with its expiry).
func (d *DB) LiveRelationshipsOf(ctx context.Context, actor string, types, objects []string) (map[string]map[string]*Relationship, error) {
	objects = uniq(objects)
	out := make(map[string]map[string]*Relationship, len(objects))
	if actor == "" || len(objects) == 0 || len(types) == 0 {
		return out, nil
	}
	args := append([]any{actor, time.Now().UTC()}, anys(types)...)
	rows, err := d.query(ctx, `SELECT type, object, expires_at FROM relationships WHERE actor = ?
		AND (expires_at IS NULL OR expires_at > ?) AND type IN (`+inList(len(types))+`)
		AND object IN (`+inList(len(objects))+`)`, append(args, anys(objects)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: relationships of %s: %w", actor, err)
	}
	defer rows.Close()
	for rows.Next() {
		r := Relationship{Actor: actor}
		var expires sql.NullTime
		if err := rows.Scan(&r.Type, &r.Object, &expires); err != nil {
			return nil, err
		}
		if expires.Valid {
			t := expires.Time.UTC()
			r.ExpiresAt = &t
		}
		if out[r.Object] == nil {
			out[r.Object] = map[string]*Relationship{}
		}
		out[r.Object][r.Type] = &r
	}
	return out, rows.Err()
}

// FamiliarFollowers lists the accounts viewer follows that follow target, oldest follow first.
func (d *DB) FamiliarFollowers(ctx context.Context, viewer, target string, limit int) ([]string, error) {
	return d.strings(ctx, `SELECT f.actor FROM relationships f JOIN relationships mine
		ON mine.type = 'Follow' AND mine.actor = ? AND mine.object = f.actor
		WHERE f.type = 'Follow' AND f.object = ? ORDER BY f.id LIMIT ?`, viewer, target, limit)
}

// SetAccountNote stores the private note of user (users.id) about target (an actor id); an
// empty comment removes it.
func (d *DB) SetAccountNote(ctx context.Context, userID, target, comment string) error {
	var err error
	if comment == "" {
		_, err = d.exec(ctx, `DELETE FROM account_notes WHERE user_id = ? AND target = ?`, userID, target)
	} else {
		_, err = d.exec(ctx, `INSERT INTO account_notes (user_id, target, comment, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, target) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at`,
			userID, target, comment, time.Now().UTC())
	}
	if err != nil {
		return fmt.Errorf("store: account note: %w", err)
	}
	return nil
}

// AccountNotes returns user's notes about any of targets, by target.
func (d *DB) AccountNotes(ctx context.Context, userID string, targets []string) (map[string]string, error) {
	targets = uniq(targets)
	out := make(map[string]string, len(targets))
	if len(targets) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT target, comment FROM account_notes WHERE user_id = ? AND target IN (`+inList(len(targets))+`)`,
		append([]any{userID}, anys(targets)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: account notes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = c
	}
	return out, rows.Err()
}

// Marker is the reading position of one timeline of a user.
type Marker struct {
	Timeline   string
	LastReadID string
	Version    int
	UpdatedAt  time.Time
}

// Markers returns user's markers of the given timelines, by timeline.
func (d *DB) Markers(ctx context.Context, userID string, timelines []string) (map[string]*Marker, error) {
	timelines = uniq(timelines)
	out := make(map[string]*Marker, len(timelines))
	if len(timelines) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT timeline, last_read_id, version, updated_at FROM markers
		WHERE user_id = ? AND timeline IN (`+inList(len(timelines))+`)`, append([]any{userID}, anys(timelines)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: markers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m Marker
		if err := rows.Scan(&m.Timeline, &m.LastReadID, &m.Version, &m.UpdatedAt); err != nil {
			return nil, err
		}
		m.UpdatedAt = m.UpdatedAt.UTC()
		out[m.Timeline] = &m
	}
	return out, rows.Err()
}

// SetMarker moves user's marker of a timeline to lastReadID, counting the update in its version.
func (d *DB) SetMarker(ctx context.Context, userID, timeline, lastReadID string) (*Marker, error) {
	m := Marker{Timeline: timeline, LastReadID: lastReadID, UpdatedAt: time.Now().UTC()}
	err := d.queryRow(ctx, `INSERT INTO markers (user_id, timeline, last_read_id, version, updated_at) VALUES (?, ?, ?, 0, ?)
		ON CONFLICT (user_id, timeline) DO UPDATE SET last_read_id = excluded.last_read_id,
			version = markers.version + 1, updated_at = excluded.updated_at
		RETURNING version`, userID, timeline, lastReadID, m.UpdatedAt).Scan(&m.Version)
	if err != nil {
		return nil, fmt.Errorf("store: set marker %s: %w", timeline, err)
	}
	return &m, nil
}

// CountUnreadNotifications counts user's notifications newer than afterID ("" for all), up to
// limit.
func (d *DB) CountUnreadNotifications(ctx context.Context, userID, afterID string, limit int) (int, error) {
	var n int
	err := d.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND id > ? LIMIT ?) t`,
		userID, afterID, limit).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// RemoteDomains lists the distinct domains of stored remote accounts, sorted.
func (d *DB) RemoteDomains(ctx context.Context) ([]string, error) {
	return d.strings(ctx, `SELECT DISTINCT domain FROM users WHERE NOT local AND domain IS NOT NULL ORDER BY domain`)
}

// CountRemoteDomains counts what RemoteDomains lists.
func (d *DB) CountRemoteDomains(ctx context.Context) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(DISTINCT domain) FROM users WHERE NOT local`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count domains: %w", err)
	}
	return n, nil
}

// LocalActivity counts what happened on this server between from and to: local statuses
// posted and local accounts created.
func (d *DB) LocalActivity(ctx context.Context, from, to time.Time) (statuses, registrations int, err error) {
	err = d.queryRow(ctx, `SELECT
		(SELECT count(*) FROM objects WHERE local AND type IN ('Note', 'Question') AND published >= ? AND published < ?),
		(SELECT count(*) FROM users WHERE local AND actor_type <> 'Application' AND created_at >= ? AND created_at < ?)`,
		from.UTC(), to.UTC(), from.UTC(), to.UTC()).Scan(&statuses, &registrations)
	if err != nil {
		return 0, 0, fmt.Errorf("store: local activity: %w", err)
	}
	return statuses, registrations, nil
}

// FirstLocalAdmin returns the oldest local admin (the instance's contact), or ErrNotFound.
func (d *DB) FirstLocalAdmin(ctx context.Context) (*User, error) {
	u, err := scanUser(d.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE local AND admin
		AND actor_type <> 'Application' ORDER BY created_at, id LIMIT 1`))
	if err != nil {
		return nil, notFound(err, "local admin")
	}
	return u, nil
}
