package media

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// DefaultCleanupAge is how long an unattached upload is kept: a day, as the issue asks.
const DefaultCleanupAge = 24 * time.Hour

// Cleanup deletes the files and rows of attachments older than olderThan that nothing uses:
// uploads never attached, and attachments of deleted statuses. It returns how many it
// removed; a periodic job calls it. A file that cannot be deleted keeps its row, so the next
// run tries again.
func (s *Service) Cleanup(ctx context.Context, olderThan time.Duration) (int, error) {
	cutoff := time.Now().Add(-olderThan)
	return s.removeAll(ctx, "media cleanup", func(ctx context.Context, limit int) ([]*store.Media, error) {
		return s.Store.StaleMedia(ctx, cutoff, limit)
	})
}

// removeAll deletes, batch after batch, the files and rows of the attachments next returns,
// until a batch is short or nothing in it could be removed. A file that cannot be deleted
// keeps its row (logged under what), so the next run tries again.
func (s *Service) removeAll(ctx context.Context, what string, next func(context.Context, int) ([]*store.Media, error)) (int, error) {
	const batchSize = 100
	removed := 0
	for {
		batch, err := next(ctx, batchSize)
		if err != nil {
			return removed, err
		}
		progress := 0
		for _, m := range batch {
			if err := s.deleteFiles(ctx, m.FileKey, m.PreviewKey); err != nil {
				slog.Warn(what, slog.String("media", m.ID), slog.String("error", err.Error()))
				continue
			}
			if err := s.Store.DeleteMedia(ctx, m.ID); err != nil {
				return removed, err
			}
			removed++
			progress++
		}
		if len(batch) < batchSize || progress == 0 {
			return removed, nil
		}
	}
}

func (s *Service) deleteFiles(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if k == "" {
			continue
		}
		if err := s.Storage.Delete(ctx, k); err != nil {
			return fmt.Errorf("delete %s: %w", k, err)
		}
	}
	return nil
}
