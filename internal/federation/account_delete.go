package federation

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// DeleteLocalAccount deletes a local account for good, as Mastodon does:
//
//   - a Delete of the actor itself goes through the pipeline, which enqueues its delivery to
//     every inbox we know (Inboxes), signed with the actor's key (kept for that);
//   - everything the account left here goes (store.PurgeActor: its posts, boosts, likes,
//     follows both ways, notifications; others' blocks and mutes of it stay);
//   - the users row stays as a tombstone so that the nickname is never given out again and the
//     actor id answers 410 Gone: profile, password and email are cleared, tokens, codes, push
//     subscriptions and web sessions revoked.
//
// It can be run again on a deleted account (after a failure half-way): no second Delete is sent.
func (s *Service) DeleteLocalAccount(ctx context.Context, u *store.User) (*store.Object, error) {
	if !u.Local || u.Nickname == InstanceActorNickname {
		return nil, fmt.Errorf("federation: %s is not a local account", u.APID)
	}
	var row *store.Object
	if _, deleted, err := s.Store.LocalActorDeletedAt(ctx, u.APID); err != nil {
		return nil, err
	} else if !deleted {
		del := ap.Object{"@context": "https://www.w3.org/ns/activitystreams", "id": s.Pipeline.NewObjectID(),
			"type": "Delete", "actor": u.APID, "object": u.APID, "to": []any{ap.Public}, "cc": []any{u.FollowersURL}}
		if row, err = s.Pipeline.Ingest(ctx, del, activity.Origin{Source: activity.Local}); err != nil {
			return nil, err
		}
	}
	if _, err := s.Store.PurgeActor(ctx, u.APID, "Delete"); err != nil {
		return nil, err
	}
	u.Name, u.Bio, u.AvatarURL, u.HeaderURL, u.URL = "", "", "", "", ""
	u.Fields, u.Emojis, u.AlsoKnownAs, u.MovedTo = nil, nil, nil, ""
	u.PasswordHash, u.Email = "", ""
	u.Locked, u.Bot, u.Discoverable, u.Admin = false, false, false, false
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	if err := s.Store.RevokeUserAccess(ctx, u.ID); err != nil {
		return nil, err
	}
	return row, nil
}

// deletedActorInboxes is where the Delete of a local actor goes: every inbox we know (its
// followers are already gone from our tables when the delivery runs).
func (s *Service) deletedActorInboxes(ctx context.Context) ([]string, error) {
	all, err := s.Store.RemoteInboxes(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, inbox := range all {
		if s.checkTarget(inbox) == nil {
			out = append(out, inbox)
		}
	}
	return out, nil
}

// goneIfDeleted answers 410 Gone with a Tombstone when the local actor u has deleted itself,
// and reports whether it did.
func (s *Service) goneIfDeleted(w http.ResponseWriter, r *http.Request, u *store.User) bool {
	at, deleted, err := s.Store.LocalActorDeletedAt(r.Context(), u.APID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return true
	}
	if !deleted {
		return false
	}
	writeAP(w, http.StatusGone, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": u.APID, "type": "Tombstone", "formerType": "Person", "deleted": at.UTC().Format(time.RFC3339)})
	return true
}
