package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// reaction is one emoji under a status with its count and whether the viewer used it.
type reaction struct {
	Emoji string
	URL   string // the image of a custom emoji (another server's :shortcode:)
	Still string // its still image when it is an animated emoji of this server (emoji_render.go)
	Count int
	Me    bool
}

// commonEmoji are the picker's unicode emoji; the instance's custom emoji follow them
// (pickerEmoji, admin_emoji_picker.go), sent as :shortcode:.
var commonEmoji = []struct{ Emoji, Label string }{
	{"👍", "thumbs up"}, {"❤️", "red heart"}, {"😆", "laughing"}, {"😮", "surprised"}, {"😢", "sad"},
	{"😡", "angry"}, {"🎉", "party popper"}, {"🔥", "fire"}, {"👀", "eyes"}, {"🙏", "folded hands"},
	{"🤔", "thinking"}, {"💯", "hundred points"},
}

// reactionsOf loads the reactions of a page's statuses in two queries (the counts, and the
// viewer's own), whatever their number.
func (s *Service) reactionsOf(ctx context.Context, rq *request, notes []string) (map[string][]reaction, error) {
	counts, err := s.opt.Store.ReactionCounts(ctx, notes)
	if err != nil {
		return nil, err
	}
	var with []string
	for _, n := range notes {
		if len(counts[n]) > 0 && !slices.Contains(with, n) { // a post and its boost: one note
			with = append(with, n)
		}
	}
	mine, err := s.opt.Store.RelationshipsOf(ctx, rq.viewer(), []string{store.RelEmojiReact}, with)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]reaction, len(with))
	for _, n := range with {
		for _, c := range counts[n] {
			r := reaction{Emoji: c.Emoji, URL: c.URL, Count: c.Count, Me: mine[n][store.RelEmojiReact+c.Emoji] != nil}
			if c.URL != "" {
				r.Still = s.stillEmoji(c.URL, "")
			}
			out[n] = append(out[n], r)
		}
	}
	return out, nil
}

// ReactionEmoji are the picker's emoji; the reactions partial calls it on the card.
func (c *card) ReactionEmoji() []struct{ Emoji, Label string } { return commonEmoji }

// react is POST /statuses/{id}/react and /unreact with the emoji in the form: the API's own
// PUT and DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji handlers run it (one emoji,
// reacting twice is once, visibility as for any action). With htmx the answer is the card;
// without, a redirect back.
func (s *Service) react(undo bool) handler {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if rq.user == nil {
			return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
		}
		ctx := r.Context()
		row, target, err := s.actionTarget(ctx, rq, r.PathValue("id"))
		if err != nil {
			return err
		}
		emoji := strings.TrimSpace(r.PostFormValue("emoji"))
		op, method := mastodon.OpReact, http.MethodPut
		if undo {
			op, method = mastodon.OpUnreact, http.MethodDelete
		}
		if _, err := s.api().ServeAs(apiRequest(r, method, url.Values{}), rq.user, op,
			map[string]string{"id": target.ID, "emoji": emoji}); err != nil {
			if msg, ok := apiRefusal(err); ok {
				if strings.HasPrefix(msg, "The reaction must be") || strings.Contains(msg, "nprocessable") {
					msg = "Choose one emoji."
				}
				return &httpError{Status: http.StatusUnprocessableEntity, Msg: msg, Err: err}
			}
			return err
		}
		if !isHTMX(r) {
			s.redirectBack(w, r, "/")
			return nil
		}
		fresh, err := s.opt.Store.ObjectByID(ctx, row.ID)
		if err != nil {
			return err
		}
		list, err := s.cards(ctx, rq, []*store.Object{fresh})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errNotFound
		}
		list[0].Focused = r.PostFormValue("focused") == "1"
		s.renderPartial(w, http.StatusOK, "status", list[0])
		return nil
	}
}
