package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// TagEntity is the Mastodon Tag entity as the tags API returns it: with its use over the
// last week and, for a signed-in viewer, whether they follow and feature it.
type TagEntity struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	URL       string       `json:"url"`
	History   []TagHistory `json:"history"`
	Following *bool        `json:"following,omitempty"`
	Featuring *bool        `json:"featuring,omitempty"`
}

// TagHistory is one day of a tag's use.
type TagHistory struct {
	Day      string `json:"day"`
	Uses     string `json:"uses"`
	Accounts string `json:"accounts"`
}

// tagHistoryDays is how many days Tag.history covers (Mastodon: a week).
const tagHistoryDays = 7

// maxFollowedTagsInHome bounds how many followed tags the home timeline looks for.
const maxFollowedTagsInHome = 200

// renderTags renders tags for the viewer: their history (one query each) and the viewer's
// following and featuring (one query).
func (s *Service) renderTags(ctx context.Context, v *viewer, names []string) ([]TagEntity, error) {
	var mine map[string]map[string]*store.Relationship
	if v.apID() != "" {
		var err error
		if mine, err = s.Store.RelationshipsOf(ctx, v.apID(), []string{store.RelFollowTag, store.RelFeaturedTag}, names); err != nil {
			return nil, err
		}
	}
	now := time.Now()
	out := make([]TagEntity, 0, len(names))
	for _, name := range names {
		days, err := s.Store.TagHistory(ctx, name, tagHistoryDays, now)
		if err != nil {
			return nil, err
		}
		t := TagEntity{ID: name, Name: name, URL: s.BaseURL + "/tags/" + url.PathEscape(name), History: make([]TagHistory, 0, len(days))}
		for _, d := range days {
			t.History = append(t.History, TagHistory{Day: strconv.FormatInt(d.Day.Unix(), 10), Uses: strconv.Itoa(d.Uses),
				Accounts: strconv.Itoa(d.Accounts)})
		}
		if v.apID() != "" {
			t.Following = boolPtr(mine[name][store.RelFollowTag] != nil)
			t.Featuring = boolPtr(mine[name][store.RelFeaturedTag] != nil)
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Service) writeTag(w http.ResponseWriter, r *http.Request, v *viewer, name string) error {
	list, err := s.renderTags(r.Context(), v, []string{name})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[0])
	return nil
}

// tagName reads the tag of the path (404 when it is not a hashtag).
func tagName(r *http.Request, key string) (string, error) {
	name, ok := markup.NormalizeHashtag(r.PathValue(key))
	if !ok {
		return "", errNotFound
	}
	return name, nil
}

// showTag is GET /api/v1/tags/:name.
func (s *Service) showTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	name, err := tagName(r, "name")
	if err != nil {
		return err
	}
	return s.writeTag(w, r, v, name)
}

// followTag is POST /api/v1/tags/:name/follow: the tag's public posts join the home timeline.
func (s *Service) followTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	name, err := tagName(r, "name")
	if err != nil {
		return err
	}
	if _, err := s.Store.PutRelationship(r.Context(), &store.Relationship{Type: store.RelFollowTag, Actor: v.user.APID, Object: name}); err != nil {
		return err
	}
	return s.writeTag(w, r, v, name)
}

// unfollowTag is POST /api/v1/tags/:name/unfollow.
func (s *Service) unfollowTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	name, err := tagName(r, "name")
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelFollowTag, v.user.APID, name); err != nil {
		return err
	}
	return s.writeTag(w, r, v, name)
}

// followedTags is GET /api/v1/followed_tags: latest followed first, paged by the follow
// (Link header; 100 by default, at most 200).
func (s *Service) followedTags(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := page(r, 200)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("limit") == "" {
		p.Limit = 100
	}
	rels, err := s.Store.RelationshipPage(r.Context(), store.RelFollowTag, v.user.APID, true, p)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(rels))
	for _, rel := range rels {
		names = append(names, rel.Object)
	}
	list, err := s.renderTags(r.Context(), v, names)
	if err != nil {
		return err
	}
	if len(rels) > 0 {
		setLink(w, r, s, rels[0].ID, rels[len(rels)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// organizedTimeline runs a timeline query with what the viewer hides (blocked domains,
// exclusive lists) and, for the home timeline, adds the public posts of the tags the viewer
// follows: a second query over the same page, merged by id.
func (s *Service) organizedTimeline(ctx context.Context, v *viewer, t store.Timeline) ([]*store.Object, error) {
	var err error
	if t.Hiding, err = s.hiding(ctx, v, t); err != nil {
		return nil, err
	}
	rows, err := s.Store.Timeline(ctx, t)
	if err != nil || !t.Home || v.apID() == "" {
		return rows, err
	}
	tags, err := s.Store.RelationshipObjects(ctx, store.RelFollowTag, v.apID())
	if err != nil || len(tags) == 0 {
		return rows, err
	}
	if len(tags) > maxFollowedTagsInHome {
		tags = tags[:maxFollowedTagsInHome]
	}
	more, err := s.Store.Timeline(ctx, store.Timeline{Viewer: t.Viewer, Public: true, Tags: tags, OnlyMedia: t.OnlyMedia,
		Page: t.Page, MinIDAscend: t.MinIDAscend, Hiding: t.Hiding})
	if err != nil {
		return nil, err
	}
	return mergeNewestFirst(rows, more, t.Page, t.MinIDAscend), nil
}

// mergeNewestFirst merges two pages (each newest first, each the page of its query) into the
// page of their union: the newest limit rows, or, for the page right after min_id, the oldest
// limit rows above it.
func mergeNewestFirst(a, b []*store.Object, p store.Page, ascend bool) []*store.Object {
	seen := make(map[string]bool, len(a)+len(b))
	all := make([]*store.Object, 0, len(a)+len(b))
	for _, o := range slices.Concat(a, b) {
		if !seen[o.ID] {
			seen[o.ID] = true
			all = append(all, o)
		}
	}
	slices.SortFunc(all, func(x, y *store.Object) int { return -compareStrings(x.ID, y.ID) })
	limit := p.Limit
	if limit <= 0 || limit > 40 {
		limit = 20
	}
	if len(all) <= limit {
		return all
	}
	if ascend && p.MinID != "" {
		return all[len(all)-limit:]
	}
	return all[:limit]
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// followsTagOf reports whether a public status carries a tag the viewer follows (the user
// stream's share of followed tags).
func (s *Service) followsTagOf(ctx context.Context, v *viewer, public bool, tags []string) (bool, error) {
	if !public || len(tags) == 0 || v.apID() == "" {
		return false, nil
	}
	has, err := s.Store.RelationshipsOf(ctx, v.apID(), []string{store.RelFollowTag}, tags)
	return len(has) > 0, err
}
