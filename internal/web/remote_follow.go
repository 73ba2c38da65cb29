package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// subscriber is what Options.Remote may also do (federation.Service does): find the
// remote-follow template ({uri}) a server advertises in its WebFinger.
type subscriber interface {
	SubscribeTemplate(ctx context.Context, nick, domain string) (string, error)
}

// interactionData is what the remote follow and authorize_interaction pages show.
type interactionData struct {
	Query   string // the address or URL asked for
	Error   string
	Account *accountRow
	Rel     *relation // the viewer's buttons for Account
	Card    *card
	Follow  *remoteFollowForm // a visitor following one of our accounts from their server
}

// remoteFollowForm is the "Follow from your server" form of a local profile, for visitors.
type remoteFollowForm struct {
	Nick, Name, CSRF, Handle, Error string
}

// splitHandle reads user@server (with or without a leading @ or acct:) into its parts; the
// server must look like a host name (an optional port), nothing a URL could hide in.
func splitHandle(h string) (nick, domain string, ok bool) {
	h = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(h), "acct:"), "@")
	nick, domain, ok = strings.Cut(h, "@")
	if !ok || nick == "" || domain == "" || len(h) > 300 || strings.ContainsAny(nick, "/?#@ :") {
		return "", "", false
	}
	host, port, hasPort := strings.Cut(domain, ":")
	if host == "" || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
		return "", "", false
	}
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return "", "", false
		}
	}
	if hasPort {
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return "", "", false
		}
	}
	return nick, strings.ToLower(domain), true
}

// remoteFollow is POST /remote_follow (account, handle): a visitor on one of our profiles
// gives their address user@their.server; their server's WebFinger names its remote-follow
// page (the subscribe template), where the browser goes with uri=acct:account@our.host.
// Our own address goes to our authorize_interaction page.
func (s *Service) remoteFollow(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	target, err := s.opt.Store.LocalUser(ctx, r.PostFormValue("account"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && target.ActorType == "Application") {
		return errNotFound
	}
	if err != nil {
		return err
	}
	host := s.opt.Pipeline.Host()
	uri := "acct:" + target.Nickname + "@" + host
	f := &remoteFollowForm{Nick: target.Nickname, Name: s.person(target).Name, CSRF: rq.csrf,
		Handle: strings.TrimSpace(r.PostFormValue("handle"))}
	nick, domain, ok := splitHandle(f.Handle)
	var tmpl string
	switch {
	case !ok:
		f.Error = "Enter your address as user@your.server."
	case strings.EqualFold(domain, host):
		http.Redirect(w, r, "/authorize_interaction?uri="+url.QueryEscape(uri), http.StatusSeeOther)
		return nil
	default:
		sub, can := s.opt.Remote.(subscriber)
		if can {
			tmpl, err = sub.SubscribeTemplate(ctx, nick, domain)
		}
		if !can || err != nil {
			f.Error = "Your server could not be asked (" + domain + "). Check the address, or search for " +
				"@" + target.Nickname + "@" + host + " on your server."
		}
	}
	if f.Error != "" {
		s.renderPage(w, http.StatusUnprocessableEntity, "interaction", s.view(rq, "Follow "+f.Name, &interactionData{Follow: f}))
		return nil
	}
	http.Redirect(w, r, strings.ReplaceAll(tmpl, "{uri}", url.QueryEscape(uri)), http.StatusSeeOther)
	return nil
}

// authorizeInteraction is GET /authorize_interaction?uri=, the remote-follow page our
// WebFinger advertises (federation/webfinger.go), and where a signed-in user follows anyone
// by address: uri is acct:user@server (or user@server) or the URL of an account or a status.
// It is resolved as the search resolves it (remotely when unknown) and shown with the Follow
// button, or as a card. Visitors sign in first.
func (s *Service) authorizeInteraction(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	q := strings.TrimSpace(r.URL.Query().Get("uri"))
	if len(q) > 500 {
		q = q[:500]
	}
	if rq.user == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/authorize_interaction?uri="+url.QueryEscape(q)), http.StatusSeeOther)
		return nil
	}
	d := &interactionData{Query: q}
	status := http.StatusOK
	if q != "" {
		u, o, err := s.resolveInteraction(ctx, rq, q)
		switch {
		case err != nil:
			return err
		case u != nil:
			row := s.accountRow(u)
			d.Account = &row
			if d.Rel, err = s.relationWith(ctx, rq, u); err != nil {
				return err
			}
		case o != nil:
			if d.Card, err = s.oneCard(ctx, rq, o); err != nil {
				return err
			}
		default:
			d.Error, status = "Nothing was found at "+q+".", http.StatusNotFound
		}
	}
	v := s.view(rq, "Follow or interact", d)
	s.renderPage(w, status, "interaction", v)
	return nil
}

// resolveInteraction finds the account or the status (one the viewer may see) that q names;
// both nil when there is none.
func (s *Service) resolveInteraction(ctx context.Context, rq *request, q string) (*store.User, *store.Object, error) {
	if !strings.HasPrefix(q, "https://") && !strings.HasPrefix(q, "http://") {
		nick, domain, ok := splitHandle(q)
		if !ok {
			nick, domain = strings.TrimPrefix(strings.TrimPrefix(q, "acct:"), "@"), ""
			if nick == "" || strings.ContainsAny(nick, "/?#@ :") {
				return nil, nil, nil
			}
		}
		u, err := s.resolveMention(ctx, nick, domain) // search.go
		if err != nil || u.ActorType == "Application" {
			return nil, nil, nil // not found, or the remote server did not answer
		}
		return u, nil, nil
	}
	d := &searchData{Query: q}
	resolve := s.opt.Remote != nil
	if err := s.searchAccounts(ctx, d, true, resolve, 1); err != nil {
		return nil, nil, err
	}
	if len(d.Accounts) > 0 {
		u, err := s.opt.Store.UserByAPID(ctx, q)
		return u, nil, err
	}
	if err := s.searchStatuses(ctx, rq, d, true, resolve, 1, ""); err != nil {
		return nil, nil, err
	}
	if len(d.Statuses) == 0 {
		return nil, nil, nil
	}
	o, err := s.opt.Store.ObjectByID(ctx, d.Statuses[0].StatusID)
	return nil, o, err
}
