package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// Announcement is the Mastodon Announcement entity.
type Announcement struct {
	ID          string                `json:"id"`
	Content     string                `json:"content"`
	StartsAt    *string               `json:"starts_at"`
	EndsAt      *string               `json:"ends_at"`
	AllDay      bool                  `json:"all_day"`
	PublishedAt string                `json:"published_at"`
	UpdatedAt   string                `json:"updated_at"`
	Read        *bool                 `json:"read,omitempty"` // only for a signed-in user, as Mastodon
	Mentions    []AnnouncementAccount `json:"mentions"`
	Statuses    []AnnouncementStatus  `json:"statuses"`
	Tags        []Tag                 `json:"tags"`
	Emojis      []CustomEmoji         `json:"emojis"`
	Reactions   []Reaction            `json:"reactions"`
}

// AnnouncementAccount is an account mentioned in an announcement.
type AnnouncementAccount struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	URL      string `json:"url"`
	Acct     string `json:"acct"`
}

// AnnouncementStatus is a status linked in an announcement.
type AnnouncementStatus struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// maxAnnouncementReactions is how many different reactions an announcement may have
// (Mastodon's ReactionValidator::LIMIT).
const maxAnnouncementReactions = 8

// routesAnnouncements mounts the announcements of the client API and of the admin API.
func (s *Service) routesAnnouncements(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/announcements", s.with(appOnly(ScopeRead), s.listAnnouncements))
	mux.HandleFunc("POST /api/v1/announcements/{id}/dismiss", s.with(needWrite("write:accounts"), s.dismissAnnouncement))
	mux.HandleFunc("PUT /api/v1/announcements/{id}/reactions/{name}", s.with(needWrite("write:favourites"), s.reactAnnouncement))
	mux.HandleFunc("DELETE /api/v1/announcements/{id}/reactions/{name}", s.with(needWrite("write:favourites"), s.unreactAnnouncement))

	mux.HandleFunc("GET /api/v1/admin/announcements", s.with(needRead("admin:read"), s.adminAnnouncements))
	mux.HandleFunc("POST /api/v1/admin/announcements", s.with(needWrite("admin:write"), s.adminCreateAnnouncement))
	mux.HandleFunc("PUT /api/v1/admin/announcements/{id}", s.with(needWrite("admin:write"), s.adminUpdateAnnouncement))
	mux.HandleFunc("DELETE /api/v1/admin/announcements/{id}", s.with(needWrite("admin:write"), s.adminDeleteAnnouncement))
}

// listAnnouncements is GET /api/v1/announcements: the announcements shown now, each with
// whether the user dismissed it and the reactions.
func (s *Service) listAnnouncements(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.Store.ActiveAnnouncements(r.Context(), time.Now())
	if err != nil {
		return err
	}
	out, err := s.renderAnnouncements(r.Context(), v, list)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// activeAnnouncement is the announcement of the path, 404 unless it is shown now.
func (s *Service) activeAnnouncement(ctx context.Context, id string) (*store.Announcement, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	a, err := s.Store.AnnouncementByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !a.Active(time.Now())) {
		return nil, errNotFound
	}
	return a, err
}

