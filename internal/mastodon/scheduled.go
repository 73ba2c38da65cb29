package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// Scheduler runs the publication of a scheduled status at its time (jobs.Jobs: a River job
// with ScheduledAt). nil: statuses cannot be scheduled.
type Scheduler interface {
	EnqueueScheduled(ctx context.Context, id string, at time.Time) error
}

// Mastodon's limits on scheduled statuses.
const (
	scheduledTotalLimit = 300
	scheduledDailyLimit = 25
)

// ScheduledStatus is the Mastodon ScheduledStatus entity.
type ScheduledStatus struct {
	ID               string            `json:"id"`
	ScheduledAt      string            `json:"scheduled_at"`
	Params           scheduledParams   `json:"params"`
	MediaAttachments []MediaAttachment `json:"media_attachments"`
}

type scheduledPoll struct {
	Options    []string `json:"options"`
	ExpiresIn  int      `json:"expires_in"`
	Multiple   bool     `json:"multiple"`
	HideTotals bool     `json:"hide_totals"`
}

type scheduledParams struct {
	Text          string         `json:"text"`
	Poll          *scheduledPoll `json:"poll"`
	MediaIDs      []string       `json:"media_ids"`
	Sensitive     *bool          `json:"sensitive"`
	SpoilerText   *string        `json:"spoiler_text"`
	Visibility    string         `json:"visibility"`
	InReplyToID   *string        `json:"in_reply_to_id"`
	Language      *string        `json:"language"`
	ApplicationID int            `json:"application_id"` // deprecated; our app ids are not integers
	ScheduledAt   *string        `json:"scheduled_at"`
	Idempotency   *string        `json:"idempotency"`
	WithRateLimit bool           `json:"with_rate_limit"`
}

// scheduledAt reads scheduled_at (ISO 8601 / RFC 3339).
func scheduledAt(raw string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, strings.TrimSpace(raw)); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, badRequest("Validation failed: Scheduled at is not a valid date")
}

// checkSchedule enforces Mastodon's rules for a status (id, "" when new) scheduled at at: at
// least Limits.ScheduledMinOffset (five minutes) ahead, at most 300 scheduled statuses and 25 on one (UTC) day.
func (s *Service) checkSchedule(ctx context.Context, userID, id string, at time.Time) error {
	if at.Before(time.Now().Add(s.Limits.ScheduledMinOffset)) {
		return badRequest("Validation failed: Scheduled at The scheduled date must be in the future")
	}
	day := at.Truncate(24 * time.Hour)
	total, daily, err := s.Store.CountScheduledStatuses(ctx, userID, day, day.Add(24*time.Hour))
	if err != nil {
		return err
	}
	if id != "" {
		total-- // moving one of them
		if old, err := s.Store.ScheduledStatus(ctx, userID, id); err == nil && !old.ScheduledAt.Before(day) && old.ScheduledAt.Before(day.Add(24*time.Hour)) {
			daily--
		}
	}
	if total >= scheduledTotalLimit {
		return badRequest(fmt.Sprintf("Validation failed: You have exceeded the limit of %d scheduled statuses", scheduledTotalLimit))
	}
	if daily >= scheduledDailyLimit {
		return badRequest(fmt.Sprintf("Validation failed: You have exceeded the limit of %d scheduled statuses on that day", scheduledDailyLimit))
	}
	return nil
}

// scheduleStatus is POST /api/v1/statuses with scheduled_at: the status is validated now and
// stored, and a job publishes it at its time. Like Mastodon, a time already past publishes
// the status at once, and a time less than five minutes ahead is refused.
func (s *Service) scheduleStatus(w http.ResponseWriter, r *http.Request, v *viewer, in ComposeParams, raw string) (bool, error) {
	ctx := r.Context()
	at, err := scheduledAt(raw)
	if err != nil {
		return false, err
	}
	if !at.After(time.Now()) {
		return false, nil // in the past: posted now
	}
	if s.Scheduler == nil {
		return false, badRequest("Validation failed: scheduled statuses are not available on this server")
	}
	if err := s.checkSchedule(ctx, v.user.ID, "", at); err != nil {
		return false, err
	}
	if _, err := s.validateCompose(ctx, v, in, ""); err != nil {
		return false, err
	}
	body, err := json.Marshal(in)
	if err != nil {
		return false, err
	}
	ss := &store.ScheduledStatus{UserID: v.user.ID, ScheduledAt: at, Params: string(body)}
	if err := s.Store.AddScheduledStatus(ctx, ss); err != nil {
		return false, err
	}
	if err := s.Scheduler.EnqueueScheduled(ctx, ss.ID, at); err != nil {
		_, _ = s.Store.DeleteScheduledStatus(ctx, v.user.ID, ss.ID)
		return false, err
	}
	out, err := s.renderScheduled(ctx, v, ss)
	if err != nil {
		return false, err
	}
	writeJSON(w, http.StatusOK, out)
	return true, nil
}

