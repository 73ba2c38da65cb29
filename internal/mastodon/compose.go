package mastodon

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// ComposeParams is a new status as its author wrote it, whoever the caller: POST
// /api/v1/statuses, the web UI's form, or a scheduled status coming due.
type ComposeParams struct {
	Text        string       `json:"text"`
	SpoilerText string       `json:"spoiler_text,omitempty"`
	Visibility  string       `json:"visibility,omitempty"` // "" is public
	Language    string       `json:"language,omitempty"`
	Sensitive   bool         `json:"sensitive,omitempty"`
	InReplyToID string       `json:"in_reply_to_id,omitempty"` // a status id (not an AP id)
	MediaIDs    []string     `json:"media_ids,omitempty"`
	Poll        *ComposePoll `json:"poll,omitempty"`
}

// ComposePoll is a status's poll: ExpiresIn seconds from publication.
type ComposePoll struct {
	Options    []string `json:"options"`
	ExpiresIn  int      `json:"expires_in"`
	Multiple   bool     `json:"multiple,omitempty"`
	HideTotals bool     `json:"hide_totals,omitempty"`
}

// Compose validates a new status by author and publishes it as a local Create{Note} (or
// Question) through the pipeline, attaching its media; it returns the stored status.
//
// Errors are *Error: Status 422 with a Mastodon-style "Validation failed: …" message for bad
// input, 404 when the parent (InReplyToID) is missing or not visible to the author; anything
// else is an internal failure.
func (s *Service) Compose(ctx context.Context, author *store.User, in ComposeParams) (*store.Object, error) {
	v := &viewer{user: author}
	c, err := s.validateCompose(ctx, v, in, "")
	if err != nil {
		return nil, err
	}
	return s.publish(ctx, v, c)
}

// publish builds and ingests a validated new status.
func (s *Service) publish(ctx context.Context, v *viewer, c *compose) (*store.Object, error) {
	note, err := s.buildNote(ctx, v.user, c)
	if err != nil {
		return nil, err
	}
	create := ap.Object{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       note.ID() + "/activity", "type": "Create", "actor": v.user.APID,
		"published": note["published"], "to": note["to"], "cc": note["cc"], "object": map[string]any(note),
	}
	if _, err := s.Pipeline.Ingest(ctx, create, activity.Origin{Source: activity.Local}); err != nil {
		return nil, err
	}
	if err := s.attachStatusMedia(ctx, v, note.ID(), c.media); err != nil {
		return nil, err
	}
	return s.Store.ObjectByAPID(ctx, note.ID())
}

// composeParams reads a status's fields from a request (the API's parameter names).
func composeParams(p *params) (ComposeParams, error) {
	in := ComposeParams{Text: p.String("status"), SpoilerText: p.String("spoiler_text"), Visibility: p.String("visibility"),
		Language: p.String("language"), InReplyToID: p.String("in_reply_to_id"), MediaIDs: p.Strings("media_ids")}
	var err error
	if in.Sensitive, _, err = p.Bool("sensitive"); err != nil {
		return in, err
	}
	if p.Has("poll[options]") || len(p.Strings("poll[options]")) > 0 {
		poll := &ComposePoll{Options: p.Strings("poll[options]")}
		if poll.ExpiresIn, err = p.Int("poll[expires_in]", 86400); err != nil {
			return in, err
		}
		if poll.Multiple, _, err = p.Bool("poll[multiple]"); err != nil {
			return in, err
		}
		if poll.HideTotals, _, err = p.Bool("poll[hide_totals]"); err != nil {
			return in, err
		}
		in.Poll = poll
	}
	return in, nil
}

// validateCompose checks a new status (editing "") or an edit of the status editing.
func (s *Service) validateCompose(ctx context.Context, v *viewer, in ComposeParams, editing string) (*compose, error) {
	c := &compose{text: in.Text, spoiler: in.SpoilerText, visibility: in.Visibility, language: in.Language}
	if c.visibility == "" {
		c.visibility = ap.VisibilityPublic
	}
	if !visibilities[c.visibility] {
		return nil, badRequest("Validation failed: Visibility is not included in the list")
	}
	c.sensitive = in.Sensitive || c.spoiler != ""
	var err error
	if c.media, err = s.statusMedia(ctx, v, editing, in.MediaIDs); err != nil {
		return nil, err
	}
	if in.Poll != nil {
		c.pollOptions = in.Poll.Options
		l := s.Limits
		if len(c.pollOptions) < 2 || len(c.pollOptions) > l.MaxPollOptions {
			return nil, badRequest(fmt.Sprintf("Validation failed: a poll needs 2 to %d options", l.MaxPollOptions))
		}
		seen := map[string]bool{}
		for _, o := range c.pollOptions {
			if strings.TrimSpace(o) == "" || utf8.RuneCountInString(o) > l.MaxPollOptionChars || seen[o] {
				return nil, badRequest(fmt.Sprintf("Validation failed: poll options must be distinct, non-empty and at most %d characters", l.MaxPollOptionChars))
			}
			seen[o] = true
		}
		c.pollExpiresIn = in.Poll.ExpiresIn
		if c.pollExpiresIn < l.MinPollExpiration || c.pollExpiresIn > l.MaxPollExpiration {
			return nil, badRequest("Validation failed: poll expires_in is out of range")
		}
		c.pollMultiple = in.Poll.Multiple
	}
	// A poll may carry media, as on Pleroma and Akkoma (their clients offer it, and the
	// Question federates with its attachments); Mastodon's own clients never send both.
	if strings.TrimSpace(c.text) == "" && len(c.pollOptions) == 0 && len(c.media) == 0 {
		return nil, badRequest("Validation failed: Text can't be blank")
	}
	if n := utf8.RuneCountInString(c.text) + utf8.RuneCountInString(c.spoiler); n > s.Limits.MaxStatusChars {
		return nil, badRequest(fmt.Sprintf("Validation failed: Text character limit of %d exceeded", s.Limits.MaxStatusChars))
	}
	if c.language != "" && (len(c.language) > 16 || strings.ContainsAny(c.language, " <>\"'")) {
		return nil, badRequest("Validation failed: Language is not a valid language code")
	}
	if id := in.InReplyToID; id != "" {
		if c.parent, err = s.statusByID(ctx, v, id); err != nil {
			return nil, err
		}
		if c.parent.Type == "Announce" {
			return nil, errNotFound
		}
	}
	return c, nil
}
