package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Media is one row of media_attachments: a file a local user uploaded, its processed preview
// and what processing learnt about it.
type Media struct {
	ID          string
	UserID      string // the uploader; only they may attach it
	Kind        string // image, gifv, video, audio, unknown (the Mastodon type)
	FileKey     string // storage key of the (cleaned) original
	PreviewKey  string // storage key of the preview, "" when there is none
	MIME        string
	Size        int64
	Meta        json.RawMessage // the Mastodon meta object
	Description string
	FocusX      float64
	FocusY      float64
	Blurhash    string
	StatusAPID  string // the status it is attached to, "" while unattached
	CreatedAt   time.Time
	ProcessedAt *time.Time // nil while processing runs
	// ProcessingError says why processing in a job refused the file ("" when it did not).
	ProcessingError string
	// RemoteURL is the original address of a remote attachment kept in the media cache ("" for
	// uploads); UserID is then the remote author and StatusAPID the remote post.
	RemoteURL string
}

// ErrMediaNotAttachable is returned by AttachMedia when one of the media is missing, not the
// user's, or already attached to another status.
var ErrMediaNotAttachable = errors.New("media not found, not owned or already attached")

const mediaColumns = `id, user_id, kind, file_key, preview_key, mime, size, meta, description, focus_x, focus_y,
	blurhash, status_ap_id, created_at, processed_at, processing_error, remote_url`

func scanMedia(row interface{ Scan(...any) error }) (*Media, error) {
	var m Media
	var meta []byte
	var status sql.NullString
	var processed sql.NullTime
	if err := row.Scan(&m.ID, &m.UserID, &m.Kind, &m.FileKey, &m.PreviewKey, &m.MIME, &m.Size, &meta, &m.Description,
		&m.FocusX, &m.FocusY, &m.Blurhash, &status, &m.CreatedAt, &processed, &m.ProcessingError, &m.RemoteURL); err != nil {
		return nil, err
	}
	m.Meta, m.StatusAPID, m.CreatedAt = json.RawMessage(meta), status.String, m.CreatedAt.UTC()
	if processed.Valid {
		t := processed.Time.UTC()
		m.ProcessedAt = &t
	}
	return &m, nil
}

// InsertMedia stores a new attachment; ID and CreatedAt are set when empty.
func (d *DB) InsertMedia(ctx context.Context, m *Media) error {
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	var processed any
	if m.ProcessedAt != nil {
		processed = m.ProcessedAt.UTC()
	}
	_, err := d.exec(ctx, `INSERT INTO media_attachments (`+mediaColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.UserID, m.Kind, m.FileKey, m.PreviewKey, m.MIME, m.Size, jsonOr(m.Meta, "{}"), m.Description,
		m.FocusX, m.FocusY, m.Blurhash, nullStr(m.StatusAPID), m.CreatedAt.UTC(), processed, m.ProcessingError, m.RemoteURL)
	if err != nil {
		return fmt.Errorf("store: insert media %s: %w", m.ID, err)
	}
	return nil
}

