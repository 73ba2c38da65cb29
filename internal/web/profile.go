package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// profileData is what a profile page shows.
type profileData struct {
	Person    person
	Header    string
	Bio       template.HTML // through markup.Sanitize and markup.Emojify
	Local     bool
	Locked    bool
	Joined    time.Time
	Posts     int
	Following int
	Followers int
	Remote    string // the profile on its own server, for remote accounts
	Cards     []*card
	More      string
	Rel       *relation // the signed-in viewer's relationship (nil for visitors)
	Fields    []profileFieldView
	Tabs      []tab // posts (with boosts, no replies), posts and replies, media

	RemoteFollow *remoteFollowForm // visitors on a local profile follow from their server (remote_follow.go)
}

// profileFieldView is one profile field (name: value) of the profile page, custom emoji
// shown.
type profileFieldView struct {
	Name, Value template.HTML
}

// profileTabs are the profile page's tabs (?tab=), as on Mastodon's profiles.
var profileTabs = []tab{{Name: "", Label: "Posts"}, {Name: "replies", Label: "Posts and replies"}, {Name: "media", Label: "Media"}}

// handleOf reads the {seg} of /@nick and /@nick@domain; ok is false without the '@'.
func handleOf(seg string) (nick, domain string, ok bool) {
	rest, ok := strings.CutPrefix(seg, "@")
	if !ok || rest == "" || len(rest) > 300 {
		return "", "", false
	}
	nick, domain, _ = strings.Cut(rest, "@")
	return nick, strings.ToLower(domain), nick != ""
}

// userBySeg finds the account of /@nick or /@nick@domain.
func (s *Service) userBySeg(ctx context.Context, seg string) (*store.User, error) {
	nick, domain, ok := handleOf(seg)
	if !ok {
		return nil, errNotFound
	}
	var u *store.User
	var err error
	if domain == "" || domain == strings.ToLower(s.opt.Pipeline.Host()) {
		u, err = s.opt.Store.LocalUser(ctx, nick)
	} else {
		u, err = s.opt.Store.RemoteUser(ctx, nick, domain)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if u.ActorType == "Application" {
		return nil, errNotFound // the instance actor has no profile page
	}
	return u, nil
}

// profile is GET /@nick (and /@nick@domain): the account and its statuses the viewer may see.
func (s *Service) profile(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	u, err := s.userBySeg(ctx, r.PathValue("seg"))
	if err != nil {
		return err
	}
	maxID := validID(r.URL.Query().Get("max_id"))
	tab := r.URL.Query().Get("tab")
	if tab != "replies" && tab != "media" {
		tab = ""
	}
	rows, err := s.opt.Store.Timeline(ctx, store.Timeline{Viewer: rq.viewer(), Actor: u.APID,
		NoReplies: tab == "", OnlyMedia: tab == "media", NoBoosts: tab == "media",
		Page: store.Page{MaxID: maxID, Limit: pageSize}})
	if err != nil {
		return err
	}
	cards, err := s.cards(ctx, rq, rows)
	if err == nil {
		cards, err = s.filterCards(ctx, rq, filterAccount, cards) // filters.go
	}
	if err != nil {
		return err
	}
	emojis := s.emojiMap(mastodon.AccountEmojis(u.Emojis))
	bio := emojifyHTML(markup.Sanitize(u.Bio), emojis) // emoji_render.go
	d := &profileData{Person: s.person(u), Bio: bio, Local: u.Local, Locked: u.Locked,
		Joined: u.CreatedAt, Cards: cards}
	for _, t := range profileTabs {
		t.URL, t.Current = d.Person.URL, t.Name == tab
		if t.Name != "" {
			t.URL += "?tab=" + t.Name
		}
		d.Tabs = append(d.Tabs, t)
	}
	for _, f := range mastodon.ProfileFields(u.Fields) {
		d.Fields = append(d.Fields, profileFieldView{Name: emojifyText(f.Name, emojis), Value: emojifyHTML(f.Value, emojis)})
	}
	if strings.HasPrefix(u.HeaderURL, "https://") || strings.HasPrefix(u.HeaderURL, "http://") {
		d.Header = u.HeaderURL
	}
	if !u.Local && (strings.HasPrefix(u.URL, "https://") || strings.HasPrefix(u.URL, "http://")) {
		d.Remote = u.URL
	}
	if len(rows) == pageSize {
		d.More = d.Person.URL + "?max_id=" + rows[len(rows)-1].ID
		if tab != "" {
			d.More += "&tab=" + tab
		}
	}
	if isHTMX(r) && maxID != "" {
		s.renderPartial(w, http.StatusOK, "timeline-page", &homeData{Cards: cards, More: d.More})
		return nil
	}
	posts, err := s.opt.Store.StatusCounts(ctx, []string{u.APID})
	if err != nil {
		return err
	}
	d.Posts = posts[u.APID]
	if d.Followers, err = s.opt.Store.CountRelationships(ctx, store.RelFollow, u.APID); err != nil {
		return err
	}
	if d.Following, err = s.opt.Store.CountRelationshipsBy(ctx, store.RelFollow, u.APID); err != nil {
		return err
	}
	if rq.user != nil {
		if d.Rel, err = s.relationWith(ctx, rq, u); err != nil {
			return err
		}
	} else if u.Local {
		d.RemoteFollow = &remoteFollowForm{Nick: u.Nickname, Name: d.Person.Name, CSRF: rq.csrf}
	}
	v := s.view(rq, d.Person.Name+" ("+d.Person.Handle+")", d)
	if rq.user != nil && rq.user.ID == u.ID {
		v.Active = "profile"
	}
	s.renderPage(w, http.StatusOK, "profile", v)
	return nil
}
