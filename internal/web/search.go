package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// urlResolver is what Options.Remote may also do (federation.Service does): fetch an object
// or actor by its id, as the API's search does with resolve=true.
type urlResolver interface {
	Resolve(ctx context.Context, id string, depth int) error
}

// searchWindow is how far back the text search of statuses looks.
const searchWindow = 365 * 24 * time.Hour

// searchData is what the search page shows.
type searchData struct {
	Query    string
	Type     string // "", accounts, statuses or hashtags
	Tabs     []tab
	Accounts []accountRow
	Statuses []*card
	Tags     []tagRow
	Searched bool
	More     string // the next page of statuses
}

// tagRow is a hashtag in a list (search results, explore).
type tagRow struct {
	Name     string
	URL      string
	Statuses int
	People   int
}

func tagRowOf(t store.TagCount) tagRow {
	return tagRow{Name: t.Tag, URL: "/tags/" + url.PathEscape(t.Tag), Statuses: t.Statuses, People: t.People}
}

// search is GET /search?q=&type=: accounts (a handle or an actor URL, resolved remotely for
// signed-in users like the API's search with resolve=true, and name matches), statuses (a
// status URL, resolved the same way, and text matches the viewer may see) and hashtags.
func (s *Service) search(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := &searchData{Query: strings.TrimSpace(q.Get("q")), Type: q.Get("type")}
	switch d.Type {
	case "", "accounts", "statuses", "hashtags":
	default:
		return errNotFound
	}
	if len(d.Query) > 500 {
		d.Query = d.Query[:500]
	}
	for _, t := range []tab{{Name: "", Label: "All"}, {Name: "accounts", Label: "People"}, {Name: "statuses", Label: "Posts"},
		{Name: "hashtags", Label: "Hashtags"}} {
		t.URL, t.Current = "/search?q="+url.QueryEscape(d.Query), t.Name == d.Type
		if t.Name != "" {
			t.URL += "&type=" + t.Name
		}
		d.Tabs = append(d.Tabs, t)
	}
	if d.Query != "" {
		d.Searched = true
		limit := 5
		if d.Type != "" {
			limit = pageSize
		}
		resolve := rq.user != nil && s.opt.Remote != nil
		isURL := strings.HasPrefix(d.Query, "https://") || strings.HasPrefix(d.Query, "http://")
		if d.Type == "" || d.Type == "accounts" {
			if err := s.searchAccounts(ctx, d, isURL, resolve, limit); err != nil {
				return err
			}
		}
		if d.Type == "" || d.Type == "statuses" {
			if err := s.searchStatuses(ctx, rq, d, isURL, resolve, limit, validID(q.Get("max_id"))); err != nil {
				return err
			}
		}
		if (d.Type == "" || d.Type == "hashtags") && !isURL {
			if tag, ok := markup.NormalizeHashtag(strings.TrimPrefix(d.Query, "#")); ok {
				tags, err := s.opt.Store.SearchTags(ctx, strings.ToLower(tag), limit)
				if err != nil {
					return err
				}
				exact := false
				for _, t := range tags {
					exact = exact || t.Tag == strings.ToLower(tag)
					d.Tags = append(d.Tags, tagRowOf(t))
				}
				if !exact {
					d.Tags = append([]tagRow{tagRowOf(store.TagCount{Tag: strings.ToLower(tag)})}, d.Tags...)
				}
			}
		}
	}
	if isHTMX(r) && q.Get("max_id") != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: d.Statuses, More: d.More})
		return nil
	}
	title := "Search"
	if d.Query != "" {
		title = "Search: " + d.Query
	}
	v := s.view(rq, title, d)
	v.Active = "search"
	s.renderPage(w, http.StatusOK, "search", v)
	return nil
}

