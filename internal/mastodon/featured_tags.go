package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// FeaturedTag is the Mastodon FeaturedTag entity.
type FeaturedTag struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	URL           string  `json:"url"`
	StatusesCount string  `json:"statuses_count"`
	LastStatusAt  *string `json:"last_status_at"`
}

// renderFeaturedTags renders an account's featured tags (relationships) with how the account
// uses each (one query).
func (s *Service) renderFeaturedTags(ctx context.Context, u *store.User, rels []*store.Relationship) ([]FeaturedTag, error) {
	names := make([]string, 0, len(rels))
	for _, rel := range rels {
		names = append(names, rel.Object)
	}
	uses, err := s.Store.TagUses(ctx, u.APID, names)
	if err != nil {
		return nil, err
	}
	profile := firstNonEmpty(u.URL, u.APID)
	if u.Local {
		profile = s.BaseURL + "/@" + u.Nickname
	}
	out := make([]FeaturedTag, 0, len(rels))
	for _, rel := range rels {
		use := uses[rel.Object]
		ft := FeaturedTag{ID: rel.ID, Name: rel.Object, URL: profile + "/tagged/" + url.PathEscape(rel.Object),
			StatusesCount: strconv.Itoa(use.Statuses)}
		if use.Statuses > 0 {
			ft.LastStatusAt = strPtr(use.Last.UTC().Format("2006-01-02"))
		}
		out = append(out, ft)
	}
	return out, nil
}

// featuredTagsOf returns an account's featured tags, oldest first.
func (s *Service) featuredTagsOf(ctx context.Context, u *store.User) ([]FeaturedTag, error) {
	rels, err := s.Store.RelationshipPage(ctx, store.RelFeaturedTag, u.APID, true, store.Page{Limit: 200})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(rels)-1; i < j; i, j = i+1, j-1 {
		rels[i], rels[j] = rels[j], rels[i]
	}
	return s.renderFeaturedTags(ctx, u, rels)
}

// featuredTags is GET /api/v1/featured_tags: the viewer's.
func (s *Service) featuredTags(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.featuredTagsOf(r.Context(), v.user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// accountFeaturedTags is GET /api/v1/accounts/:id/featured_tags.
func (s *Service) accountFeaturedTags(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.featuredTagsOf(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// feature adds name to the viewer's featured tags (422 past the limit the instance advertises,
// maxFeaturedTags, or when featured).
func (s *Service) feature(ctx context.Context, v *viewer, name string) (*store.Relationship, error) {
	if has, err := s.Store.HasRelationship(ctx, store.RelFeaturedTag, v.user.APID, name); err != nil {
		return nil, err
	} else if has {
		return nil, badRequest("Validation failed: Name has already been taken")
	}
	n, err := s.Store.CountRelationshipsBy(ctx, store.RelFeaturedTag, v.user.APID)
	if err != nil {
		return nil, err
	}
	if n >= maxFeaturedTags {
		return nil, badRequest("Validation failed: You can only feature up to 10 hashtags")
	}
	rel := &store.Relationship{Type: store.RelFeaturedTag, Actor: v.user.APID, Object: name}
	if _, err := s.Store.PutRelationship(ctx, rel); err != nil {
		return nil, err
	}
	return rel, nil
}

// createFeaturedTag is POST /api/v1/featured_tags (name, with or without '#').
func (s *Service) createFeaturedTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	raw := p.String("name")
	if raw == "" {
		return badRequest("Validation failed: Name can't be blank")
	}
	name, ok := markup.NormalizeHashtag(raw)
	if !ok {
		return badRequest("Validation failed: Name is invalid")
	}
	rel, err := s.feature(r.Context(), v, name)
	if err != nil {
		return err
	}
	list, err := s.renderFeaturedTags(r.Context(), v.user, []*store.Relationship{rel})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[0])
	return nil
}

// deleteFeaturedTag is DELETE /api/v1/featured_tags/:id.
func (s *Service) deleteFeaturedTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	rel, err := s.Store.RelationshipByID(r.Context(), store.RelFeaturedTag, v.user.APID, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelFeaturedTag, v.user.APID, rel.Object); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// featuredTagSuggestions is GET /api/v1/featured_tags/suggestions: the tags the viewer used
// most recently and does not feature yet, at most 10.
func (s *Service) featuredTagSuggestions(w http.ResponseWriter, r *http.Request, v *viewer) error {
	featured, err := s.Store.RelationshipObjects(r.Context(), store.RelFeaturedTag, v.user.APID)
	if err != nil {
		return err
	}
	names, err := s.Store.RecentTags(r.Context(), v.user.APID, featured, 10)
	if err != nil {
		return err
	}
	list, err := s.renderTags(r.Context(), v, names)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// featureTag is POST /api/v1/tags/:name/feature (Mastodon 4.4).
func (s *Service) featureTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	name, err := tagName(r, "name")
	if err != nil {
		return err
	}
	if has, err := s.Store.HasRelationship(r.Context(), store.RelFeaturedTag, v.user.APID, name); err != nil {
		return err
	} else if !has {
		if _, err := s.feature(r.Context(), v, name); err != nil {
			return err
		}
	}
	return s.writeTag(w, r, v, name)
}

// unfeatureTag is POST /api/v1/tags/:name/unfeature.
func (s *Service) unfeatureTag(w http.ResponseWriter, r *http.Request, v *viewer) error {
	name, err := tagName(r, "name")
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelFeaturedTag, v.user.APID, name); err != nil {
		return err
	}
	return s.writeTag(w, r, v, name)
}
