package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/egregoros/egregoros/internal/mastodon"
)

// The privacy settings list the accounts the user blocks and mutes and the domains they
// block, each with a button to take it back. The lists and the buttons run the API's own
// handlers (GET /api/v1/blocks, /mutes, /domain_blocks; POST /api/v1/accounts/:id/unblock and
// /unmute; DELETE /api/v1/domain_blocks) through mastodon.ServeAs.

// hiddenListSize is how many entries of each list the page shows (the API's largest page of
// accounts).
const hiddenListSize = 80

// hiddenAccount is a blocked or muted account.
type hiddenAccount struct {
	ID      string
	Person  person
	Expires string // a mute's end (RFC 3339), "" for ever
}

// hiddenList is the list of blocked or muted accounts as the page shows it: Name is its
// anchor and the path segment of its buttons (/settings/{Name}/{id}/{Action}).
type hiddenList struct {
	Name, Title, Help, Empty, Action, Button, CSRF string
	Accounts                                       []hiddenAccount
}

// hiddenLists loads the three lists into d.
func (s *Service) hiddenLists(r *http.Request, rq *request, d *settingsData) error {
	get := func(op string, limit int, out any) error {
		req := apiRequest(r, http.MethodGet, nil)
		req.URL.RawQuery = url.Values{"limit": {fmt.Sprint(limit)}}.Encode()
		raw, err := s.api().ServeAs(req, rq.user, op, nil)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("web: the API's %s: %w", op, err)
		}
		return nil
	}
	type account struct {
		ID          string  `json:"id"`
		Acct        string  `json:"acct"`
		Username    string  `json:"username"`
		DisplayName string  `json:"display_name"`
		Avatar      string  `json:"avatar"`
		Bot         bool    `json:"bot"`
		MuteExpires *string `json:"mute_expires_at"`
	}
	convert := func(list []account) []hiddenAccount {
		var out []hiddenAccount
		for _, a := range list {
			p := person{Name: a.DisplayName, Handle: "@" + a.Acct, URL: "/@" + a.Acct, Bot: a.Bot}
			if p.Name == "" {
				p.Name = a.Username
			}
			if strings.HasPrefix(a.Avatar, "http") && !strings.HasSuffix(a.Avatar, "/static/avatar.png") {
				p.Avatar = a.Avatar
			}
			h := hiddenAccount{ID: a.ID, Person: p}
			if a.MuteExpires != nil {
				h.Expires = *a.MuteExpires
			}
			out = append(out, h)
		}
		return out
	}
	var blocks, mutes []account
	if err := get(mastodon.OpBlocks, hiddenListSize, &blocks); err != nil {
		return err
	}
	if err := get(mastodon.OpMutes, hiddenListSize, &mutes); err != nil {
		return err
	}
	if err := get(mastodon.OpDomainBlocks, 200, &d.DomainBlocks); err != nil {
		return err
	}
	d.Blocks = hiddenList{Name: "blocks", Title: "Blocked accounts", Action: "unblock", Button: "Unblock", CSRF: rq.csrf,
		Help:  "They cannot follow you or see your posts here, and you do not see theirs.",
		Empty: "No blocked accounts.", Accounts: convert(blocks)}
	d.Mutes = hiddenList{Name: "mutes", Title: "Muted accounts", Action: "unmute", Button: "Unmute", CSRF: rq.csrf,
		Help:  "Their posts and notifications stay out of your timelines; they are not told.",
		Empty: "No muted accounts.", Accounts: convert(mutes)}
	d.ListsFull = len(blocks) >= hiddenListSize || len(mutes) >= hiddenListSize || len(d.DomainBlocks) >= 200
	return nil
}

// unhide is POST /settings/blocks/{id}/unblock, /settings/mutes/{id}/unmute and
// /settings/domain_blocks/unblock (the domain in the form): the API's handler for it, then
// back to the privacy settings.
func (s *Service) unhide(op string) handler {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if err := signedIn(rq); err != nil {
			return err
		}
		req := apiRequest(r, http.MethodPost, url.Values{})
		anchor := "#blocks"
		switch op {
		case mastodon.OpUnblockDomain:
			req, anchor = apiRequest(r, http.MethodDelete, url.Values{"domain": {r.PostFormValue("domain")}}), "#domain-blocks"
		case mastodon.OpUnmute:
			anchor = "#mutes"
		}
		if _, err := s.api().ServeAs(req, rq.user, op, map[string]string{"id": r.PathValue("id")}); err != nil {
			return apiFailure(err)
		}
		http.Redirect(w, r, "/settings/privacy?saved=1"+anchor, http.StatusSeeOther)
		return nil
	}
}
