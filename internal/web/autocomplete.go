package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
)

// suggestion is one entry of the composer's autocomplete list.
type suggestion struct {
	ID    string // the option's DOM id
	Value string // what replaces the typed word: @nick, @nick@domain or #tag
	Label string
	Note  string
	User  *person
}

// maxSuggestions bounds the autocomplete list.
const maxSuggestions = 6

// autocomplete is GET /web/autocomplete?q=@al or ?q=#go: the composer's suggestions as
// <li role="option"> items (app.js puts them in the textarea's listbox), from the same
// queries as the search page: accounts whose nickname starts with the text or whose name
// contains it (local first), hashtags by use. Signed-in users only; visitors have no composer.
func (s *Service) autocomplete(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	var out []suggestion
	ctx := r.Context()
	switch {
	case strings.HasPrefix(q, "@") && len(q) > 1:
		nick, domain, remote := strings.Cut(q[1:], "@")
		if nick == "" {
			break
		}
		users, err := s.opt.Store.SearchAccounts(ctx, nick, maxSuggestions*2)
		if err != nil {
			return err
		}
		for _, u := range users {
			if remote && (u.Local || !strings.HasPrefix(strings.ToLower(u.Domain), strings.ToLower(domain))) {
				continue
			}
			if !remote && !strings.HasPrefix(strings.ToLower(u.Nickname), strings.ToLower(nick)) &&
				!strings.Contains(strings.ToLower(u.Name), strings.ToLower(nick)) {
				continue
			}
			p := s.person(u)
			out = append(out, suggestion{Value: p.Handle, Label: p.Name, Note: p.Handle, User: &p})
			if len(out) == maxSuggestions {
				break
			}
		}
	case strings.HasPrefix(q, "#") && len(q) > 1:
		tag, ok := markup.NormalizeHashtag(q[1:])
		if !ok {
			break
		}
		tags, err := s.opt.Store.SearchTags(ctx, strings.ToLower(tag), maxSuggestions)
		if err != nil {
			return err
		}
		for _, t := range tags {
			note := "1 post"
			if t.Statuses != 1 {
				note = strconv.Itoa(t.Statuses) + " posts"
			}
			out = append(out, suggestion{Value: "#" + t.Tag, Label: "#" + t.Tag, Note: note})
		}
	}
	for i := range out {
		out[i].ID = "suggestion-" + strconv.Itoa(i)
	}
	s.renderPartial(w, http.StatusOK, "autocomplete", out)
	return nil
}
