package media

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// DefaultCleanupAge is how long an unattached upload is kept: a day, as the issue asks.
const DefaultCleanupAge = 24 * time.Hour

// Cleanup deletes the files and rows of attachments older than olderThan that nothing uses:
// uploads never attached, and attachments of deleted statuses. It returns how many it
// removed; a periodic job calls it. A file that cannot be deleted keeps its row, so the next
// run tries again.
func (s *Service) Cleanup(ctx context.Context, olderThan time.Duration) (int, error) {
	cutoff := time.Now().Add(-olderThan)
	removed := 0
	for {
		batch, err := s.Store.StaleMedia(ctx, cutoff, 100)
		if err != nil {
			return removed, err
		}
		progress := 0
		for _, m := range batch {
			if err := s.deleteFiles(ctx, m.FileKey, m.PreviewKey); err != nil {
				slog.Warn("media cleanup", slog.String("media", m.ID), slog.String("error", err.Error()))
				continue
			}
			if err := s.Store.DeleteMedia(ctx, m.ID); err != nil {
				return removed, err
			}
			removed++
			progress++
		}
		if len(batch) < 100 || progress == 0 {
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
