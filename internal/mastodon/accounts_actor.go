package mastodon

import (
	"context"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// localActorDocument renders a local user as its ActivityPub actor.
func (s *Service) localActorDocument(u *store.User) ap.Object {
	return ap.Object(activity.ActorDocument(u, s.BaseURL))
}

// federateProfile runs a local Update of u's actor through the pipeline, which delivers it to
// u's followers.
func (s *Service) federateProfile(ctx context.Context, u *store.User) error {
	upd := ap.Object{
		"@context": activity.ActorContext,
		"id":       s.Pipeline.NewObjectID(), "type": "Update", "actor": u.APID,
		"object": map[string]any(s.localActorDocument(u)),
		"to":     []any{ap.Public}, "cc": []any{u.FollowersURL},
	}
	_, err := s.Pipeline.Ingest(ctx, upd, activity.Origin{Source: activity.Local})
	return err
}
