package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/store"
)

// AnnouncementParams is what an admin sets on an announcement.
type AnnouncementParams struct {
	Text     string
	StartsAt *time.Time // nil: shown from now
	EndsAt   *time.Time // nil: until deleted
	AllDay   bool       // the times are days; false unless both are given (as Mastodon)
}

// maxAnnouncementChars bounds the text of an announcement.
const maxAnnouncementChars = 10000

func (p *AnnouncementParams) validate() error {
	p.Text = strings.TrimSpace(p.Text)
	switch {
	case p.Text == "":
		return badRequest("Validation failed: Text can't be blank")
	case utf8.RuneCountInString(p.Text) > maxAnnouncementChars:
		return badRequest("Validation failed: Text is too long")
	case p.StartsAt != nil && p.EndsAt != nil && p.EndsAt.Before(*p.StartsAt):
		return badRequest("Validation failed: Ends at must be after the start")
	}
	if p.StartsAt == nil || p.EndsAt == nil {
		p.AllDay = false
	}
	return nil
}

// AnnouncementQueue runs PublishAnnouncement at a given time (jobs.Jobs: a River job with
// ScheduledAt). The Service's Scheduler provides it when it has this method too.
type AnnouncementQueue interface {
	EnqueueAnnouncement(ctx context.Context, id string, at time.Time) error
}

func (s *Service) announcementQueue() AnnouncementQueue {
	q, _ := s.Scheduler.(AnnouncementQueue)
	return q
}

// CreateAnnouncement publishes a new announcement (for the admin API, the command line and
// the web admin page): the user streams get it once it is shown, now or at its start.
func (s *Service) CreateAnnouncement(ctx context.Context, p AnnouncementParams) (*store.Announcement, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	a := &store.Announcement{Text: p.Text, StartsAt: p.StartsAt, EndsAt: p.EndsAt, AllDay: p.AllDay}
	if err := s.Store.CreateAnnouncement(ctx, a); err != nil {
		return nil, err
	}
	return a, s.announce(ctx, a, false)
}

// UpdateAnnouncement changes an announcement (ErrNotFound when there is none); the user
// streams get it again, or its deletion when it is no longer shown.
func (s *Service) UpdateAnnouncement(ctx context.Context, id string, p AnnouncementParams) (*store.Announcement, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	a, err := s.Store.AnnouncementByID(ctx, id)
	if err != nil {
		return nil, err
	}
	a.Text, a.StartsAt, a.EndsAt, a.AllDay = p.Text, p.StartsAt, p.EndsAt, p.AllDay
	if err := s.Store.UpdateAnnouncement(ctx, a); err != nil {
		return nil, err
	}
	return a, s.announce(ctx, a, true)
}

// DeleteAnnouncement deletes an announcement (ErrNotFound when there is none) and tells the
// user streams.
func (s *Service) DeleteAnnouncement(ctx context.Context, id string) error {
	if err := s.Store.DeleteAnnouncement(ctx, id); err != nil {
		return err
	}
	if s.Bus == nil {
		return s.enqueueAnnouncement(ctx, id, time.Now())
	}
	s.publishAnnouncement(ctx, eventAnnouncementDelete, id, "")
	return nil
}

