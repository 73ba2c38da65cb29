package media

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// Queue enqueues durable work for the media service, inside the transaction that stores the
// row the work is about. The jobs package implements it.
type Queue interface {
	// EnqueueMediaProcess asks for the processing of the upload id (ProcessPending).
	EnqueueMediaProcess(ctx context.Context, tx *sql.Tx, id string) error
}

// rawSuffix ends the key of an upload stored as received, waiting for its job. The processed
// files get the same key without it (plus their extension), so a retried job overwrites what
// an interrupted one wrote instead of leaving files behind.
const rawSuffix = "-upload"

// UploadAsync is Upload for POST /api/v2/media: the file is checked at once (type by content,
// size limit), but video, audio and any file larger than Options.AsyncSize are stored as they
// came and processed by a job; the attachment is returned unprocessed (ProcessedAt nil) and
// ProcessPending finishes it. Without a Queue, or for a small picture, it is Upload.
func (s *Service) UploadAsync(ctx context.Context, owner *store.User, r io.ReaderAt, size int64, a Attributes) (*store.Media, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	o := s.Options.WithDefaults()
	if s.Queue == nil {
		return s.Upload(ctx, owner, r, size, a)
	}
	f, err := check(r, size, o)
	if err != nil {
		return nil, err
	}
	if f.Class == ClassImage && size <= o.AsyncSize {
		return s.Upload(ctx, owner, r, size, a)
	}
	id, token := store.NewID(), randomToken()
	m := &store.Media{ID: id, UserID: owner.ID, Kind: string(f.Class), MIME: f.MIME, Size: size, Meta: json.RawMessage(`{}`),
		Description: a.Description, FocusX: a.Focus.X, FocusY: a.Focus.Y, FileKey: "media/" + id + "/" + token + rawSuffix}
	if err := s.put(ctx, m.FileKey, &Payload{Body: io.NewSectionReader(r, 0, size), Size: size, MIME: f.MIME}); err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertMedia(ctx, m); err != nil {
			return err
		}
		return s.Queue.EnqueueMediaProcess(ctx, tx.SQL(), id)
	})
	if err != nil {
		s.remove(m.FileKey)
		return nil, err
	}
	return m, nil
}

// check is the cheap part of Process: type by content and the size limit of the class.
func check(r io.ReaderAt, size int64, o Options) (Format, error) {
	if size <= 0 {
		return Format{}, refuse(ErrUnsupported, "empty file")
	}
	if size > o.MaxUploadSize() {
		return Format{}, refuse(ErrTooLarge, "files may be at most %s", megabytes(o.MaxUploadSize()))
	}
	f, err := sniffReader(r, size)
	if err != nil {
		return Format{}, err
	}
	return f, checkSize(f, size, o)
}

// ProcessPending processes an upload UploadAsync stored, for its job. A finished (or vanished)
// upload is left alone, so the job may run again after a crash. A refused file is recorded
// on the row (ProcessingError) and is not an error: retrying would not change the answer.
func (s *Service) ProcessPending(ctx context.Context, id string) error {
	m, err := s.Store.MediaByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if m.ProcessedAt != nil || m.ProcessingError != "" || !strings.HasSuffix(m.FileKey, rawSuffix) {
		return nil
	}
	blob, err := s.Storage.Open(ctx, m.FileKey)
	if errors.Is(err, ErrNotFound) {
		return s.Store.FailMedia(ctx, id, "the uploaded file is gone")
	}
	if err != nil {
		return err
	}
	defer blob.Close()
	ra, done, err := readerAt(blob)
	if err != nil {
		return err
	}
	defer done()
	res, err := Process(ctx, ra, blob.Size, s.Options)
	if refused(err) {
		slog.Info("media refused in processing", slog.String("media", id), slog.String("reason", err.Error()))
		return s.Store.FailMedia(ctx, id, err.Error())
	}
	if err != nil {
		return err
	}
	meta, err := json.Marshal(res.Meta)
	if err != nil {
		return err
	}
	raw := m.FileKey
	stem := strings.TrimSuffix(raw, rawSuffix)
	m.Kind, m.MIME, m.Size, m.Meta, m.Blurhash, m.FileKey = res.Type, res.Format.MIME, res.File.Size, meta, res.Blurhash, stem+res.File.Ext
	if err := s.put(ctx, m.FileKey, res.File); err != nil {
		return err
	}
	generated := ""
	if res.Preview != nil && !isThumbnail(m.PreviewKey) { // a thumbnail the user sent is kept
		generated = stem + "-small" + res.Preview.Ext
		if err := s.put(ctx, generated, res.Preview); err != nil {
			return err
		}
		m.PreviewKey = generated
	}
	m.ProcessedAt = nil
	if err := s.Store.FinishMedia(ctx, m); err != nil {
		if errors.Is(err, store.ErrNotFound) { // finished meanwhile, or deleted: ours are spare
			return nil
		}
		return err
	}
	s.remove(raw)
	return nil
}

// refused reports whether err is a refusal of the file rather than trouble on our side.
func refused(err error) bool {
	for _, e := range []error{ErrUnsupported, ErrTooLarge, ErrTooManyPixels, ErrCorrupt, ErrInvalid} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// readerAt gives random access to a stored file: the file itself when its storage allows it
// (disk, S3 objects), else a temporary copy.
func readerAt(b *Blob) (io.ReaderAt, func(), error) {
	if ra, ok := b.ReadSeekCloser.(io.ReaderAt); ok {
		return ra, func() {}, nil
	}
	tmp, err := os.CreateTemp("", "egregoros-media-*")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, io.LimitReader(b, b.Size)); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("media: copy for processing: %w", err)
	}
	return tmp, cleanup, nil
}