// MediaByID returns an attachment, or ErrNotFound.
func (d *DB) MediaByID(ctx context.Context, id string) (*Media, error) {
	m, err := scanMedia(d.queryRow(ctx, `SELECT `+mediaColumns+` FROM media_attachments WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "media "+id)
	}
	return m, nil
}

// UpdateMedia sets the description and focus of a user's attachment; ErrNotFound when it is
// not theirs.
func (d *DB) UpdateMedia(ctx context.Context, userID, id, description string, focusX, focusY float64) error {
	res, err := d.exec(ctx, `UPDATE media_attachments SET description = ?, focus_x = ?, focus_y = ?
		WHERE id = ? AND user_id = ?`, description, focusX, focusY, id, userID)
	if err != nil {
		return fmt.Errorf("store: update media %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update media %s: %w", id, ErrNotFound)
	}
	return nil
}

// MediaForAttachment returns the user's media with these ids, in the order given, for a
// status being written. Media already attached to statusAPID (an edit) count as free; any id
// that is missing, another user's or attached elsewhere gives ErrMediaNotAttachable.
func (d *DB) MediaForAttachment(ctx context.Context, userID, statusAPID string, ids []string) ([]*Media, error) {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	args := append([]any{userID, statusAPID}, anys(ids)...)
	rows, err := d.query(ctx, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE user_id = ? AND (status_ap_id IS NULL OR status_ap_id = ?) AND id IN (`+inList(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media for attachment: %w", err)
	}
	list, err := collectMedia(rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Media, len(list))
	for _, m := range list {
		byID[m.ID] = m
	}
	out := make([]*Media, 0, len(ids))
	for _, id := range ids {
		m := byID[id]
		if m == nil {
			return nil, fmt.Errorf("store: media %s: %w", id, ErrMediaNotAttachable)
		}
		out = append(out, m)
	}
	return out, nil
}

// AttachMedia attaches the user's media ids to a status, all or none: it gives
// ErrMediaNotAttachable (and attaches nothing) when any of them is missing, another user's,
// not processed, or attached to another status.
func (s *Store) AttachMedia(ctx context.Context, userID, statusAPID string, ids []string) error {
	return s.InTx(ctx, func(tx *Tx) error { return tx.AttachMedia(ctx, userID, statusAPID, ids) })
}

// AttachMedia is Store.AttachMedia inside a transaction that the caller rolls back on error.
func (t *Tx) AttachMedia(ctx context.Context, userID, statusAPID string, ids []string) error {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{statusAPID, userID, statusAPID}, anys(ids)...)
	// One conditional UPDATE claims them: of two statuses racing for an upload, the second
	// one's UPDATE waits for (or, on SQLite, runs after) the first's commit and then matches
	// fewer rows, so it fails and its transaction rolls back.
	res, err := t.exec(ctx, `UPDATE media_attachments SET status_ap_id = ?
		WHERE user_id = ? AND (status_ap_id IS NULL OR status_ap_id = ?) AND processed_at IS NOT NULL
		AND processing_error = '' AND remote_url = '' AND id IN (`+inList(len(ids))+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: attach media: %w", err)
	}
	if n, _ := res.RowsAffected(); n != int64(len(ids)) {
		return fmt.Errorf("store: attach media to %s: %w", statusAPID, ErrMediaNotAttachable)
	}
	return nil
}

// FinishMedia records the result of processing an upload in a job: kind, type, size, meta,
// blurhash, file and preview keys and processed_at. It is ErrNotFound when the row is gone or
// was already finished (a retried job).
func (d *DB) FinishMedia(ctx context.Context, m *Media) error {
	if m.ProcessedAt == nil {
		now := time.Now().UTC()
		m.ProcessedAt = &now
	}
	// A thumbnail the user sent meanwhile (preview key ending in -thumb.EXT) is kept.
	res, err := d.exec(ctx, `UPDATE media_attachments SET kind = ?, mime = ?, size = ?, file_key = ?,
		meta = CASE WHEN preview_key LIKE '%-thumb.%' THEN meta ELSE ? END,
		blurhash = CASE WHEN preview_key LIKE '%-thumb.%' THEN blurhash ELSE ? END,
		preview_key = CASE WHEN preview_key LIKE '%-thumb.%' THEN preview_key ELSE ? END,
		processed_at = ?, processing_error = ''
		WHERE id = ? AND processed_at IS NULL`,
		m.Kind, m.MIME, m.Size, m.FileKey, jsonOr(m.Meta, "{}"), m.Blurhash, m.PreviewKey, m.ProcessedAt.UTC(), m.ID)
	if err != nil {
		return fmt.Errorf("store: finish media %s: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: finish media %s: %w", m.ID, ErrNotFound)
	}
	return nil
}

// FailMedia records why processing refused an upload; the row stays unprocessed (it cannot
// be attached) until the cleanup removes it.
func (d *DB) FailMedia(ctx context.Context, id, reason string) error {
	if reason == "" {
		reason = "processing failed"
	}
	if _, err := d.exec(ctx, `UPDATE media_attachments SET processing_error = ? WHERE id = ? AND processed_at IS NULL`,
		reason, id); err != nil {
		return fmt.Errorf("store: fail media %s: %w", id, err)
	}
	return nil
}

// SetMediaPreview replaces the preview, blurhash and meta of a user's unattached upload (a
// thumbnail the user sent); ErrNotFound when it is not theirs or is attached.
func (d *DB) SetMediaPreview(ctx context.Context, userID, id, previewKey, blurhash string, meta json.RawMessage) error {
	res, err := d.exec(ctx, `UPDATE media_attachments SET preview_key = ?, blurhash = ?, meta = ?
		WHERE id = ? AND user_id = ? AND status_ap_id IS NULL`, previewKey, blurhash, jsonOr(meta, "{}"), id, userID)
	if err != nil {
		return fmt.Errorf("store: set media preview %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set media preview %s: %w", id, ErrNotFound)
	}
	return nil
}

// CachedMediaBefore returns up to limit remote attachments kept in the media cache since
// before cutoff, oldest first, for pruning.
func (d *DB) CachedMediaBefore(ctx context.Context, cutoff time.Time, limit int) ([]*Media, error) {
	rows, err := d.query(ctx, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE remote_url <> '' AND created_at < ? ORDER BY created_at LIMIT ?`, cutoff.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: cached media: %w", err)
	}
	return collectMedia(rows)
}

// MediaByStatuses returns the attachments of these statuses in upload order, by status ap_id.
func (d *DB) MediaByStatuses(ctx context.Context, statusAPIDs []string) (map[string][]*Media, error) {
	statusAPIDs = uniq(statusAPIDs)
	out := make(map[string][]*Media, len(statusAPIDs))
	if len(statusAPIDs) == 0 {
		return out, nil
	}
	rows, err := d.query(ctx, `SELECT `+mediaColumns+` FROM media_attachments
		WHERE status_ap_id IN (`+inList(len(statusAPIDs))+`) ORDER BY id`, anys(statusAPIDs)...)
	if err != nil {
		return nil, fmt.Errorf("store: media by statuses: %w", err)
	}
	list, err := collectMedia(rows)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		out[m.StatusAPID] = append(out[m.StatusAPID], m)
	}
	return out, nil
}

// StaleMedia returns up to limit attachments created before cutoff that nothing uses: never
// attached (and not waiting in one of its owner's scheduled statuses, whose params name
// their media ids as JSON strings), or attached to a status that no longer exists.
func (d *DB) StaleMedia(ctx context.Context, cutoff time.Time, limit int) ([]*Media, error) {
	rows, err := d.query(ctx, `SELECT `+mediaColumnsOf("m")+` FROM media_attachments m
		WHERE m.created_at < ? AND ((m.status_ap_id IS NULL
				AND NOT EXISTS (SELECT 1 FROM scheduled_statuses s
					WHERE s.user_id = m.user_id AND s.params LIKE '%"' || m.id || '"%'))
			OR (m.status_ap_id IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.ap_id = m.status_ap_id)))
		ORDER BY m.created_at LIMIT ?`, cutoff.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: stale media: %w", err)
	}
	return collectMedia(rows)
}

// DeleteMedia removes an attachment's row (its files are the caller's to delete first).
func (d *DB) DeleteMedia(ctx context.Context, id string) error {
	if _, err := d.exec(ctx, `DELETE FROM media_attachments WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete media %s: %w", id, err)
	}
	return nil
}

func mediaColumnsOf(alias string) string {
	return alias + `.id, ` + alias + `.user_id, ` + alias + `.kind, ` + alias + `.file_key, ` + alias + `.preview_key, ` +
		alias + `.mime, ` + alias + `.size, ` + alias + `.meta, ` + alias + `.description, ` + alias + `.focus_x, ` +
		alias + `.focus_y, ` + alias + `.blurhash, ` + alias + `.status_ap_id, ` + alias + `.created_at, ` + alias + `.processed_at, ` +
		alias + `.processing_error, ` + alias + `.remote_url`
}

func collectMedia(rows *sql.Rows) ([]*Media, error) {
	defer rows.Close()
	var out []*Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan media: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
