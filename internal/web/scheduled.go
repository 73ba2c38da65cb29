package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/mastodon"
)

// Scheduled posts: the composer's "Schedule" field sends scheduled_at through the API's POST
// /api/v1/statuses, and /scheduled lists them (GET /api/v1/scheduled_statuses) with cancel
// and reschedule (the API's DELETE and PUT), all through mastodon.ServeAs.
//
// The field is a datetime-local input. app.js adds the browser's offset from UTC for the
// chosen time (tz_offset, in minutes as Date.getTimezoneOffset gives it); without JavaScript
// there is none and the time is read as UTC, which the page says next to the field.

// datetimeLocal is the value format of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

// scheduleTime reads a datetime-local value and the browser's offset into a UTC time, or
// the message to show next to the field.
func (s *Service) scheduleTime(value, offset string) (time.Time, string) {
	var at time.Time
	var err error
	for _, layout := range []string{datetimeLocal, datetimeLocal + ":05"} {
		if at, err = time.Parse(layout, value); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, "Enter a date and a time."
	}
	if offset != "" {
		min, err := strconv.Atoi(offset)
		if err != nil || min < -16*60 || min > 16*60 {
			return time.Time{}, "Your browser sent a time zone this page does not understand; reload the page."
		}
		at = at.Add(time.Duration(min) * time.Minute)
	}
	if !at.After(s.now()) {
		return time.Time{}, "This time has passed. " + s.scheduleRule()
	}
	return at.UTC(), ""
}

// scheduleRule is the API's rule on scheduled_at, in words.
func (s *Service) scheduleRule() string {
	d := s.api().Limits.ScheduledMinOffset
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		n := int(d / time.Minute)
		if n == 1 {
			return "Choose a time at least 1 minute from now."
		}
		return fmt.Sprintf("Choose a time at least %d minutes from now.", n)
	case d > 0:
		return fmt.Sprintf("Choose a time at least %d seconds from now.", int(d/time.Second))
	}
	return "Choose a time in the future."
}

// scheduleRefusal is the API's refusal of scheduled_at (too soon, too many, unavailable) as
// the message shown next to the field; false for any other refusal.
func (s *Service) scheduleRefusal(err error) (string, bool) {
	var me *mastodon.Error
	if !errors.As(err, &me) || me.Status >= 500 {
		return "", false
	}
	switch msg := strings.TrimPrefix(me.Msg, "Validation failed: "); {
	case strings.Contains(msg, "must be in the future"):
		return s.scheduleRule(), true
	case strings.HasPrefix(msg, "Scheduled at"):
		return "Enter a date and a time.", true
	case strings.Contains(msg, "scheduled statuses"):
		m, _ := apiRefusal(err)
		return m, true
	}
	return "", false
}

// composeScheduled answers a post the API scheduled: without htmx the list of scheduled
// posts; with, a fresh composer saying when it will be published.
func (s *Service) composeScheduled(w http.ResponseWriter, r *http.Request, rq *request, parent *card, at string) error {
	if !isHTMX(r) {
		http.Redirect(w, r, "/scheduled?scheduled=1", http.StatusSeeOther)
		return nil
	}
	fresh := s.newComposer(rq, parent)
	fresh.Scheduled = "Your post is scheduled."
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		fresh.Scheduled = "Your post is scheduled for " + t.UTC().Format("Jan 2, 2006, 15:04 UTC") + "."
	}
	s.renderPartial(w, http.StatusOK, "composer", fresh)
	return nil
}

// scheduledPost is one row of /scheduled.
type scheduledPost struct {
	ID, Text, Summary, Visibility string
	At                            time.Time
	Media                         int
	Poll                          bool
	// The reschedule field: its value (UTC, which app.js turns into local time), or what
	// was typed with its refusal.
	Value, TZOffset, Error string
}

type scheduledData struct {
	CSRF   string
	Posts  []scheduledPost
	Notice string
	Full   bool // the page shows the first scheduledPageSize only
}

// scheduledPageSize is how many scheduled posts the page lists (the API's largest page).
const scheduledPageSize = 40

