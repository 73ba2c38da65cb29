package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// Announcement is an announcement set by an admin (Mastodon's Announcement): its source text
// and when it is shown.
type Announcement struct {
	ID          string
	Text        string     // the source; rendered as a local user's text when served
	StartsAt    *time.Time // nil: from its publication
	EndsAt      *time.Time // nil: until deleted
	AllDay      bool       // StartsAt and EndsAt are days: shown from the start of the first to the end of the last (UTC)
	PublishedAt time.Time
	UpdatedAt   time.Time
	CreatedAt   time.Time
}

// Window is when the announcement is shown: from (zero: always) until before until (zero:
// forever). All-day announcements cover the whole days of StartsAt and EndsAt, in UTC.
func (a *Announcement) Window() (from, until time.Time) {
	if a.StartsAt != nil {
		from = a.StartsAt.UTC()
		if a.AllDay {
			from = from.Truncate(24 * time.Hour)
		}
	}
	if a.EndsAt != nil {
		until = a.EndsAt.UTC()
		if a.AllDay {
			until = until.Truncate(24 * time.Hour).Add(24 * time.Hour)
		}
	}
	return from, until
}

// Active reports whether the announcement is shown at now: started and not ended.
func (a *Announcement) Active(now time.Time) bool {
	from, until := a.Window()
	return (from.IsZero() || !now.Before(from)) && (until.IsZero() || now.Before(until))
}

const announcementColumns = `id, text, starts_at, ends_at, all_day, published_at, updated_at, created_at`

func scanAnnouncement(row interface{ Scan(...any) error }) (*Announcement, error) {
	var a Announcement
	var starts, ends sql.NullTime
	if err := row.Scan(&a.ID, &a.Text, &starts, &ends, &a.AllDay, &a.PublishedAt, &a.UpdatedAt, &a.CreatedAt); err != nil {
		return nil, err
	}
	if starts.Valid {
		t := starts.Time.UTC()
		a.StartsAt = &t
	}
	if ends.Valid {
		t := ends.Time.UTC()
		a.EndsAt = &t
	}
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = a.PublishedAt.UTC(), a.UpdatedAt.UTC(), a.CreatedAt.UTC()
	return &a, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// CreateAnnouncement stores a new announcement, published now; it sets ID and the times.
func (d *DB) CreateAnnouncement(ctx context.Context, a *Announcement) error {
	now := time.Now().UTC()
	a.ID, a.PublishedAt, a.UpdatedAt, a.CreatedAt = NewID(), now, now, now
	if _, err := d.exec(ctx, `INSERT INTO announcements (`+announcementColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Text, nullTime(a.StartsAt), nullTime(a.EndsAt), a.AllDay, a.PublishedAt, a.UpdatedAt, a.CreatedAt); err != nil {
		return fmt.Errorf("store: create announcement: %w", err)
	}
	return nil
}

// UpdateAnnouncement saves the text and times of an announcement (ErrNotFound when gone) and
// sets its UpdatedAt.
func (d *DB) UpdateAnnouncement(ctx context.Context, a *Announcement) error {
	a.UpdatedAt = time.Now().UTC()
	res, err := d.exec(ctx, `UPDATE announcements SET text = ?, starts_at = ?, ends_at = ?, all_day = ?, updated_at = ?
		WHERE id = ?`, a.Text, nullTime(a.StartsAt), nullTime(a.EndsAt), a.AllDay, a.UpdatedAt, a.ID)
	if err != nil {
		return fmt.Errorf("store: update announcement: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: announcement %s: %w", a.ID, ErrNotFound)
	}
	return nil
}

// DeleteAnnouncement deletes an announcement with its reads and reactions (ErrNotFound when
// there is none).
func (d *DB) DeleteAnnouncement(ctx context.Context, id string) error {
	res, err := d.exec(ctx, `DELETE FROM announcements WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete announcement: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: announcement %s: %w", id, ErrNotFound)
	}
	return nil
}

// AnnouncementByID returns one announcement, or ErrNotFound.
func (d *DB) AnnouncementByID(ctx context.Context, id string) (*Announcement, error) {
	a, err := scanAnnouncement(d.queryRow(ctx, `SELECT `+announcementColumns+` FROM announcements WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "announcement "+id)
	}
	return a, nil
}

// Announcements returns every announcement, shown or not, newest first (for admins).
func (d *DB) Announcements(ctx context.Context) ([]*Announcement, error) {
	return d.announcements(ctx, `SELECT `+announcementColumns+` FROM announcements ORDER BY id DESC`)
}

