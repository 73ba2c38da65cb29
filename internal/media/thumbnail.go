package media

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// thumbSuffix ends the key of a thumbnail the uploader sent (before its extension); a
// processing job keeps such a preview instead of replacing it with the frame it found.
const thumbSuffix = "-thumb"

func isThumbnail(key string) bool {
	dot := strings.LastIndexByte(key, '.')
	return dot > 0 && strings.HasSuffix(key[:dot], thumbSuffix)
}

// Thumbnail is a processed thumbnail, ready for SetThumbnail.
type Thumbnail struct {
	File     *Payload
	Blurhash string
	Small    *MetaSize
}

// ProcessThumbnail turns a picture sent as the thumbnail of a video or audio file into its
// preview: checked like an image upload (type, size, pixels), re-encoded without metadata
// and scaled to at most Options.PreviewSize on the long side, with its blurhash.
func ProcessThumbnail(ctx context.Context, r io.ReaderAt, size int64, o Options) (*Thumbnail, error) {
	o = o.WithDefaults()
	if size <= 0 {
		return nil, refuse(ErrUnsupported, "empty thumbnail")
	}
	f, err := sniffReader(r, size)
	if err != nil {
		return nil, err
	}
	if f.Class != ClassImage {
		return nil, refuse(ErrUnsupported, "thumbnails must be JPEG, PNG, GIF or WebP pictures")
	}
	if err := checkSize(f, size, o); err != nil {
		return nil, err
	}
	if _, err := checkPixels(r, size, f, o.MaxImagePixels); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	img, err := decodeImage(r, size) // an animated GIF gives its first frame
	if err != nil {
		return nil, err
	}
	small, hash, err := preview(img, o.PreviewSize)
	if err != nil {
		return nil, err
	}
	return &Thumbnail{File: small.payload(), Blurhash: hash, Small: sizeOf(small.w, small.h)}, nil
}

// SetThumbnail stores a thumbnail for one of the user's unattached video or audio uploads
// (multipart thumbnail of POST /api/v1|v2/media and PUT /api/v1/media/:id): it becomes the
// preview (and gives the blurhash and meta.small); the preview it replaces is deleted.
func (s *Service) SetThumbnail(ctx context.Context, userID, id string, t *Thumbnail) (*store.Media, error) {
	m, err := s.Get(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	if m.StatusAPID != "" {
		return nil, fmt.Errorf("media %s is attached: %w", id, ErrNotFound)
	}
	if m.Kind != TypeVideo && m.Kind != TypeAudio {
		return nil, refuse(ErrInvalid, "thumbnails are for video and audio files")
	}
	file, hash, small := t.File, t.Blurhash, t.Small
	key := "media/" + m.ID + "/" + randomToken() + thumbSuffix + file.Ext
	if err := s.put(ctx, key, file); err != nil {
		return nil, err
	}
	meta := map[string]any{}
	_ = json.Unmarshal(m.Meta, &meta)
	meta["small"] = small
	raw, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetMediaPreview(ctx, userID, id, key, hash, raw); err != nil {
		s.remove(key)
		return nil, fmt.Errorf("media %s: %w", id, ErrNotFound)
	}
	s.remove(m.PreviewKey)
	m.PreviewKey, m.Blurhash, m.Meta = key, hash, raw
	return m, nil
}
