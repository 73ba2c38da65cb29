package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/jobs"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

const announcementUsage = `usage: egregoros announcement create --text "..." [--starts-at RFC3339] [--ends-at RFC3339] [--all-day] | list | delete ID`

// announcement is `announcement create|list|delete`: the admins' announcements that Mastodon
// clients show. A change reaches the running server's user streams through a job.
func announcement(e *env, args []string) error {
	if len(args) == 0 {
		return usagef(announcementUsage)
	}
	sub, args := args[0], args[1:]
	fs := e.flags("announcement " + sub)
	var text, startsAt, endsAt string
	var allDay bool
	switch sub {
	case "create":
		fs.StringVar(&text, "text", "", "the announcement (plain text: links, @mentions and #hashtags are linked)")
		fs.StringVar(&startsAt, "starts-at", "", "when it starts being shown (RFC 3339, e.g. 2030-01-02T15:04:05Z); now when not given")
		fs.StringVar(&endsAt, "ends-at", "", "when it stops being shown (RFC 3339); never when not given")
		fs.BoolVar(&allDay, "all-day", false, "the start and end are whole days (UTC); needs both")
	case "list", "delete":
	default:
		return usagef("unknown announcement command %q (want create, list or delete)", sub)
	}
	pos, err := e.parseMixed(fs, args)
	if err != nil {
		return err
	}
	var p mastodon.AnnouncementParams
	switch sub {
	case "create":
		if len(pos) != 0 || strings.TrimSpace(text) == "" {
			return usagef(`usage: egregoros announcement create --text "..." [--starts-at RFC3339] [--ends-at RFC3339] [--all-day]`)
		}
		p = mastodon.AnnouncementParams{Text: text, AllDay: allDay}
		if p.StartsAt, err = cliTime("--starts-at", startsAt); err != nil {
			return err
		}
		if p.EndsAt, err = cliTime("--ends-at", endsAt); err != nil {
			return err
		}
		if allDay && (p.StartsAt == nil || p.EndsAt == nil) {
			return usagef("--all-day needs --starts-at and --ends-at")
		}
		if p.StartsAt != nil && p.EndsAt != nil && p.EndsAt.Before(*p.StartsAt) {
			return usagef("--ends-at is before --starts-at")
		}
	case "list":
		if len(pos) != 0 {
			return usagef("usage: egregoros announcement list")
		}
	case "delete":
		if len(pos) != 1 {
			return usagef("usage: egregoros announcement delete ID")
		}
	}
	cfg, err := e.load(fs)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckSchema(ctx); err != nil {
		return err
	}
	jb, err := jobs.New(st, nil, nil, nil, jobs.Options{}) // insert-only: the server's workers run the jobs
	if err != nil {
		return err
	}
	svc := &mastodon.Service{BaseURL: cfg.BaseURL(), Store: st, Scheduler: jb} // no bus: events go through jobs
	switch sub {
	case "create":
		a, err := svc.CreateAnnouncement(ctx, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created announcement %s\n", a.ID)
	case "list":
		list, err := st.Announcements(ctx)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, a := range list {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", a.ID, announcementState(a, now), cliTimeText(a.StartsAt, a.AllDay),
				cliTimeText(a.EndsAt, a.AllDay), oneLine(a.Text))
		}
	case "delete":
		err := svc.DeleteAnnouncement(ctx, pos[0])
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no announcement %q", pos[0])
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "deleted announcement %s\n", pos[0])
	}
	return nil
}

// cliTime parses an RFC 3339 flag value; "" is none.
func cliTime(flag, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, usagef("%s %q is not an RFC 3339 time (like 2030-01-02T15:04:05Z)", flag, s)
	}
	return &t, nil
}

func cliTimeText(t *time.Time, day bool) string {
	switch {
	case t == nil:
		return "-"
	case day:
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// announcementState says whether an announcement is shown now, later or no more.
func announcementState(a *store.Announcement, now time.Time) string {
	if a.Active(now) {
		return "shown"
	}
	if from, _ := a.Window(); now.Before(from) {
		return "scheduled"
	}
	return "ended"
}
