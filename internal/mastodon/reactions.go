package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// EmojiReaction is Pleroma's emoji reaction with the accounts that reacted.
type EmojiReaction struct {
	Name     string    `json:"name"`
	Count    int       `json:"count"`
	Me       bool      `json:"me"`
	Accounts []Account `json:"accounts"`
	URL      *string   `json:"url"`
}

// maxReactors bounds the reactions read to list who reacted to a status.
const maxReactors = 1000

// reactionEmoji checks the emoji of a reaction from the path. A :shortcode: must name a
// custom emoji of this instance, and a bare shortcode naming one is one too: either comes
// back as :shortcode: with its Emoji tag. Whether anything else is one unicode emoji the
// pipeline decides (refusing it with 422).
func (s *Service) reactionEmoji(ctx context.Context, raw string) (string, map[string]any, error) {
	e := strings.TrimSpace(raw)
	colons := strings.HasPrefix(e, ":") && strings.HasSuffix(e, ":") && len(e) > 1
	if e == "" || len(e) > activity.MaxReactionBytes {
		return "", nil, badRequest("Validation failed: the reaction must be one emoji")
	}
	if code := strings.Trim(e, ":"); colons || store.ValidShortcode(e) {
		em, err := s.Store.CustomEmojiByShortcode(ctx, code)
		switch {
		case err == nil && store.ValidShortcode(code):
			return ":" + code + ":", emojiTag(em), nil // custom_emojis.go
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return "", nil, err
		case colons:
			return "", nil, badRequest("Validation failed: unknown custom emoji " + e)
		}
	}
	return e, nil, nil
}

// react is PUT /api/v1/pleroma/statuses/:id/reactions/:emoji: an EmojiReact by the viewer,
// run through the pipeline like one from another server (reacting twice is once).
func (s *Service) react(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	emoji, tag, err := s.reactionEmoji(ctx, r.PathValue("emoji"))
	if err != nil {
		return err
	}
	has, err := s.Store.HasRelationship(ctx, store.RelEmojiReact+emoji, v.user.APID, o.APID)
	if err != nil {
		return err
	}
	if !has {
		react := ap.Object{"id": s.Pipeline.NewObjectID(), "type": "EmojiReact", "actor": v.user.APID,
			"object": o.APID, "content": emoji, "to": []any{o.Actor}, "published": nowRFC3339()}
		if tag != nil {
			react["tag"] = []any{tag}
		}
		if err := s.local(ctx, react); err != nil {
			return err
		}
	}
	return s.respondStatus(w, r, v, o)
}

// unreact is DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji: an Undo of the viewer's
// reaction with that emoji (with or without a variation selector), if any.
func (s *Service) unreact(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	emoji := strings.TrimSpace(r.PathValue("emoji"))
	candidates := []string{emoji, strings.TrimSuffix(emoji, "\uFE0F"), emoji + "\uFE0F"}
	if code := strings.Trim(emoji, ":"); store.ValidShortcode(code) {
		candidates = append(candidates, ":"+code+":") // a custom emoji, with or without colons
	}
	for _, e := range candidates {
		_, err := s.Store.Relationship(ctx, store.RelEmojiReact+e, v.user.APID, o.APID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if err := s.undoRel(ctx, v, store.RelEmojiReact+e, o.APID, []any{o.Actor}); err != nil {
			return err
		}
		break
	}
	return s.respondStatus(w, r, v, o)
}

// reactions is GET /api/v1/pleroma/statuses/:id/reactions[/:emoji]: each emoji with its
// count, whether the viewer used it, and who did (at most maxReactors in all).
func (s *Service) reactions(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	only := strings.TrimSpace(r.PathValue("emoji"))
	counts, err := s.Store.ReactionCounts(ctx, []string{o.APID})
	if err != nil {
		return err
	}
	rels, err := s.Store.Reactions(ctx, o.APID, only, maxReactors)
	if err != nil {
		return err
	}
	mine, err := s.Store.RelationshipsOf(ctx, v.apID(), []string{store.RelEmojiReact}, []string{o.APID})
	if err != nil {
		return err
	}
	actors := make([]string, 0, len(rels))
	for _, rel := range rels {
		actors = append(actors, rel.Actor)
	}
	users, err := s.Store.UsersByAPIDs(ctx, actors)
	if err != nil {
		return err
	}
	list := make([]*store.User, 0, len(users))
	for _, u := range users {
		list = append(list, u)
	}
	accts, err := s.renderAccounts(ctx, list)
	if err != nil {
		return err
	}
	byAPID := make(map[string]Account, len(accts))
	for i, u := range list {
		byAPID[u.APID] = accts[i]
	}
	out := []EmojiReaction{}
	for _, c := range counts[o.APID] {
		if only != "" && c.Emoji != only {
			continue
		}
		er := EmojiReaction{Name: c.Emoji, Count: c.Count, Me: mine[o.APID][store.RelEmojiReact+c.Emoji] != nil,
			Accounts: []Account{}}
		if c.URL != "" {
			er.URL = strPtr(c.URL)
		}
		for _, rel := range rels {
			if strings.TrimPrefix(rel.Type, store.RelEmojiReact) != c.Emoji {
				continue
			}
			if a, ok := byAPID[rel.Actor]; ok {
				er.Accounts = append(er.Accounts, a)
			}
		}
		out = append(out, er)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
