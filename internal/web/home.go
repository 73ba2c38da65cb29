package web

import (
	"net/http"
	"net/url"

	"github.com/egregoros/egregoros/internal/store"
)

// Timeline tabs of the home page (?timeline=).
const (
	tabHome      = "home"      // the signed-in user's home timeline
	tabLocal     = "local"     // public posts of this server
	tabFederated = "federated" // public posts of every known server
)

const pageSize = 20

// tab is one entry of the timeline switcher.
type tab struct {
	Name, Label, URL string
	Current          bool
}

// homeData is what the home page shows.
type homeData struct {
	Tab      string
	Tabs     []tab
	Cards    []*card
	More     string // URL of the next (older) page, "" at the end
	Live     string // the SSE URL of this timeline
	Composer *composer
	Empty    string
}

// timelineQuery is the store query behind a tab: the page shows it and the live stream
// checks new posts against the very same query.
func timelineQuery(tabName, viewer string) store.Timeline {
	t := store.Timeline{Viewer: viewer}
	switch tabName {
	case tabHome:
		t.Home = true
	case tabLocal:
		local := true
		t.Public, t.Local = true, &local
	default:
		t.Public = true
	}
	return t
}

// tabOf reads ?timeline=, defaulting to home for a signed-in user and federated otherwise; a
// visitor asking for home is sent to sign in.
func tabOf(r *http.Request, rq *request) (string, bool) {
	switch v := r.URL.Query().Get("timeline"); v {
	case tabHome:
		return v, rq.user != nil
	case tabLocal, tabFederated:
		return v, true
	case "":
		if rq.user != nil {
			return tabHome, true
		}
		return tabFederated, true
	}
	return "", false
}

// home is GET /: the timeline tabs, with the composer for a signed-in user. With htmx it
// renders only the next page of cards (infinite scroll).
func (s *Service) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	name, ok := tabOf(r, rq)
	if !ok {
		if rq.user == nil && r.URL.Query().Get("timeline") == tabHome {
			http.Redirect(w, r, "/login?next="+url.QueryEscape("/?timeline=home"), http.StatusSeeOther)
			return nil
		}
		return errNotFound
	}
	t := timelineQuery(name, rq.viewer())
	t.Page = store.Page{MaxID: validID(r.URL.Query().Get("max_id")), Limit: pageSize}
	rows, err := s.api().Timeline(r.Context(), rq.user, t)
	if err != nil {
		return err
	}
	cards, err := s.cards(r.Context(), rq, rows)
	if err == nil {
		cards, err = s.filterTimeline(r.Context(), rq, t, cards) // filters.go
	}
	if err != nil {
		return err
	}
	d := &homeData{Tab: name, Cards: cards, Live: "/live?timeline=" + name}
	if len(rows) == pageSize {
		d.More = "/?timeline=" + name + "&max_id=" + rows[len(rows)-1].ID
	}
	if isHTMX(r) && t.Page.MaxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", d)
		return nil
	}
	for _, tb := range []tab{{Name: tabHome, Label: "Home"}, {Name: tabLocal, Label: "Local"}, {Name: tabFederated, Label: "Federated"}} {
		if tb.Name == tabHome && rq.user == nil {
			continue
		}
		tb.URL, tb.Current = "/?timeline="+tb.Name, tb.Name == name
		d.Tabs = append(d.Tabs, tb)
	}
	switch {
	case name == tabHome:
		d.Empty = "Nothing here yet. Follow people or write your first post."
	case name == tabLocal:
		d.Empty = "No public posts on this server yet."
	default:
		d.Empty = "No public posts known to this server yet."
	}
	if rq.user != nil {
		d.Composer = s.newComposer(rq, nil)
	}
	v := s.view(rq, map[string]string{tabHome: "Home", tabLocal: "Local timeline", tabFederated: "Federated timeline"}[name], d)
	v.Active = name
	s.renderPage(w, http.StatusOK, "home", v)
	return nil
}

// validID keeps a paging id only when it looks like one of ours (a 26-character ULID).
func validID(id string) string {
	if _, ok := store.IDTime(id); ok {
		return id
	}
	return ""
}
