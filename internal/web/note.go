package web

import (
	"context"
	"errors"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// buildNote formats the text and addresses the Note for its visibility and mentions. It
// builds the very document mastodon's buildNote builds for POST /api/v1/statuses (the same
// formatting, addressing, tags, url and context), so a post looks the same whichever way it
// was written; the two should become one exported function (see the report of issue 5).
func (s *Service) buildNote(ctx context.Context, author *store.User, c *composer, parent *store.Object) (ap.Object, error) {
	base := s.opt.BaseURL
	mentioned := map[string]*store.User{}
	var order []string
	f := markup.Format(c.Text, markup.FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			u, err := s.resolveMention(ctx, nick, domain)
			if err != nil {
				return "", false
			}
			if _, seen := mentioned[u.APID]; !seen {
				order = append(order, u.APID)
			}
			mentioned[u.APID] = u
			if u.URL != "" {
				return u.URL, true
			}
			return u.APID, true
		},
		HashtagURL: func(tag string) string { return base + "/tags/" + url.PathEscape(tag) },
	})
	id := s.opt.Pipeline.NewObjectID()
	followers := author.FollowersURL
	to, cc := []any{}, []any{}
	switch c.Visibility {
	case ap.VisibilityPublic:
		to, cc = []any{ap.Public}, []any{followers}
	case ap.VisibilityUnlisted:
		to, cc = []any{followers}, []any{ap.Public}
	case ap.VisibilityPrivate:
		to = []any{followers}
	}
	tags := []any{}
	for _, apID := range order {
		u := mentioned[apID]
		if c.Visibility == ap.VisibilityDirect {
			to = append(to, apID)
		} else {
			cc = append(cc, apID)
		}
		tags = append(tags, map[string]any{"type": "Mention", "href": apID, "name": "@" + u.Handle()})
	}
	for _, t := range f.Hashtags {
		tags = append(tags, map[string]any{"type": "Hashtag", "name": "#" + t, "href": base + "/tags/" + url.PathEscape(t)})
	}
	seg := id[strings.LastIndex(id, "/")+1:]
	note := ap.Object{
		"id": id, "type": "Note", "attributedTo": author.APID, "content": f.HTML,
		"published": time.Now().UTC().Format(time.RFC3339), "to": to, "cc": cc, "tag": tags,
		"sensitive": c.Summary != "", "url": base + "/@" + author.Nickname + "/" + seg, "attachment": []any{},
		"source": map[string]any{"content": c.Text, "mediaType": "text/plain"},
	}
	if c.Summary != "" {
		note["summary"] = html.EscapeString(c.Summary) // summary is HTML in ActivityStreams
	}
	ctxID := base + "/contexts/" + seg
	if parent != nil {
		note["inReplyTo"] = parent.APID
		if parent.Context != "" {
			ctxID = parent.Context
		}
	}
	note["context"], note["conversation"] = ctxID, ctxID
	return note, nil
}

// resolveMention finds a local account (no domain, or ours), a known remote one, or through
// the Resolver one nobody here has seen yet.
func (s *Service) resolveMention(ctx context.Context, nick, domain string) (*store.User, error) {
	if domain == "" || strings.EqualFold(domain, s.opt.Pipeline.Host()) {
		return s.opt.Store.LocalUser(ctx, nick)
	}
	u, err := s.opt.Store.RemoteUser(ctx, nick, domain)
	if errors.Is(err, store.ErrNotFound) && s.opt.Remote != nil {
		return s.opt.Remote.ResolveHandle(ctx, nick, strings.ToLower(domain))
	}
	return u, err
}
