package mastodon

import (
	"net/http"
	"strconv"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// pollByID finds a visible Question by its status id.
func (s *Service) pollByID(r *http.Request, v *viewer) (*store.Object, ap.Object, error) {
	o, err := s.statusByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	if o.Type != "Question" {
		return nil, nil, errNotFound
	}
	return o, parseDoc(o.Data), nil
}

// showPoll is GET /api/v1/polls/:id.
func (s *Service) showPoll(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, doc, err := s.pollByID(r, v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.poll(o, doc, v))
	return nil
}

// votePoll is POST /api/v1/polls/:id/votes: one Answer per choice, sent as Create{Note{name}}
// (the shape Mastodon sends) to the poll's author.
func (s *Service) votePoll(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	o, doc, err := s.pollByID(r, v)
	if err != nil {
		return err
	}
	ctx := r.Context()
	poll := s.poll(o, doc, v)
	if poll.Expired {
		return badRequest("Validation failed: The poll has already ended")
	}
	if o.Actor == v.user.APID {
		return badRequest("Validation failed: You cannot vote in your own poll")
	}
	if poll.Voted != nil && *poll.Voted {
		return badRequest("Validation failed: You have already voted on this poll")
	}
	choices := p.Strings("choices")
	if len(choices) == 0 || (!poll.Multiple && len(choices) > 1) || len(choices) > len(poll.Options) {
		return badRequest("Validation failed: choices are invalid")
	}
	seen := map[int]bool{}
	for _, c := range choices {
		i, err := strconv.Atoi(c)
		if err != nil || i < 0 || i >= len(poll.Options) || seen[i] {
			return badRequest("Validation failed: choices are invalid")
		}
		seen[i] = true
	}
	for i := range seen {
		id := s.Pipeline.NewObjectID()
		note := map[string]any{"id": id, "type": "Note", "name": poll.Options[i].Title, "attributedTo": v.user.APID,
			"inReplyTo": o.APID, "to": []any{o.Actor}, "published": time.Now().UTC().Format(time.RFC3339)}
		if err := s.local(ctx, ap.Object{"id": id + "/activity", "type": "Create", "actor": v.user.APID,
			"to": []any{o.Actor}, "object": note}); err != nil {
			return err
		}
	}
	fresh, err := s.Store.ObjectByID(ctx, o.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.poll(fresh, parseDoc(fresh.Data), v))
	return nil
}
