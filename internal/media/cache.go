package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// The media cache (EGREGOROS_MEDIA_CACHE) keeps processed copies of the attachments of remote
// posts. A copy is a media_attachments row like an upload's, with RemoteURL set, the remote
// author as its user and the remote post as its status, so /uploads/ serves it with the
// post's visibility; the client API shows the copy and keeps the original as remote_url.

// maxCachedPerPost bounds how many attachments of one post are fetched.
const maxCachedPerPost = 8

// cacheFetchTimeout bounds the download of one remote file.
const cacheFetchTimeout = 2 * time.Minute

// CachesRemote reports whether remote media is cached (a client and a retention are set).
func (s *Service) CachesRemote() bool { return s != nil && s.Remote != nil && s.CacheFor > 0 }

// CacheRemote caches the attachments of the remote post apID (or of the post an activity
// apID carries). Attachments already cached are skipped, so it may run again. A file that
// cannot be fetched or is refused (type, size, pixels, damage) is logged and left to be
// shown by its remote URL; only trouble on our side (database, storage) is an error.
func (s *Service) CacheRemote(ctx context.Context, apID string) error {
	if !s.CachesRemote() {
		return nil
	}
	o, doc, err := s.remotePost(ctx, apID)
	if o == nil || err != nil {
		return err
	}
	author, err := s.Store.UserByAPID(ctx, o.Actor)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	have, err := s.Store.MediaByStatuses(ctx, []string{o.APID})
	if err != nil {
		return err
	}
	cached := map[string]bool{}
	for _, m := range have[o.APID] {
		cached[m.RemoteURL] = true
	}
	for i, a := range doc.Objects("attachment") {
		if i >= maxCachedPerPost {
			break
		}
		u := a.Ref("url")
		if cached[u] || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) || len(u) > 2048 {
			continue
		}
		cached[u] = true
		if err := s.cacheOne(ctx, o, author, a, u); err != nil {
			return err
		}
	}
	return nil
}

// remotePost finds the remote post apID names: the object itself, or the one a Create or
// Update carries. nil when there is none or it is ours.
func (s *Service) remotePost(ctx context.Context, apID string) (*store.Object, ap.Object, error) {
	for range 2 {
		o, err := s.Store.ObjectByAPID(ctx, apID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if o.Local {
			return nil, nil, nil
		}
		var doc ap.Object
		if err := json.Unmarshal(o.Data, &doc); err != nil {
			return nil, nil, nil
		}
		switch o.Type {
		case "Create", "Update":
			apID = doc.Ref("object")
			continue
		}
		if !o.HasMedia {
			return nil, nil, nil
		}
		return o, doc, nil
	}
	return nil, nil, nil
}

// cacheOne fetches, processes and stores one remote attachment.
func (s *Service) cacheOne(ctx context.Context, post *store.Object, author *store.User, a ap.Object, u string) error {
	o := s.Options.WithDefaults()
	fctx := safehttp.WithMaxBodyBytes(safehttp.WithRequestTimeout(ctx, cacheFetchTimeout), o.MaxUploadSize())
	resp, err := s.Remote.Get(fctx, u, http.Header{"Accept": {"image/*, video/*, audio/*"}})
	if err == nil && resp.Status != http.StatusOK {
		err = fmt.Errorf("HTTP %d", resp.Status)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		slog.Info("media cache: not fetched", slog.String("url", u), slog.String("reason", err.Error()))
		return nil
	}
	res, err := Process(ctx, bytes.NewReader(resp.Body), int64(len(resp.Body)), o)
	if err != nil {
		if refused(err) {
			slog.Info("media cache: refused", slog.String("url", u), slog.String("reason", err.Error()))
			return nil
		}
		return err
	}
	meta, err := json.Marshal(res.Meta)
	if err != nil {
		return err
	}
	desc := a.String("name")
	if utf8.RuneCountInString(desc) > MaxDescription || !utf8.ValidString(desc) {
		desc = ""
	}
	id, token := store.NewID(), randomToken()
	now := time.Now().UTC()
	m := &store.Media{ID: id, UserID: author.ID, Kind: res.Type, MIME: res.Format.MIME, Size: res.File.Size, Meta: meta,
		Description: desc, Blurhash: res.Blurhash, StatusAPID: post.APID, RemoteURL: u, CreatedAt: now, ProcessedAt: &now,
		FileKey: "media/" + id + "/" + token + res.File.Ext}
	if res.Preview != nil {
		m.PreviewKey = "media/" + id + "/" + token + "-small" + res.Preview.Ext
	}
	if err := s.put(ctx, m.FileKey, res.File); err != nil {
		return err
	}
	if res.Preview != nil {
		if err := s.put(ctx, m.PreviewKey, res.Preview); err != nil {
			s.remove(m.FileKey)
			return err
		}
	}
	if err := s.Store.InsertMedia(ctx, m); err != nil {
		s.remove(m.FileKey, m.PreviewKey)
		return err
	}
	return nil
}

// PruneCache deletes cached copies older than CacheFor (the posts then show the remote URLs
// again); the hourly maintenance calls it. It returns how many it removed.
func (s *Service) PruneCache(ctx context.Context) (int, error) {
	if s.CacheFor <= 0 {
		return 0, nil
	}
	cutoff := time.Now().Add(-s.CacheFor)
	return s.removeAll(ctx, "media cache prune", func(ctx context.Context, limit int) ([]*store.Media, error) {
		return s.Store.CachedMediaBefore(ctx, cutoff, limit)
	})
}
