package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Filter is a user's filter (Mastodon's v2 filters): keywords and statuses that, in the
// given contexts, get a warning or are hidden.
type Filter struct {
	ID        string
	UserID    string
	Title     string
	Context   []string // home, notifications, public, thread, account
	Action    string   // warn, hide, blur
	Keywords  []FilterKeyword
	Statuses  []FilterStatus
	ExpiresAt *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// FilterKeyword is one keyword of a filter.
type FilterKeyword struct {
	ID        string `json:"id"`
	Keyword   string `json:"keyword"`
	WholeWord bool   `json:"whole_word"`
}

// FilterStatus is one status of a filter (StatusID is the status's id).
type FilterStatus struct {
	ID       string `json:"id"`
	StatusID string `json:"status_id"`
}

// Active reports whether the filter has not expired at now.
func (f *Filter) Active(now time.Time) bool { return f.ExpiresAt == nil || f.ExpiresAt.After(now) }

const filterColumns = `id, user_id, title, context, filter_action, keywords, statuses, expires_at, created_at, updated_at`

func scanFilter(row interface{ Scan(...any) error }) (*Filter, error) {
	var f Filter
	var ctxJSON, kwJSON, stJSON []byte
	var expires sql.NullTime
	if err := row.Scan(&f.ID, &f.UserID, &f.Title, &ctxJSON, &f.Action, &kwJSON, &stJSON, &expires, &f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	_ = json.Unmarshal(ctxJSON, &f.Context)
	_ = json.Unmarshal(kwJSON, &f.Keywords)
	_ = json.Unmarshal(stJSON, &f.Statuses)
	if expires.Valid {
		t := expires.Time.UTC()
		f.ExpiresAt = &t
	}
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return &f, nil
}

func (f *Filter) row() (ctxJSON, kwJSON, stJSON string, expires any) {
	if f.Context == nil {
		f.Context = []string{}
	}
	if f.Keywords == nil {
		f.Keywords = []FilterKeyword{}
	}
	if f.Statuses == nil {
		f.Statuses = []FilterStatus{}
	}
	c, _ := json.Marshal(f.Context)
	k, _ := json.Marshal(f.Keywords)
	s, _ := json.Marshal(f.Statuses)
	if f.ExpiresAt != nil {
		expires = f.ExpiresAt.UTC()
	}
	return string(c), string(k), string(s), expires
}

// CreateFilter stores a new filter; its keywords and statuses get ids.
func (d *DB) CreateFilter(ctx context.Context, f *Filter) error {
	f.ID = NewID()
	f.CreatedAt = time.Now().UTC()
	f.UpdatedAt = f.CreatedAt
	for i := range f.Keywords {
		if f.Keywords[i].ID == "" {
			f.Keywords[i].ID = NewID()
		}
	}
	c, k, s, exp := f.row()
	_, err := d.exec(ctx, `INSERT INTO filters (`+filterColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.UserID, f.Title, c, f.Action, k, s, exp, f.CreatedAt, f.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: create filter: %w", err)
	}
	return nil
}

// UpdateFilter saves every field of a filter of its user; keywords and statuses without ids
// get them.
func (d *DB) UpdateFilter(ctx context.Context, f *Filter) error {
	f.UpdatedAt = time.Now().UTC()
	for i := range f.Keywords {
		if f.Keywords[i].ID == "" {
			f.Keywords[i].ID = NewID()
		}
	}
	for i := range f.Statuses {
		if f.Statuses[i].ID == "" {
			f.Statuses[i].ID = NewID()
		}
	}
	c, k, s, exp := f.row()
	_, err := d.exec(ctx, `UPDATE filters SET title = ?, context = ?, filter_action = ?, keywords = ?, statuses = ?,
		expires_at = ?, updated_at = ? WHERE id = ? AND user_id = ?`, f.Title, c, f.Action, k, s, exp, f.UpdatedAt, f.ID, f.UserID)
	if err != nil {
		return fmt.Errorf("store: update filter: %w", err)
	}
	return nil
}

// DeleteFilter removes a filter of a user; false when the user has no such filter.
func (d *DB) DeleteFilter(ctx context.Context, userID, id string) (bool, error) {
	res, err := d.exec(ctx, `DELETE FROM filters WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return false, fmt.Errorf("store: delete filter: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// FilterByID returns a filter of a user, or ErrNotFound (also when another user owns it).
func (d *DB) FilterByID(ctx context.Context, userID, id string) (*Filter, error) {
	f, err := scanFilter(d.queryRow(ctx, `SELECT `+filterColumns+` FROM filters WHERE id = ? AND user_id = ?`, id, userID))
	if err != nil {
		return nil, notFound(err, "filter "+id)
	}
	return f, nil
}

// FiltersOf returns a user's filters, oldest first, expired ones included.
func (d *DB) FiltersOf(ctx context.Context, userID string) ([]*Filter, error) {
	rows, err := d.query(ctx, `SELECT `+filterColumns+` FROM filters WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: filters: %w", err)
	}
	defer rows.Close()
	var out []*Filter
	for rows.Next() {
		f, err := scanFilter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ActiveFilters returns a user's unexpired filters.
func (d *DB) ActiveFilters(ctx context.Context, userID string) ([]*Filter, error) {
	rows, err := d.query(ctx, `SELECT `+filterColumns+` FROM filters WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?)
		ORDER BY id`, userID, time.Now().UTC())
	if err != nil {
		return nil, fmt.Errorf("store: filters: %w", err)
	}
	defer rows.Close()
	var out []*Filter
	for rows.Next() {
		f, err := scanFilter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
