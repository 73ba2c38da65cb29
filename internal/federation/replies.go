package federation

import (
	"context"
	"errors"
	"log/slog"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Thread completion through replies collections is bounded: at most this many pages and
// items per status, and only while the fetch depth allows.
const (
	maxReplyPages = 2
	maxReplyItems = 50
)

// fetchReplies walks the first pages of a status's replies collection and resolves the
// replies we do not have yet (best effort: errors are logged, not returned).
func (s *Service) fetchReplies(ctx context.Context, doc ap.Object, depth int) {
	if depth >= activity.MaxFetchDepth {
		return
	}
	var page ap.Object
	if replies, ok := doc.Embedded("replies"); ok {
		page = replies
	} else if id := doc.Ref("replies"); id != "" {
		fetched, err := s.FetchDocument(ctx, id)
		if err != nil {
			return
		}
		page = fetched
	} else {
		return
	}
	seen := 0
	for pages := 0; page != nil && pages < maxReplyPages && seen < maxReplyItems; pages++ {
		if first, ok := page.Embedded("first"); ok {
			page = first
		} else if first := page.Ref("first"); first != "" && pages == 0 && len(page.IDs("items"))+len(page.IDs("orderedItems")) == 0 {
			fetched, err := s.FetchDocument(ctx, first)
			if err != nil {
				return
			}
			page = fetched
		}
		items := append(page.IDs("orderedItems"), page.IDs("items")...)
		for _, id := range items {
			if seen >= maxReplyItems {
				break
			}
			seen++
			if ap.Host(id) != ap.Host(doc.ID()) {
				continue // only replies the status's own server vouches for are listed there
			}
			if _, err := s.Store.ObjectByAPID(ctx, id); err == nil {
				continue
			} else if !errors.Is(err, store.ErrNotFound) {
				return
			}
			if err := s.Resolve(ctx, id, depth+1); err != nil {
				slog.Debug("thread completion: reply not fetched", slog.String("id", id), slog.String("error", err.Error()))
			}
		}
		next := page.Ref("next")
		if next == "" || pages+1 >= maxReplyPages {
			break
		}
		fetched, err := s.FetchDocument(ctx, next)
		if err != nil {
			return
		}
		page = fetched
	}
}
