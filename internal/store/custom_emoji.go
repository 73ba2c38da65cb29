package store

import (
	"context"
	"fmt"
	"time"
)

// CustomEmoji is a custom emoji of this server: :Shortcode: in a local text shows its image.
type CustomEmoji struct {
	Shortcode       string
	FileKey         string // the image in media storage
	StaticKey       string // its static version (the same key unless the image is animated)
	URL             string
	StaticURL       string
	MIME            string // the image's media type
	Category        string // "" is none
	VisibleInPicker bool
	CreatedAt       time.Time
}

// ValidShortcode reports whether s may name a custom emoji of this server: 2 to 64 ASCII
// letters, digits and underscores.
func ValidShortcode(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

const customEmojiColumns = `shortcode, file_key, static_key, url, static_url, mime, category, visible_in_picker, created_at`

func scanCustomEmoji(row interface{ Scan(...any) error }) (*CustomEmoji, error) {
	var e CustomEmoji
	if err := row.Scan(&e.Shortcode, &e.FileKey, &e.StaticKey, &e.URL, &e.StaticURL, &e.MIME, &e.Category,
		&e.VisibleInPicker, &e.CreatedAt); err != nil {
		return nil, err
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return &e, nil
}

// AddCustomEmoji stores a new custom emoji and sets its CreatedAt; a shortcode already in use
// gives ErrTaken.
func (d *DB) AddCustomEmoji(ctx context.Context, e *CustomEmoji) error {
	e.CreatedAt = time.Now().UTC()
	_, err := d.exec(ctx, `INSERT INTO custom_emojis (`+customEmojiColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Shortcode, e.FileKey, e.StaticKey, e.URL, e.StaticURL, e.MIME, e.Category, e.VisibleInPicker, e.CreatedAt)
	if err != nil {
		if d.d.isUnique(err) {
			return fmt.Errorf("store: custom emoji :%s:: %w", e.Shortcode, ErrTaken)
		}
		return fmt.Errorf("store: add custom emoji :%s:: %w", e.Shortcode, err)
	}
	return nil
}

// CustomEmojis lists the custom emoji by category, then shortcode.
func (d *DB) CustomEmojis(ctx context.Context) ([]*CustomEmoji, error) {
	return d.customEmojis(ctx, `SELECT `+customEmojiColumns+` FROM custom_emojis ORDER BY category, shortcode`)
}

// CustomEmojisByShortcode returns the custom emoji among shortcodes (exact case), by shortcode.
func (d *DB) CustomEmojisByShortcode(ctx context.Context, shortcodes []string) (map[string]*CustomEmoji, error) {
	out := map[string]*CustomEmoji{}
	if len(shortcodes) == 0 {
		return out, nil
	}
	args := make([]any, len(shortcodes))
	for i, s := range shortcodes {
		args[i] = s
	}
	list, err := d.customEmojis(ctx, `SELECT `+customEmojiColumns+` FROM custom_emojis WHERE shortcode IN (`+
		placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		out[e.Shortcode] = e
	}
	return out, nil
}

// CustomEmojiByShortcode returns one custom emoji, or ErrNotFound.
func (d *DB) CustomEmojiByShortcode(ctx context.Context, shortcode string) (*CustomEmoji, error) {
	e, err := scanCustomEmoji(d.queryRow(ctx, `SELECT `+customEmojiColumns+` FROM custom_emojis WHERE shortcode = ?`, shortcode))
	if err != nil {
		return nil, notFound(err, "custom emoji :"+shortcode+":")
	}
	return e, nil
}

// RemoveCustomEmoji deletes a custom emoji and returns it (its files are the caller's to
// delete), or ErrNotFound.
func (d *DB) RemoveCustomEmoji(ctx context.Context, shortcode string) (*CustomEmoji, error) {
	e, err := d.CustomEmojiByShortcode(ctx, shortcode)
	if err != nil {
		return nil, err
	}
	res, err := d.exec(ctx, `DELETE FROM custom_emojis WHERE shortcode = ?`, shortcode)
	if err != nil {
		return nil, fmt.Errorf("store: remove custom emoji :%s:: %w", shortcode, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, fmt.Errorf("store: custom emoji :%s:: %w", shortcode, ErrNotFound)
	}
	return e, nil
}

func (d *DB) customEmojis(ctx context.Context, q string, args ...any) ([]*CustomEmoji, error) {
	rows, err := d.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: custom emojis: %w", err)
	}
	defer rows.Close()
	var out []*CustomEmoji
	for rows.Next() {
		e, err := scanCustomEmoji(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