// scheduledView loads the user's scheduled posts through the API, soonest first.
func (s *Service) scheduledView(r *http.Request, rq *request) (*scheduledData, error) {
	req := apiRequest(r, http.MethodGet, nil)
	req.URL.RawQuery = url.Values{"limit": {strconv.Itoa(scheduledPageSize)}}.Encode()
	raw, err := s.api().ServeAs(req, rq.user, mastodon.OpScheduledStatuses, nil)
	if err != nil {
		return nil, err
	}
	var list []struct {
		ID          string `json:"id"`
		ScheduledAt string `json:"scheduled_at"`
		Params      struct {
			Text        string  `json:"text"`
			SpoilerText *string `json:"spoiler_text"`
			Visibility  string  `json:"visibility"`
			Poll        *struct {
				Options []string `json:"options"`
			} `json:"poll"`
			MediaIDs []string `json:"media_ids"`
		} `json:"params"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("web: the API's scheduled statuses: %w", err)
	}
	d := &scheduledData{CSRF: rq.csrf, Full: len(list) >= scheduledPageSize}
	for _, x := range list {
		at, _ := time.Parse(time.RFC3339, x.ScheduledAt)
		p := scheduledPost{ID: x.ID, Text: x.Params.Text, Visibility: x.Params.Visibility, At: at.UTC(),
			Media: len(x.Params.MediaIDs), Poll: x.Params.Poll != nil, Value: at.UTC().Format(datetimeLocal)}
		if x.Params.SpoilerText != nil {
			p.Summary = *x.Params.SpoilerText
		}
		for _, o := range visibilityLabels {
			if o.Value == p.Visibility {
				p.Visibility = o.Label
			}
		}
		d.Posts = append(d.Posts, p)
	}
	sort.SliceStable(d.Posts, func(i, j int) bool { return d.Posts[i].At.Before(d.Posts[j].At) })
	q := r.URL.Query()
	switch {
	case q.Get("scheduled") != "":
		d.Notice = "Your post is scheduled."
	case q.Get("cancelled") != "":
		d.Notice = "The post is cancelled."
	case q.Get("saved") != "":
		d.Notice = "The post is rescheduled."
	}
	return d, nil
}

func (s *Service) renderScheduled(w http.ResponseWriter, rq *request, status int, d *scheduledData) {
	v := s.view(rq, "Scheduled posts", d)
	v.Active = "scheduled"
	s.renderPage(w, status, "scheduled", v)
}

// scheduled is GET /scheduled.
func (s *Service) scheduled(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	d, err := s.scheduledView(r, rq)
	if err != nil {
		return err
	}
	s.renderScheduled(w, rq, http.StatusOK, d)
	return nil
}

// cancelScheduled is POST /scheduled/{id}/cancel: the API's DELETE
// /api/v1/scheduled_statuses/:id (only one's own; anyone else's is 404).
func (s *Service) cancelScheduled(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	_, err := s.api().ServeAs(apiRequest(r, http.MethodDelete, url.Values{}), rq.user, mastodon.OpCancelScheduled,
		map[string]string{"id": r.PathValue("id")})
	if err != nil {
		return apiFailure(err)
	}
	http.Redirect(w, r, "/scheduled?cancelled=1", http.StatusSeeOther)
	return nil
}

// reschedule is POST /scheduled/{id}/reschedule: a new time through the API's PUT
// /api/v1/scheduled_statuses/:id; a refusal shows the page with it next to that post's field.
func (s *Service) reschedule(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	id := r.PathValue("id")
	value, offset := strings.TrimSpace(r.PostFormValue("scheduled_at")), r.PostFormValue("tz_offset")
	at, msg := s.scheduleTime(value, offset)
	if msg == "" {
		form := url.Values{"scheduled_at": {at.Format(time.RFC3339)}}
		_, err := s.api().ServeAs(apiRequest(r, http.MethodPut, form), rq.user, mastodon.OpReschedule, map[string]string{"id": id})
		if err != nil {
			var ok bool
			if msg, ok = s.scheduleRefusal(err); !ok {
				return apiFailure(err)
			}
		}
	}
	if msg == "" {
		http.Redirect(w, r, "/scheduled?saved=1", http.StatusSeeOther)
		return nil
	}
	d, err := s.scheduledView(r, rq)
	if err != nil {
		return err
	}
	found := false
	for i := range d.Posts {
		if d.Posts[i].ID == id {
			d.Posts[i].Value, d.Posts[i].TZOffset, d.Posts[i].Error = value, offset, msg
			found = true
		}
	}
	if !found {
		return errNotFound
	}
	s.renderScheduled(w, rq, http.StatusUnprocessableEntity, d)
	return nil
}

// apiFailure turns the API's 404 into the site's; its other refusals are 422 with the
// API's reason.
func apiFailure(err error) error {
	var me *mastodon.Error
	if errors.As(err, &me) && me.Status == http.StatusNotFound {
		return errNotFound
	}
	if msg, ok := apiRefusal(err); ok {
		return &httpError{Status: http.StatusUnprocessableEntity, Msg: msg, Err: err}
	}
	return err
}
