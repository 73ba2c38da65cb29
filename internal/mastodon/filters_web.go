package mastodon

import (
	"context"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// Filter contexts and actions, for the web UI (the values of the API's context[] and
// filter_action).
const (
	FilterContextHome          = filterHome
	FilterContextNotifications = filterNotifications
	FilterContextPublic        = filterPublic
	FilterContextThread        = filterThread
	FilterContextAccount       = filterAccount

	FilterActionWarn = filterWarn
	FilterActionHide = filterHide
	FilterActionBlur = filterBlur

	// EventFiltersChanged is the bus event of a change to a user's filters (Event.UserID).
	EventFiltersChanged = eventFiltersChanged
)

// FilterSubject is one status as the viewer's filters look at it.
type FilterSubject struct {
	IDs               []string // the status's id, and that of the boost showing it
	Own               bool     // the viewer's own status: never filtered (as Mastodon)
	SpoilerText       string
	Content           string // HTML
	PollOptions       []string
	MediaDescriptions []string
}

// ActiveFilters returns u's unexpired filters, none for a visitor: what the API's timelines
// apply, read once for a page.
func (s *Service) ActiveFilters(ctx context.Context, u *store.User) ([]*store.Filter, error) {
	return s.activeFilters(ctx, &viewer{user: u})
}

// MatchFilters applies the filters of fs active at now in context fctx (home, public,
// thread, account, notifications) to one status, with the matching of the API's timelines:
// the results of the filters that match, and whether one of them hides the status.
func MatchFilters(fs []*store.Filter, fctx string, sub FilterSubject, now time.Time) ([]FilterResult, bool) {
	if sub.Own {
		return nil, false
	}
	applicable := applicableFilters(fs, fctx, now)
	if len(applicable) == 0 {
		return nil, false
	}
	return matchSubject(applicable, sub.IDs, func() string {
		return filterText(sub.SpoilerText, sub.Content, sub.PollOptions, sub.MediaDescriptions)
	})
}

// FilterContextOf is the filter context of a timeline query, as the API's timelines apply it:
// home, account (an actor's statuses) or public.
func FilterContextOf(t store.Timeline) string { return filterContextOf(t) }
