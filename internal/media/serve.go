package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Viewer says who sends a request: an actor id, "" when anonymous. The server supplies one
// per credential it accepts (bearer token, session cookie).
type Viewer func(r *http.Request) string

// ContentSecurityPolicy is sent with every upload: nothing in a file may run or load
// anything, even when a browser is tricked into rendering it as a document.
const ContentSecurityPolicy = "default-src 'none'; media-src 'self'; sandbox"

// Handler serves GET and HEAD /uploads/KEY. Avatars and headers are public. An attachment is
// served to whoever may see its status (store.CanView), and while unattached to its uploader
// only; anything else is a 404, whether or not the file exists. viewers are asked in order.
func (s *Service) Handler(viewers ...Viewer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !s.onUploadsHost(r) {
			http.NotFound(w, r)
			return
		}
		key, ok := strings.CutPrefix(r.URL.Path, "/uploads/")
		if !ok || !validKey(key) {
			http.NotFound(w, r)
			return
		}
		access, mime, err := s.access(r, key, viewers)
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				slog.Error("uploads", slog.String("key", key), slog.String("error", err.Error()))
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			http.NotFound(w, r)
			return
		}
		blob, err := s.Storage.Open(r.Context(), key)
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				slog.Error("uploads", slog.String("key", key), slog.String("error", err.Error()))
			}
			http.NotFound(w, r)
			return
		}
		defer blob.Close()
		h := w.Header()
		h.Set("Content-Type", mime)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		h.Set("ETag", etag(key, blob))
		if access == public {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "private, no-store")
			h.Add("Vary", "Authorization, Cookie")
		}
		http.ServeContent(w, r, "", blob.ModTime, blob)
	})
}

type accessKind int

const (
	public accessKind = iota
	restricted
)

// access decides whether the request may read key, and with which Content-Type.
func (s *Service) access(r *http.Request, key string, viewers []Viewer) (accessKind, string, error) {
	ext := path.Ext(key)
	first, rest, _ := strings.Cut(key, "/")
	switch first {
	case "avatars", "headers", "emoji":
		if mime := mimeByExt[ext]; mime != "" && strings.HasPrefix(mime, "image/") {
			return public, mime, nil
		}
		return 0, "", ErrNotFound
	case "media":
	default:
		return 0, "", ErrNotFound
	}
	id, _, _ := strings.Cut(rest, "/")
	ctx := r.Context()
	m, err := s.Store.MediaByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, "", ErrNotFound
	}
	if err != nil {
		return 0, "", err
	}
	mime := m.MIME
	switch key {
	case m.FileKey:
	case m.PreviewKey:
		mime = mimeByExt[ext]
	default:
		return 0, "", ErrNotFound
	}
	if m.StatusAPID == "" {
		return s.ownerOnly(ctx, m, viewerOf(r, viewers), mime)
	}
	o, err := s.Store.ObjectByAPID(ctx, m.StatusAPID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, "", ErrNotFound // the status was deleted
	}
	if err != nil {
		return 0, "", err
	}
	if o.Visibility == ap.VisibilityPublic || o.Visibility == ap.VisibilityUnlisted {
		return public, mime, nil
	}
	ok, err := s.Store.CanView(ctx, o, viewerOf(r, viewers))
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "", ErrNotFound
	}
	return restricted, mime, nil
}

// ownerOnly lets the uploader alone read an unattached file.
func (s *Service) ownerOnly(ctx context.Context, m *store.Media, viewer, mime string) (accessKind, string, error) {
	if viewer == "" {
		return 0, "", ErrNotFound
	}
	owner, err := s.Store.UserByID(ctx, m.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && owner.APID != viewer) {
		return 0, "", ErrNotFound
	}
	if err != nil {
		return 0, "", err
	}
	return restricted, mime, nil
}

func viewerOf(r *http.Request, viewers []Viewer) string {
	for _, v := range viewers {
		if v == nil {
			continue
		}
		if id := v(r); id != "" {
			return id
		}
	}
	return ""
}

// etag is a strong validator: keys are never reused for other content.
func etag(key string, b *Blob) string {
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.FormatInt(b.Size, 10) + "\x00" + b.ModTime.UTC().String()))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
