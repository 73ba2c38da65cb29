package mastodon

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// statusByID finds a status (Note, Question or Announce) the viewer may see; anything else is
// 404, so that hidden statuses are indistinguishable from missing ones.
func (s *Service) statusByID(ctx context.Context, v *viewer, id string) (*store.Object, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	o, err := s.Store.ObjectByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if o.Type != "Note" && o.Type != "Question" && o.Type != "Announce" {
		return nil, errNotFound
	}
	ok, err := s.Store.CanView(ctx, o, v.apID()) // the visibility rule hides suspended accounts' posts too
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotFound
	}
	return o, nil
}

// showStatus is GET /api/v1/statuses/:id.
func (s *Service) showStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, err := s.statusByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.renderStatus(r.Context(), v, o)
	if err != nil {
		return err
	}
	if err := s.markFiltered(r.Context(), v, filterThread, &st); err != nil { // filters.go
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

var visibilities = map[string]bool{ap.VisibilityPublic: true, ap.VisibilityUnlisted: true, ap.VisibilityPrivate: true, ap.VisibilityDirect: true}

// compose is a validated POST /api/v1/statuses.
type compose struct {
	text, spoiler, visibility, language string
	sensitive                           bool
	parent                              *store.Object
	pollOptions                         []string
	pollMultiple                        bool
	pollExpiresIn                       int
	media                               []*store.Media
}

// parseCompose validates a new status (editing "") or an edit of the status editing, as the
// request's parameters give it (see compose.go).
func (s *Service) parseCompose(ctx context.Context, v *viewer, p *params, editing string) (*compose, error) {
	in, err := composeParams(p)
	if err != nil {
		return nil, err
	}
	return s.validateCompose(ctx, v, in, editing)
}

// createStatus is POST /api/v1/statuses: it builds a Create{Note} (or Question) and runs it
// through the pipeline as a local activity (Compose).
func (s *Service) createStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if key := r.Header.Get("Idempotency-Key"); key != "" {
		return s.idempotentPost(w, r, v, key, s.createStatus) // statuses_idempotency.go
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	ctx := r.Context()
	in, err := composeParams(p)
	if err != nil {
		return err
	}
	if raw := p.String("scheduled_at"); raw != "" {
		if done, err := s.scheduleStatus(w, r, v, in, raw); done || err != nil { // scheduled.go
			return err
		}
	}
	o, err := s.Compose(ctx, v.user, in)
	if err != nil {
		return err
	}
	st, err := s.renderStatus(ctx, v, o)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// buildNote formats the text and addresses the note for its visibility and mentions.
func (s *Service) buildNote(ctx context.Context, author *store.User, c *compose) (ap.Object, error) {
	mentioned := map[string]*store.User{}
	var order []string
	f := markup.Format(c.text, markup.FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			u, err := s.resolveMention(ctx, nick, domain)
			if err != nil {
				return "", false
			}
			if _, seen := mentioned[u.APID]; !seen {
				order = append(order, u.APID)
			}
			mentioned[u.APID] = u
			return firstNonEmpty(u.URL, u.APID), true
		},
		HashtagURL: func(tag string) string { return s.BaseURL + "/tags/" + url.PathEscape(tag) },
	})
	id := s.Pipeline.NewObjectID()
	followers := author.FollowersURL
	var to, cc []any
	switch c.visibility {
	case ap.VisibilityPublic:
		to, cc = []any{ap.Public}, []any{followers}
	case ap.VisibilityUnlisted:
		to, cc = []any{followers}, []any{ap.Public}
	case ap.VisibilityPrivate:
		to = []any{followers}
	}
	var tags []any
	for _, apID := range order {
		u := mentioned[apID]
		if c.visibility == ap.VisibilityDirect {
			to = append(to, apID)
		} else {
			cc = append(cc, apID)
		}
		tags = append(tags, map[string]any{"type": "Mention", "href": apID, "name": "@" + mentionName(u, s)})
	}
	for _, t := range f.Hashtags {
		tags = append(tags, map[string]any{"type": "Hashtag", "name": "#" + t, "href": s.BaseURL + "/tags/" + url.PathEscape(t)})
	}
	emojiTags, err := s.emojiTags(ctx, c.text, c.spoiler) // custom_emojis.go
	if err != nil {
		return nil, err
	}
	tags = append(tags, emojiTags...)
	now := time.Now().UTC().Format(time.RFC3339)
	note := ap.Object{
		"id": id, "type": "Note", "attributedTo": author.APID, "content": f.HTML, "published": now,
		"to": nonNilAny(to), "cc": nonNilAny(cc), "tag": nonNilAny(tags), "sensitive": c.sensitive,
		"url": s.BaseURL + "/@" + author.Nickname + "/" + idOf(id), "attachment": nonNilAny(s.apAttachments(c.media)),
		"source": map[string]any{"content": c.text, "mediaType": "text/plain"},
	}
	if c.spoiler != "" {
		note["summary"] = html.EscapeString(c.spoiler) // summary is HTML in ActivityStreams
	}
	if c.language != "" {
		note["contentMap"] = map[string]any{c.language: f.HTML}
	}
	ctxID := s.BaseURL + "/contexts/" + idOf(id)
	if c.parent != nil {
		note["inReplyTo"] = c.parent.APID
		if c.parent.Context != "" {
			ctxID = c.parent.Context
		}
	}
	note["context"] = ctxID
	note["conversation"] = ctxID
	if len(c.pollOptions) > 0 {
		note["type"] = "Question"
		var opts []any
		for _, o := range c.pollOptions {
			opts = append(opts, map[string]any{"type": "Note", "name": o, "replies": map[string]any{"type": "Collection", "totalItems": 0}})
		}
		key := "oneOf"
		if c.pollMultiple {
			key = "anyOf"
		}
		note[key] = opts
		note["endTime"] = time.Now().UTC().Add(time.Duration(c.pollExpiresIn) * time.Second).Format(time.RFC3339)
		note["votersCount"] = 0
	}
	return note, nil
}