// searchAccounts fills d.Accounts: the account a handle or actor URL names (resolved remotely
// when allowed), then name and nickname matches.
func (s *Service) searchAccounts(ctx context.Context, d *searchData, isURL, resolve bool, limit int) error {
	seen := map[string]bool{}
	add := func(u *store.User) {
		if u != nil && !seen[u.ID] && u.ActorType != "Application" {
			seen[u.ID] = true
			d.Accounts = append(d.Accounts, s.accountRow(u))
		}
	}
	if isURL {
		u, err := s.opt.Store.UserByAPID(ctx, d.Query)
		if errors.Is(err, store.ErrNotFound) && resolve {
			if res, ok := s.opt.Remote.(urlResolver); ok && res.Resolve(ctx, d.Query, 0) == nil {
				u, err = s.opt.Store.UserByAPID(ctx, d.Query)
			}
		}
		if err == nil {
			add(u)
		}
		return nil
	}
	handle := strings.TrimPrefix(d.Query, "@")
	nick, domain, hasDomain := strings.Cut(handle, "@")
	if nick != "" && !strings.ContainsAny(handle, " /") {
		var u *store.User
		var err error
		if !hasDomain {
			u, err = s.opt.Store.LocalUser(ctx, nick)
		} else if resolve {
			u, err = s.resolveMention(ctx, nick, domain)
		} else if strings.EqualFold(domain, s.opt.Pipeline.Host()) {
			u, err = s.opt.Store.LocalUser(ctx, nick)
		} else {
			u, err = s.opt.Store.RemoteUser(ctx, nick, strings.ToLower(domain))
		}
		if err == nil {
			add(u)
		}
		if hasDomain {
			return nil
		}
	}
	users, err := s.opt.Store.SearchAccounts(ctx, handle, limit)
	if err != nil {
		return err
	}
	for _, u := range users {
		add(u)
	}
	return nil
}

// searchStatuses fills d.Statuses: the status a URL names (resolved remotely when allowed),
// or the statuses whose text contains the query, as the viewer may see them.
func (s *Service) searchStatuses(ctx context.Context, rq *request, d *searchData, isURL, resolve bool, limit int, maxID string) error {
	var rows []*store.Object
	if isURL {
		o, err := s.opt.Store.ObjectByAPID(ctx, d.Query)
		if errors.Is(err, store.ErrNotFound) && resolve {
			if res, ok := s.opt.Remote.(urlResolver); ok && res.Resolve(ctx, d.Query, 0) == nil {
				o, err = s.opt.Store.ObjectByAPID(ctx, d.Query)
			}
		}
		if err == nil && (o.Type == "Note" || o.Type == "Question") {
			ok, err := s.opt.Store.CanView(ctx, o, rq.viewer())
			if err != nil {
				return err
			}
			if ok {
				rows = append(rows, o)
			}
		}
	} else {
		var err error
		rows, err = s.opt.Store.SearchStatuses(ctx, d.Query, rq.viewer(), s.now().Add(-searchWindow), maxID, limit)
		if err != nil {
			return err
		}
		if d.Type == "statuses" && len(rows) == limit {
			d.More = "/search?type=statuses&q=" + url.QueryEscape(d.Query) + "&max_id=" + rows[len(rows)-1].ID
		}
	}
	cards, err := s.cards(ctx, rq, rows)
	if err != nil {
		return err
	}
	d.Statuses = cards
	return nil
}

// plainText is HTML (a bio) as one line of text.
func plainText(html string) string {
	return strings.Join(strings.Fields(markup.StripTags(html)), " ")
}

// shorten cuts s to at most n characters, with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// resolveMention finds a local account (no domain, or ours), a known remote one, or through
// the Resolver one nobody here has seen yet.
func (s *Service) resolveMention(ctx context.Context, nick, domain string) (*store.User, error) {
	if domain == "" || strings.EqualFold(domain, s.opt.Pipeline.Host()) {
		return s.opt.Store.LocalUser(ctx, nick)
	}
	u, err := s.opt.Store.RemoteUser(ctx, nick, strings.ToLower(domain))
	if errors.Is(err, store.ErrNotFound) && s.opt.Remote != nil {
		return s.opt.Remote.ResolveHandle(ctx, nick, strings.ToLower(domain))
	}
	return u, err
}
