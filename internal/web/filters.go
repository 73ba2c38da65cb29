package web

import (
	"context"
	"strings"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// Filter contexts of the pages: where a card is shown decides which of the viewer's keyword
// filters apply (as the API's timelines decide it).
const (
	filterHome          = mastodon.FilterContextHome
	filterPublic        = mastodon.FilterContextPublic
	filterThread        = mastodon.FilterContextThread
	filterAccount       = mastodon.FilterContextAccount
	filterNotifications = mastodon.FilterContextNotifications
)

// filterMark is what the viewer's filters make of a shown card: Warn collapses it behind
// "Filtered: …", Blur hides its media behind a warning (each holds the filters' titles).
type filterMark struct {
	Warn []string
	Blur []string
}

// filterCards applies the signed-in viewer's filters of context fctx (filters v2: keywords
// and statuses) to cards, with the API's own matching (mastodon.MatchFilters): a hide filter
// drops a card, warn and blur mark it. Visitors have no filters.
func (s *Service) filterCards(ctx context.Context, rq *request, fctx string, cards []*card) ([]*card, error) {
	if rq.user == nil || len(cards) == 0 {
		return cards, nil
	}
	fs, err := s.api().ActiveFilters(ctx, rq.user)
	if err != nil || len(fs) == 0 {
		return cards, err
	}
	return s.markFiltered(fs, fctx, cards, ""), nil
}

// filterThreadCards is filterCards in the thread context, except that the thread's own status
// (focused) is never dropped: a hide filter only collapses it, as warn does.
func (s *Service) filterThreadCards(ctx context.Context, rq *request, cards []*card, focused string) ([]*card, error) {
	if rq.user == nil || len(cards) == 0 {
		return cards, nil
	}
	fs, err := s.api().ActiveFilters(ctx, rq.user)
	if err != nil || len(fs) == 0 {
		return cards, err
	}
	return s.markFiltered(fs, filterThread, cards, focused), nil
}

// markFiltered is filterCards with the filters read; the card keep (an id, or "") is never
// dropped, a hide filter only collapses it.
func (s *Service) markFiltered(fs []*store.Filter, fctx string, cards []*card, keep string) []*card {
	now := s.now()
	out := cards[:0:0]
	for _, c := range cards {
		results, hide := mastodon.MatchFilters(fs, fctx, c.filterSubject(), now)
		if hide && c.ID != keep {
			continue
		}
		c.Filter = nil
		for _, res := range results {
			if c.Filter == nil {
				c.Filter = &filterMark{}
			}
			if res.Filter.FilterAction == mastodon.FilterActionBlur && !hide {
				c.Filter.Blur = append(c.Filter.Blur, res.Filter.Title)
			} else {
				c.Filter.Warn = append(c.Filter.Warn, res.Filter.Title)
			}
		}
		out = append(out, c)
	}
	return out
}

// filterSubject is the card as filters look at it: its ids (a boost's and the status's), its
// content warning, text, poll options and media descriptions.
func (c *card) filterSubject() mastodon.FilterSubject {
	sub := mastodon.FilterSubject{IDs: []string{c.ID, c.StatusID}, Own: c.Mine,
		SpoilerText: c.Summary, Content: string(c.Content)}
	if c.Poll != nil {
		for _, o := range c.Poll.Options {
			sub.PollOptions = append(sub.PollOptions, o.Title)
		}
	}
	for _, a := range c.Attachments {
		if a.Alt != "" {
			sub.MediaDescriptions = append(sub.MediaDescriptions, a.Alt)
		}
	}
	return sub
}

// filterTimeline is filterCards in the context of a timeline query (home, account or public),
// as the API decides it.
func (s *Service) filterTimeline(ctx context.Context, rq *request, q store.Timeline, cards []*card) ([]*card, error) {
	return s.filterCards(ctx, rq, mastodon.FilterContextOf(q), cards)
}

// FilterWarn is the titles of the warn filters that match the card ("" for none): the card
// is collapsed behind "Filtered: …".
func (c *card) FilterWarn() string {
	if c.Filter == nil {
		return ""
	}
	return strings.Join(c.Filter.Warn, ", ")
}

// FilterBlur is the titles of the blur filters that match the card: its media are hidden
// behind a warning, as sensitive media are.
func (c *card) FilterBlur() string {
	if c.Filter == nil {
		return ""
	}
	return strings.Join(c.Filter.Blur, ", ")
}
