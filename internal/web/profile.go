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

	RemoteFollow *remoteFollowForm // visitors on a local profile follow from their server (remote_follow.go)
}

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
	rows, err := s.opt.Store.Timeline(ctx, store.Timeline{Viewer: rq.viewer(), Actor: u.APID,
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
	bio := emojifyHTML(markup.Sanitize(u.Bio), s.emojiMap(mastodon.AccountEmojis(u.Emojis))) // emoji_render.go
	d := &profileData{Person: s.person(u), Bio: bio, Local: u.Local, Locked: u.Locked,
		Joined: u.CreatedAt, Cards: cards}
	if strings.HasPrefix(u.HeaderURL, "https://") || strings.HasPrefix(u.HeaderURL, "http://") {
		d.Header = u.HeaderURL
	}
	if !u.Local && (strings.HasPrefix(u.URL, "https://") || strings.HasPrefix(u.URL, "http://")) {
		d.Remote = u.URL
	}
	if len(rows) == pageSize {
		d.More = d.Person.URL + "?max_id=" + rows[len(rows)-1].ID
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