// idOf is the last path segment of one of our object ids (the part after /objects/).
func idOf(apID string) string { return apID[strings.LastIndex(apID, "/")+1:] }

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

func mentionName(u *store.User, s *Service) string {
	if u.Local {
		return u.Nickname
	}
	return u.Nickname + "@" + u.Domain
}

// resolveHandle finds a local user (domain "" or ours) or a known remote one.
func (s *Service) resolveHandle(ctx context.Context, nick, domain string) (*store.User, error) {
	if domain == "" || strings.EqualFold(domain, s.Pipeline.Host()) {
		return s.Store.LocalUser(ctx, nick)
	}
	return s.Store.RemoteUser(ctx, nick, domain)
}

// resolveMention is resolveHandle that also looks unknown remote handles up through
// WebFinger, so that a post can mention someone nobody here has seen yet.
func (s *Service) resolveMention(ctx context.Context, nick, domain string) (*store.User, error) {
	u, err := s.resolveHandle(ctx, nick, domain)
	if errors.Is(err, store.ErrNotFound) && domain != "" && s.Remote != nil {
		return s.Remote.ResolveHandle(ctx, nick, strings.ToLower(domain))
	}
	return u, err
}

// deleteStatus is DELETE /api/v1/statuses/:id: only the author; answers with the status
// and its source text, for delete-and-redraft.
func (s *Service) deleteStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.statusByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if o.Actor != v.user.APID || o.Type == "Announce" {
		return errNotFound
	}
	st, err := s.renderStatus(ctx, v, o)
	if err != nil {
		return err
	}
	doc := parseDoc(o.Data)
	if src, ok := doc.Embedded("source"); ok {
		st.Text = strPtr(src.String("content"))
	} else {
		st.Text = strPtr(markup.StripTags(doc.String("content")))
	}
	del := ap.Object{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       o.APID + "#delete", "type": "Delete", "actor": v.user.APID,
		"object": map[string]any{"id": o.APID, "type": "Tombstone"},
		"to":     doc["to"], "cc": doc["cc"],
	}
	if _, err := s.Pipeline.Ingest(ctx, del, activity.Origin{Source: activity.Local}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func nowRFC3339() string { return time.Now().UTC().Format(time.RFC3339) }
