package mastodon

import (
	"context"
	"errors"
	"sync"

	"github.com/egregoros/egregoros/internal/store"
)

// Every streaming connection sees every status event of the bus. The work that does not
// depend on who is watching — loading the status, its hashtags, and rendering it — is done
// once per event and shared by all connections (as Mastodon renders one payload per status
// for its streams); each connection then makes only its own checks (visibility, blocks,
// mutes, filters, which streams match). Without this, N subscribers cost N renders per post.

// sharedEvents keeps the shared work of the most recent events, by their bus Seq.
type sharedEvents struct {
	mu    sync.Mutex
	bySeq map[uint64]*sharedStatus
	order []uint64 // oldest first
}

// sharedEventsKept bounds the cache: a connection that falls further behind than this many
// events does the work again for itself (correct, just slower).
const sharedEventsKept = 1024

// sharedStatus is one event's viewer-independent work, each part done at most once.
type sharedStatus struct {
	loadOnce sync.Once
	o        *store.Object // nil: gone (or not a status)
	tags     []string
	audience store.Audience // who may see it; each viewer is checked with MayViewAudience
	mod      moderation     // suspended author, blocked domain (moderation.go)
	loadErr  error

	renderOnce sync.Once
	st         Status
	renderErr  error
}

// get returns the shared work of event seq (a fresh, unshared one for seq 0).
func (c *sharedEvents) get(seq uint64) *sharedStatus {
	if seq == 0 {
		return &sharedStatus{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if sh, ok := c.bySeq[seq]; ok {
		return sh
	}
	if c.bySeq == nil {
		c.bySeq = map[uint64]*sharedStatus{}
	}
	sh := &sharedStatus{}
	c.bySeq[seq] = sh
	c.order = append(c.order, seq)
	if len(c.order) > sharedEventsKept {
		delete(c.bySeq, c.order[0])
		c.order = c.order[1:]
	}
	return sh
}

// load reads the status of the event, its audience and its hashtags.
func (sh *sharedStatus) load(ctx context.Context, s *Service, objectID string) (*store.Object, []string, error) {
	ctx = context.WithoutCancel(ctx) // shared: one connection closing must not fail the others
	sh.loadOnce.Do(func() {
		o, err := s.Store.ObjectByID(ctx, objectID)
		if errors.Is(err, store.ErrNotFound) {
			return
		}
		if err != nil {
			sh.loadErr = err
			return
		}
		if o.Type != "Note" && o.Type != "Question" && o.Type != "Announce" {
			return
		}
		if sh.audience, sh.loadErr = s.Store.AudienceOf(ctx, o); sh.loadErr != nil {
			return
		}
		if sh.mod, sh.loadErr = s.moderationOf(ctx, o); sh.loadErr != nil {
			return
		}
		if sh.tags, sh.loadErr = s.Store.HashtagsOf(ctx, o.ID); sh.loadErr == nil {
			sh.o = o
		}
	})
	return sh.o, sh.tags, sh.loadErr
}

// render renders the status without a viewer: the fields about the viewer's own state
// (favourited, bookmarked, …) are false, as in Mastodon's streamed payloads. The caller has
// checked that its viewer may see the status.
func (sh *sharedStatus) render(ctx context.Context, s *Service, o *store.Object) (Status, error) {
	ctx = context.WithoutCancel(ctx)
	sh.renderOnce.Do(func() {
		sh.st, sh.renderErr = s.renderStatus(ctx, &viewer{}, o)
	})
	return sh.st, sh.renderErr
}
