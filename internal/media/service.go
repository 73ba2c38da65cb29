package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// MaxDescription is the longest description (alt text) an attachment may have, in characters.
const MaxDescription = 1500

// Service is media for the rest of the server: uploads of attachments, avatars and headers,
// their cleanup, and serving them. Its fields are set once at start.
type Service struct {
	Store   *store.Store
	Storage Storage
	Options Options
	// UploadsHost, when set (the host of EGREGOROS_UPLOADS_BASE_URL), is the only Host that
	// /uploads/ answers on; the Storage's URLs must point at it.
	UploadsHost string
	// SessionViewer names the user signed in to the web UI by session cookie (nil: none); the
	// /uploads/ handler asks it after the API's bearer token.
	SessionViewer Viewer
	// Queue runs processing jobs (UploadAsync) and remote media caching; nil: uploads are
	// processed at once and remote media is not cached.
	Queue Queue
	// Remote fetches the attachments of remote posts for the media cache (cache.go), which
	// keeps copies for CacheFor; nil or 0: remote media is referenced by its URL only.
	Remote   *safehttp.Client
	CacheFor time.Duration
}

// Attributes are what the uploader says about an attachment.
type Attributes struct {
	Description string
	Focus       Focus
}

// Validate checks the description length and the focus bounds.
func (a Attributes) Validate() error {
	if utf8.RuneCountInString(a.Description) > MaxDescription {
		return refuse(ErrInvalid, "description is longer than %d characters", MaxDescription)
	}
	if !utf8.ValidString(a.Description) {
		return refuse(ErrInvalid, "description is not UTF-8")
	}
	if !inUnit(a.Focus.X) || !inUnit(a.Focus.Y) {
		return refuse(ErrInvalid, "focus coordinates must be between -1.0 and 1.0")
	}
	return nil
}

func inUnit(f float64) bool { return f >= -1 && f <= 1 }

// ParseFocus reads Mastodon's "x,y" focus parameter.
func ParseFocus(s string) (Focus, error) {
	xs, ys, ok := strings.Cut(s, ",")
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if !ok || errX != nil || errY != nil || !inUnit(x) || !inUnit(y) {
		return Focus{}, refuse(ErrInvalid, "focus must be two numbers between -1.0 and 1.0, as \"x,y\"")
	}
	return Focus{X: x, Y: y}, nil
}

// Upload processes a file that owner uploaded and stores it as an unattached attachment.
// Processing is synchronous: the attachment is returned ready (ProcessedAt set).
func (s *Service) Upload(ctx context.Context, owner *store.User, r io.ReaderAt, size int64, a Attributes) (*store.Media, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	res, err := Process(ctx, r, size, s.Options)
	if err != nil {
		return nil, err
	}
	if res.Note != "" {
		slog.Debug("media processed with a gap", slog.String("type", res.Format.MIME), slog.String("note", res.Note))
	}
	meta, err := json.Marshal(res.Meta)
	if err != nil {
		return nil, err
	}
	id, token := store.NewID(), randomToken()
	m := &store.Media{ID: id, UserID: owner.ID, Kind: res.Type, MIME: res.Format.MIME, Size: res.File.Size,
		Meta: meta, Description: a.Description, FocusX: a.Focus.X, FocusY: a.Focus.Y, Blurhash: res.Blurhash,
		FileKey: "media/" + id + "/" + token + res.File.Ext}
	if res.Preview != nil {
		m.PreviewKey = "media/" + id + "/" + token + "-small" + res.Preview.Ext
	}
	if err := s.put(ctx, m.FileKey, res.File); err != nil {
		return nil, err
	}
	if res.Preview != nil {
		if err := s.put(ctx, m.PreviewKey, res.Preview); err != nil {
			s.remove(m.FileKey)
			return nil, err
		}
	}
	now := time.Now().UTC()
	m.CreatedAt, m.ProcessedAt = now, &now
	if err := s.Store.InsertMedia(ctx, m); err != nil {
		s.remove(m.FileKey, m.PreviewKey)
		return nil, err
	}
	return m, nil
}

// Get returns one of the user's attachments; another user's is ErrNotFound.
func (s *Service) Get(ctx context.Context, userID, id string) (*store.Media, error) {
	if id == "" || len(id) > 64 {
		return nil, ErrNotFound
	}
	m, err := s.Store.MediaByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.UserID != userID) {
		return nil, fmt.Errorf("media %s: %w", id, ErrNotFound)
	}
	return m, err
}

// Update changes the description and focus of one of the user's attachments while it is not
// attached (once attached, a status edit changes it, as in Mastodon); nil leaves a value.
func (s *Service) Update(ctx context.Context, userID, id string, description *string, focus *Focus) (*store.Media, error) {
	m, err := s.Get(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	if m.StatusAPID != "" {
		return nil, fmt.Errorf("media %s is attached: %w", id, ErrNotFound)
	}
	a := Attributes{Description: m.Description, Focus: Focus{X: m.FocusX, Y: m.FocusY}}
	if description != nil {
		a.Description = *description
	}
	if focus != nil {
		a.Focus = *focus
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := s.Store.UpdateMedia(ctx, userID, id, a.Description, a.Focus.X, a.Focus.Y); err != nil {
		return nil, err
	}
	m.Description, m.FocusX, m.FocusY = a.Description, a.Focus.X, a.Focus.Y
	return m, nil
}

// URL is the public address of a storage key ("" for "").
func (s *Service) URL(key string) string {
	if key == "" {
		return ""
	}
	return s.Storage.URL(key)
}

func (s *Service) put(ctx context.Context, key string, p *Payload) error {
	return s.Storage.Put(ctx, key, p.Body, p.Size, p.MIME)
}

// remove deletes files after a failure, on a fresh context so a cancelled request still cleans up.
func (s *Service) remove(keys ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, k := range keys {
		if k == "" {
			continue
		}
		if err := s.Storage.Delete(ctx, k); err != nil {
			slog.Warn("media: leftover file", slog.String("key", k), slog.String("error", err.Error()))
		}
	}
}

func randomToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