// dismissAnnouncement is POST /api/v1/announcements/:id/dismiss: the user has read it.
func (s *Service) dismissAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	a, err := s.activeAnnouncement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Store.DismissAnnouncement(r.Context(), a.ID, v.user.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// reactAnnouncement is PUT /api/v1/announcements/:id/reactions/:name: the user reacts with a
// unicode emoji or a local custom emoji's shortcode (twice is once; at most eight different
// reactions per announcement).
func (s *Service) reactAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	a, err := s.activeAnnouncement(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	name, err := s.announcementReactionName(ctx, r.PathValue("name"))
	if err != nil {
		return err
	}
	names, err := s.Store.AnnouncementReactionNames(ctx, a.ID)
	if err != nil {
		return err
	}
	if len(names) >= maxAnnouncementReactions && !slices.Contains(names, name) {
		return badRequest("Validation failed: Maximum number of different reactions reached")
	}
	added, err := s.Store.AddAnnouncementReaction(ctx, a.ID, v.user.ID, name)
	if err != nil {
		return err
	}
	if added {
		s.publishAnnouncement(ctx, eventAnnouncementReaction, a.ID, name) // announcements_stream.go
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// unreactAnnouncement is DELETE /api/v1/announcements/:id/reactions/:name: the user's
// reaction is removed, if there is one.
func (s *Service) unreactAnnouncement(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	a, err := s.activeAnnouncement(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	name := strings.Trim(strings.TrimSpace(r.PathValue("name")), ":")
	removed, err := s.Store.RemoveAnnouncementReaction(ctx, a.ID, v.user.ID, name)
	if err != nil {
		return err
	}
	if removed {
		s.publishAnnouncement(ctx, eventAnnouncementReaction, a.ID, name)
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// announcementReactionName checks the name of a reaction: one unicode emoji, or the shortcode
// (with or without colons) of a custom emoji of this server; anything else is a 422.
func (s *Service) announcementReactionName(ctx context.Context, raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case name == "" || len(name) > activity.MaxReactionBytes:
		return "", badRequest("Validation failed: Name is not a recognized emoji")
	case activity.IsEmoji(name):
		return name, nil
	}
	code := strings.Trim(name, ":")
	if _, ok := s.localEmoji(ctx, code); ok {
		return code, nil
	}
	return "", badRequest("Validation failed: Name is not a recognized emoji")
}

// renderAnnouncements renders announcements for the viewer: read and me for a signed-in user,
// left out for an app or the streams (as Mastodon renders them without a user).
func (s *Service) renderAnnouncements(ctx context.Context, v *viewer, list []*store.Announcement) ([]Announcement, error) {
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	userID := ""
	if v != nil && v.user != nil {
		userID = v.user.ID
	}
	read, err := s.Store.AnnouncementsRead(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	reactions, err := s.Store.AnnouncementReactions(ctx, ids, userID)
	if err != nil {
		return nil, err
	}
	out := make([]Announcement, 0, len(list))
	for _, a := range list {
		e, err := s.renderAnnouncement(ctx, a)
		if err != nil {
			return nil, err
		}
		if userID != "" {
			e.Read = boolPtr(read[a.ID])
		}
		for _, rc := range reactions[a.ID] {
			re := Reaction{Name: rc.Name, Count: rc.Count, Me: rc.Me}
			if em, ok := s.localEmoji(ctx, rc.Name); ok {
				re.URL, re.StaticURL = strPtr(em.URL), strPtr(em.StaticURL)
			}
			e.Reactions = append(e.Reactions, re)
		}
		out = append(out, e)
	}
	return out, nil
}

// renderAnnouncement renders what does not depend on the viewer: the text as a local user's
// (escaped, links, mentions of known accounts, hashtags), the statuses it links to that
// anyone may see, no reactions.
func (s *Service) renderAnnouncement(ctx context.Context, a *store.Announcement) (Announcement, error) {
	e := Announcement{ID: a.ID, AllDay: a.AllDay, PublishedAt: formatTime(a.PublishedAt), UpdatedAt: formatTime(a.UpdatedAt),
		Mentions: []AnnouncementAccount{}, Statuses: []AnnouncementStatus{}, Tags: []Tag{}, Emojis: []CustomEmoji{},
		Reactions: []Reaction{}}
	if a.StartsAt != nil {
		e.StartsAt = strPtr(formatTime(*a.StartsAt))
	}
	if a.EndsAt != nil {
		e.EndsAt = strPtr(formatTime(*a.EndsAt))
	}
	var lookupErr error
	f := markup.Format(a.Text, markup.FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			u, err := s.resolveHandle(ctx, nick, domain) // stored accounts only: no lookups elsewhere
			if err != nil {
				if !errors.Is(err, store.ErrNotFound) {
					lookupErr = err
				}
				return "", false
			}
			e.Mentions = append(e.Mentions, AnnouncementAccount{ID: u.ID, Username: u.Nickname,
				URL: firstNonEmpty(u.URL, u.APID), Acct: u.Handle()})
			return firstNonEmpty(u.URL, u.APID), true
		},
		HashtagURL: func(tag string) string { return s.BaseURL + "/tags/" + url.PathEscape(tag) },
	})
	if lookupErr != nil {
		return Announcement{}, lookupErr
	}
	e.Content = f.HTML
	for _, tag := range f.Hashtags {
		e.Tags = append(e.Tags, Tag{Name: tag, URL: s.BaseURL + "/tags/" + url.PathEscape(tag)})
	}
	statuses, err := s.linkedStatuses(ctx, a.Text)
	if err != nil {
		return Announcement{}, err
	}
	e.Statuses = statuses
	used, err := s.usedEmoji(ctx, a.Text) // custom_emojis.go
	if err != nil {
		return Announcement{}, err
	}
	for _, em := range used {
		e.Emojis = append(e.Emojis, customEmojiOf(em))
	}
	return e, nil
}

// textURL finds the http(s) URLs of a text.
var textURL = regexp.MustCompile(`https?://[^\s<>"']+`)

// maxLinkedStatuses bounds the status lookups of one announcement.
const maxLinkedStatuses = 10

// linkedStatuses returns the statuses of this server that the text links to (by their web
// URL /@nick/ID or their ActivityPub id) and that anyone may see.
func (s *Service) linkedStatuses(ctx context.Context, text string) ([]AnnouncementStatus, error) {
	out := []AnnouncementStatus{}
	seen := map[string]bool{}
	for _, link := range textURL.FindAllString(text, maxLinkedStatuses) {
		link = strings.TrimRight(link, ".,;:!?)")
		path, ok := strings.CutPrefix(link, s.BaseURL+"/")
		if !ok {
			continue
		}
		var o *store.Object
		var err error
		if seg := strings.Split(path, "/"); len(seg) == 2 && strings.HasPrefix(seg[0], "@") {
			o, err = s.Store.ObjectByID(ctx, seg[1])
		} else {
			o, err = s.Store.ObjectByAPID(ctx, link)
		}
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if (o.Type != "Note" && o.Type != "Question") || seen[o.ID] {
			continue
		}
		if ok, err := s.Store.CanView(ctx, o, ""); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		seen[o.ID] = true
		out = append(out, AnnouncementStatus{ID: o.ID, URL: link})
	}
	return out, nil
}
