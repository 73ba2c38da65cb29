package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// searchResults is the Mastodon Search entity.
type searchResults struct {
	Accounts []Account `json:"accounts"`
	Statuses []Status  `json:"statuses"`
	Hashtags []any     `json:"hashtags"`
}

// search is GET /api/v2/search: an account handle or a URL (resolved remotely when resolve
// is true and the viewer is signed in), a hashtag, or words of statuses (searchStatusText).
func (s *Service) search(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	term := strings.TrimSpace(q.Get("q"))
	if term == "" {
		return badRequest("q is required")
	}
	if len(term) > 500 {
		return badRequest("q is too long")
	}
	resolve, _ := boolParam(q.Get("resolve"))
	resolve = resolve && v.apID() != "" && s.Remote != nil
	typ := q.Get("type")
	ctx := r.Context()
	res := searchResults{Accounts: []Account{}, Statuses: []Status{}, Hashtags: []any{}}

	if typ == "" || typ == "accounts" {
		if u := s.searchAccount(ctx, term, resolve); u != nil {
			a, err := s.renderAccount(ctx, u)
			if err != nil {
				return err
			}
			res.Accounts = append(res.Accounts, a)
		}
	}
	if (typ == "" || typ == "statuses") && (strings.HasPrefix(term, "https://") || strings.HasPrefix(term, "http://")) {
		o, err := s.Store.ObjectByAPID(ctx, term)
		if errors.Is(err, store.ErrNotFound) && resolve {
			if rerr := s.Remote.Resolve(ctx, term, 0); rerr == nil {
				o, err = s.Store.ObjectByAPID(ctx, term)
			}
		}
		if err == nil && (o.Type == "Note" || o.Type == "Question") {
			if ok, _ := s.Store.CanView(ctx, o, v.apID()); ok {
				st, err := s.renderStatus(ctx, v, o)
				if err == nil {
					res.Statuses = append(res.Statuses, st)
				}
			}
		}
	}
	if (typ == "" || typ == "statuses") && len(res.Statuses) == 0 {
		list, err := s.searchStatusText(ctx, r, v, term)
		if err != nil {
			return err
		}
		res.Statuses = list
	}
	if typ == "" || typ == "hashtags" {
		if tag, ok := markup.NormalizeHashtag(strings.TrimPrefix(term, "#")); ok {
			res.Hashtags = append(res.Hashtags, map[string]any{"name": tag, "url": s.BaseURL + "/tags/" + tag, "history": []any{}})
		}
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// searchAccount finds an account by handle (nick, @nick, nick@domain) or actor URL.
func (s *Service) searchAccount(ctx context.Context, term string, resolve bool) *store.User {
	if strings.HasPrefix(term, "https://") || strings.HasPrefix(term, "http://") {
		u, err := s.Store.UserByAPID(ctx, term)
		if errors.Is(err, store.ErrNotFound) && resolve {
			if s.Remote.Resolve(ctx, term, 0) == nil {
				u, err = s.Store.UserByAPID(ctx, term)
			}
		}
		if err != nil {
			return nil
		}
		return u
	}
	handle := strings.TrimPrefix(term, "@")
	nick, domain, _ := strings.Cut(handle, "@")
	if nick == "" || strings.ContainsAny(nick, " /") {
		return nil
	}
	u, err := s.resolveHandle(ctx, nick, domain)
	if errors.Is(err, store.ErrNotFound) && resolve && domain != "" {
		u, err = s.Remote.ResolveHandle(ctx, nick, strings.ToLower(domain))
	}
	if err != nil || (u.Local && u.ActorType == "Application") {
		return nil
	}
	return u
}

// searchStatusText finds statuses by their words for a signed-in viewer, as Mastodon with
// full-text search does: every word must occur (in the text, content warning, poll options or
// media descriptions), among the statuses the viewer wrote, was mentioned in, favourited or
// bookmarked, and the public statuses of indexable (discoverable) accounts, each visible to
// the viewer; newest first. A lone handle or hashtag is not searched as text. Paging: limit
// (20, up to 40), offset, max_id, min_id; account_id limits it to one author.
func (s *Service) searchStatusText(ctx context.Context, r *http.Request, v *viewer, term string) ([]Status, error) {
	if v.apID() == "" || ((strings.HasPrefix(term, "#") || strings.Contains(term, "@")) && !strings.Contains(term, " ")) {
		return []Status{}, nil
	}
	q := r.URL.Query()
	limit, offset := 20, 0
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, badRequest("limit must be a positive integer")
		}
		limit = min(n, 40)
	}
	if o := q.Get("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 {
			return nil, badRequest("offset must be a non-negative integer")
		}
		offset = n
	}
	search := store.StatusSearch{Text: term, Viewer: v.apID(), MaxID: q.Get("max_id"), MinID: q.Get("min_id"),
		Offset: offset, Limit: limit, Mastodon: true}
	if id := q.Get("account_id"); id != "" {
		u, err := s.accountByID(ctx, id)
		if err != nil {
			return []Status{}, nil
		}
		search.Author = u.APID
	}
	rows, err := s.Store.SearchStatusesIn(ctx, search)
	if err != nil {
		return nil, err
	}
	list, err := s.renderStatuses(ctx, v, rows)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []Status{}
	}
	return list, nil
}