// ActiveAnnouncements returns the announcements shown at now, in Mastodon's chronological
// order: by start (or publication), oldest first.
func (d *DB) ActiveAnnouncements(ctx context.Context, now time.Time) ([]*Announcement, error) {
	// A day's margin for all-day announcements; Active decides exactly.
	list, err := d.announcements(ctx, `SELECT `+announcementColumns+` FROM announcements
		WHERE (starts_at IS NULL OR starts_at <= ?) AND (ends_at IS NULL OR ends_at > ?)`,
		now.UTC().Add(24*time.Hour), now.UTC().Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, a := range list {
		if a.Active(now) {
			out = append(out, a)
		}
	}
	key := func(a *Announcement) time.Time {
		if a.StartsAt != nil {
			return *a.StartsAt
		}
		return a.PublishedAt
	}
	sort.SliceStable(out, func(i, j int) bool {
		ki, kj := key(out[i]), key(out[j])
		if !ki.Equal(kj) {
			return ki.Before(kj)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (d *DB) announcements(ctx context.Context, query string, args ...any) ([]*Announcement, error) {
	rows, err := d.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: announcements: %w", err)
	}
	defer rows.Close()
	var out []*Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan announcement: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DismissAnnouncement marks an announcement read by a user (again is a no-op).
func (d *DB) DismissAnnouncement(ctx context.Context, id, userID string) error {
	if _, err := d.exec(ctx, `INSERT INTO announcement_reads (announcement_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id, announcement_id) DO NOTHING`, id, userID, time.Now().UTC()); err != nil {
		return fmt.Errorf("store: dismiss announcement: %w", err)
	}
	return nil
}

// AnnouncementsRead returns which of the announcements ids the user has dismissed.
func (d *DB) AnnouncementsRead(ctx context.Context, userID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if userID == "" || len(ids) == 0 {
		return out, nil
	}
	read, err := d.strings(ctx, `SELECT announcement_id FROM announcement_reads WHERE user_id = ? AND announcement_id IN (`+
		inList(len(ids))+`)`, append([]any{userID}, anys(ids)...)...)
	if err != nil {
		return nil, err
	}
	for _, id := range read {
		out[id] = true
	}
	return out, nil
}

// AnnouncementReaction is one emoji's reactions to an announcement: how many users used it
// and whether the viewer is one of them.
type AnnouncementReaction struct {
	Name  string
	Count int
	Me    bool
}

// AddAnnouncementReaction records a user's reaction; added is false when they had already
// reacted with that name.
func (d *DB) AddAnnouncementReaction(ctx context.Context, id, userID, name string) (added bool, err error) {
	res, err := d.exec(ctx, `INSERT INTO announcement_reactions (announcement_id, user_id, name, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (announcement_id, name, user_id) DO NOTHING`, id, userID, name, time.Now().UTC())
	if err != nil {
		return false, fmt.Errorf("store: add announcement reaction: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RemoveAnnouncementReaction removes a user's reaction; removed is false when there was none.
func (d *DB) RemoveAnnouncementReaction(ctx context.Context, id, userID, name string) (removed bool, err error) {
	res, err := d.exec(ctx, `DELETE FROM announcement_reactions WHERE announcement_id = ? AND name = ? AND user_id = ?`,
		id, name, userID)
	if err != nil {
		return false, fmt.Errorf("store: remove announcement reaction: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// AnnouncementReactionCount is how many users reacted to an announcement with name.
func (d *DB) AnnouncementReactionCount(ctx context.Context, id, name string) (int, error) {
	var n int
	if err := d.queryRow(ctx, `SELECT count(*) FROM announcement_reactions WHERE announcement_id = ? AND name = ?`,
		id, name).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: announcement reaction count: %w", err)
	}
	return n, nil
}

// AnnouncementReactionNames returns the distinct reactions of an announcement.
func (d *DB) AnnouncementReactionNames(ctx context.Context, id string) ([]string, error) {
	return d.strings(ctx, `SELECT DISTINCT name FROM announcement_reactions WHERE announcement_id = ? ORDER BY name`, id)
}

// AnnouncementReactions returns the reactions of each announcement of ids, the first used
// first, with Me set for the reactions of userID ("" for none).
func (d *DB) AnnouncementReactions(ctx context.Context, ids []string, userID string) (map[string][]AnnouncementReaction, error) {
	out := map[string][]AnnouncementReaction{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT announcement_id, name, count(*),
		COALESCE(SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END), 0), min(created_at) AS first
		FROM announcement_reactions WHERE announcement_id IN (`+inList(len(ids))+`)
		GROUP BY announcement_id, name ORDER BY announcement_id, first, name`, append([]any{userID}, anys(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: announcement reactions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r AnnouncementReaction
		var mine int
		var first any
		if err := rows.Scan(&id, &r.Name, &r.Count, &mine, &first); err != nil {
			return nil, fmt.Errorf("store: scan announcement reaction: %w", err)
		}
		r.Me = mine > 0
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}