// announce sends the stream event of a new or changed announcement and schedules the events
// of its start and end. Without a bus (the command line), the running server's job sends it.
func (s *Service) announce(ctx context.Context, a *store.Announcement, changed bool) error {
	now := time.Now()
	from, until := a.Window()
	active := a.Active(now)
	switch {
	case s.Bus == nil && (active || changed):
		if err := s.enqueueAnnouncement(ctx, a.ID, now); err != nil {
			return err
		}
	case s.Bus == nil:
	case active:
		s.publishAnnouncement(ctx, eventAnnouncement, a.ID, "")
	case changed:
		s.publishAnnouncement(ctx, eventAnnouncementDelete, a.ID, "")
	}
	for _, at := range []time.Time{from, until} {
		if at.After(now) {
			if err := s.enqueueAnnouncement(ctx, a.ID, at); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) enqueueAnnouncement(ctx context.Context, id string, at time.Time) error {
	if q := s.announcementQueue(); q != nil {
		return q.EnqueueAnnouncement(ctx, id, at)
	}
	return nil
}

// PublishAnnouncement sends the stream event of announcement id as it is now (the job that
// AnnouncementQueue runs at its start, its end, or after a change on the command line):
// announcement when it is shown, announcement.delete when it is gone or over, nothing before
// its start.
func (s *Service) PublishAnnouncement(ctx context.Context, id string) error {
	a, err := s.Store.AnnouncementByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.publishAnnouncement(ctx, eventAnnouncementDelete, id, "")
		return nil
	}
	if err != nil {
		return err
	}
	now := time.Now()
	if from, _ := a.Window(); a.Active(now) {
		s.publishAnnouncement(ctx, eventAnnouncement, id, "")
	} else if from.IsZero() || !now.Before(from) {
		s.publishAnnouncement(ctx, eventAnnouncementDelete, id, "")
	}
	return nil
}

// announcementsAdmin refuses users who are not admins (403, as Mastodon).
func announcementsAdmin(v *viewer) error {
	if v.user == nil || !v.user.Admin {
		return errorf(http.StatusForbidden, "This action is not allowed")
	}
	return nil
}

// adminAnnouncements is GET /api/v1/admin/announcements: every announcement, shown or not.
func (s *Service) adminAnnouncements(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := announcementsAdmin(v); err != nil {
		return err
	}
	list, err := s.Store.Announcements(r.Context())
	if err != nil {
		return err
	}
	out, err := s.renderAnnouncements(r.Context(), v, list)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// announcementParams reads text (or content, as Pleroma names it), starts_at, ends_at and
// all_day; on an update, what is not given keeps its value from old.
func announcementParams(w http.ResponseWriter, r *http.Request, old *store.Announcement) (AnnouncementParams, error) {
	var p AnnouncementParams
	if old != nil {
		p = AnnouncementParams{Text: old.Text, StartsAt: old.StartsAt, EndsAt: old.EndsAt, AllDay: old.AllDay}
	}
	in, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return p, err
	}
	for _, k := range []string{"content", "text"} {
		if in.Has(k) {
			p.Text = in.String(k)
		}
	}
	for k, dst := range map[string]**time.Time{"starts_at": &p.StartsAt, "ends_at": &p.EndsAt} {
		if !in.Has(k) {
			continue
		}
		*dst = nil
		if raw := in.String(k); raw != "" {
			t, err := time.Parse(time.RFC3339, raw)
			if err != nil {
				return p, badRequest("Validation failed: " + k + " is not an RFC 3339 time")
			}
			*dst = &t
		}
	}
	if b, given, err := in.Bool("all_day"); err != nil {
		return p, badRequest("Validation failed: all_day is not a boolean")
	} else if given {
		p.AllDay = b
	}
	return p, nil
}

// adminCreateAnnouncement is POST /api/v1/admin/announcements.
func (s *Service) adminCreateAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := announcementsAdmin(v); err != nil {
		return err
	}
	p, err := announcementParams(w, r, nil)
	if err != nil {
		return err
	}
	a, err := s.CreateAnnouncement(r.Context(), p)
	if err != nil {
		return err
	}
	return s.respondAnnouncement(w, r, v, a)
}

// adminUpdateAnnouncement is PUT /api/v1/admin/announcements/:id.
func (s *Service) adminUpdateAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := announcementsAdmin(v); err != nil {
		return err
	}
	old, err := s.Store.AnnouncementByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := announcementParams(w, r, old)
	if err != nil {
		return err
	}
	a, err := s.UpdateAnnouncement(r.Context(), old.ID, p)
	if err != nil {
		return err
	}
	return s.respondAnnouncement(w, r, v, a)
}

// adminDeleteAnnouncement is DELETE /api/v1/admin/announcements/:id.
func (s *Service) adminDeleteAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := announcementsAdmin(v); err != nil {
		return err
	}
	if err := s.DeleteAnnouncement(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

func (s *Service) respondAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer, a *store.Announcement) error {
	list, err := s.renderAnnouncements(r.Context(), v, []*store.Announcement{a})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[0])
	return nil
}
