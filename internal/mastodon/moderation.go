package mastodon

import (
	"context"
	"errors"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// moderation is what the instance's moderation says of a status for streaming, as the
// timelines decide it (store.Moderation): a suspended author hides it from everyone else; an
// author on a blocked domain (silenced or suspended) keeps it off the public and hashtag
// streams. For a boost, the boosted status's author counts too.
type moderation struct {
	suspended     bool
	domainBlocked bool
}

// moderationOf reads the moderation of a status, once per event (streams_shared.go).
func (s *Service) moderationOf(ctx context.Context, o *store.Object) (moderation, error) {
	var m moderation
	actors := []string{o.Actor}
	if o.Type == "Announce" {
		inner, err := s.Store.ObjectByAPID(ctx, o.Object)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return m, err
		}
		if inner != nil {
			actors = append(actors, inner.Actor)
		}
	}
	for _, actor := range actors {
		suspended, err := s.Store.Suspended(ctx, actor)
		if err != nil {
			return m, err
		}
		b, err := s.Store.InstanceDomainBlockFor(ctx, ap.Host(actor))
		if err != nil {
			return m, err
		}
		m.suspended, m.domainBlocked = m.suspended || suspended, m.domainBlocked || b != nil
	}
	return m, nil
}