func (s *Service) renderScheduled(ctx context.Context, v *viewer, ss *store.ScheduledStatus) (ScheduledStatus, error) {
	var in ComposeParams
	if err := json.Unmarshal([]byte(ss.Params), &in); err != nil {
		return ScheduledStatus{}, fmt.Errorf("scheduled status %s: %w", ss.ID, err)
	}
	vis := in.Visibility
	if vis == "" {
		vis = "public"
	}
	p := scheduledParams{Text: in.Text, MediaIDs: in.MediaIDs, Sensitive: &in.Sensitive, Visibility: vis}
	if in.SpoilerText != "" {
		p.SpoilerText = &in.SpoilerText
	}
	if in.InReplyToID != "" {
		p.InReplyToID = &in.InReplyToID
	}
	if in.Language != "" {
		p.Language = &in.Language
	}
	if in.Poll != nil {
		p.Poll = &scheduledPoll{Options: in.Poll.Options, ExpiresIn: in.Poll.ExpiresIn, Multiple: in.Poll.Multiple, HideTotals: in.Poll.HideTotals}
	}
	out := ScheduledStatus{ID: ss.ID, ScheduledAt: formatTime(ss.ScheduledAt), Params: p, MediaAttachments: []MediaAttachment{}}
	if ms := s.mediaService(); ms != nil {
		for _, id := range in.MediaIDs {
			m, err := s.Store.MediaByID(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return out, err
			}
			if m.UserID == v.user.ID {
				out.MediaAttachments = append(out.MediaAttachments, renderMedia(ms, m))
			}
		}
	}
	return out, nil
}

// scheduledStatuses is GET /api/v1/scheduled_statuses.
func (s *Service) scheduledStatuses(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	list, err := s.Store.ScheduledStatuses(r.Context(), v.user.ID, p, ascend)
	if err != nil {
		return err
	}
	out := make([]ScheduledStatus, 0, len(list))
	for _, ss := range list {
		e, err := s.renderScheduled(r.Context(), v, ss)
		if err != nil {
			return err
		}
		out = append(out, e)
	}
	if len(list) > 0 {
		setLink(w, r, s, list[0].ID, list[len(list)-1].ID)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// scheduledStatus is GET /api/v1/scheduled_statuses/:id (only one's own).
func (s *Service) scheduledStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ss, err := s.Store.ScheduledStatus(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	out, err := s.renderScheduled(r.Context(), v, ss)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// rescheduleStatus is PUT /api/v1/scheduled_statuses/:id: a new scheduled_at.
func (s *Service) rescheduleStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	ss, err := s.Store.ScheduledStatus(ctx, v.user.ID, id)
	if err != nil {
		return err
	}
	if raw := p.String("scheduled_at"); raw != "" {
		at, err := scheduledAt(raw)
		if err != nil {
			return err
		}
		if err := s.checkSchedule(ctx, v.user.ID, id, at); err != nil {
			return err
		}
		if s.Scheduler == nil {
			return badRequest("Validation failed: scheduled statuses are not available on this server")
		}
		if ok, err := s.Store.RescheduleStatus(ctx, v.user.ID, id, at); err != nil {
			return err
		} else if !ok {
			return errNotFound
		}
		if err := s.Scheduler.EnqueueScheduled(ctx, id, at); err != nil {
			return err
		}
		ss.ScheduledAt = at
	}
	out, err := s.renderScheduled(ctx, v, ss)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// cancelScheduled is DELETE /api/v1/scheduled_statuses/:id; its job then finds nothing.
func (s *Service) cancelScheduled(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ok, err := s.Store.DeleteScheduledStatus(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// PublishScheduled implements jobs.ScheduledPublisher: it publishes the scheduled status id
// through Compose once it is due. A status that is gone (cancelled, published) or was moved
// later is left alone; one that no longer validates (its parent deleted, its media gone) is
// dropped, as Mastodon does. The row is claimed by deleting it, so a status is published once;
// a failure that may pass puts it back and the job retries.
func (s *Service) PublishScheduled(ctx context.Context, id string) error {
	ss, err := s.Store.ScheduledStatus(ctx, "", id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ss.ScheduledAt.After(time.Now().Add(time.Second)) {
		return nil // moved later: that time's job publishes it
	}
	if claimed, err := s.Store.DeleteScheduledStatus(ctx, "", id); err != nil || !claimed {
		return err
	}
	u, err := s.Store.UserByID(ctx, ss.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return errors.Join(err, s.Store.RestoreScheduledStatus(ctx, ss))
	}
	var in ComposeParams
	if err := json.Unmarshal([]byte(ss.Params), &in); err != nil {
		slog.Warn("scheduled status dropped: unreadable", slog.String("id", id), slog.String("error", err.Error()))
		return nil
	}
	if _, err := s.Compose(ctx, u, in); err != nil {
		var ae *Error
		if (errors.As(err, &ae) && ae.Status < 500) || errors.Is(err, activity.ErrInvalid) {
			slog.Warn("scheduled status dropped", slog.String("id", id), slog.String("error", ae.Msg))
			return nil
		}
		return errors.Join(err, s.Store.RestoreScheduledStatus(ctx, ss))
	}
	return nil
}
