package federation

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/egregoros/egregoros/internal/store"
)

const collectionPageSize = 20

// collection writes an OrderedCollection, or one OrderedCollectionPage of it when the request
// asks for a page (?page=true, or ?max_id=…). items returns a page of items and the cursor of
// the last one.
func collection(w http.ResponseWriter, r *http.Request, id string, total int,
	items func(ctx context.Context, maxID string) ([]any, string, error)) {
	q := r.URL.Query()
	if q.Get("page") == "" && q.Get("max_id") == "" {
		writeAP(w, http.StatusOK, map[string]any{
			"@context":   "https://www.w3.org/ns/activitystreams",
			"id":         id,
			"type":       "OrderedCollection",
			"totalItems": total,
			"first":      id + "?page=true",
		})
		return
	}
	maxID := q.Get("max_id")
	page, last, err := items(r.Context(), maxID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	pageID := id + "?page=true"
	if maxID != "" {
		pageID += "&max_id=" + url.QueryEscape(maxID)
	}
	doc := map[string]any{
		"@context":     "https://www.w3.org/ns/activitystreams",
		"id":           pageID,
		"type":         "OrderedCollectionPage",
		"partOf":       id,
		"totalItems":   total,
		"orderedItems": page,
	}
	if len(page) == collectionPageSize && last != "" {
		doc["next"] = id + "?page=true&max_id=" + url.QueryEscape(last)
	}
	if maxID != "" {
		doc["prev"] = id + "?page=true"
	}
	writeAP(w, http.StatusOK, doc)
}

// owner finds the local user of a collection path, writing 404 when there is none.
func (s *Service) owner(w http.ResponseWriter, r *http.Request) *store.User {
	u, err := s.localActor(r.Context(), r.PathValue("nickname"))
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "Record not found")
		return nil
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return nil
	}
	return u
}

// outbox serves an actor's public activities.
func (s *Service) outbox(w http.ResponseWriter, r *http.Request, _ *store.User) {
	u := s.owner(w, r)
	if u == nil {
		return
	}
	total, err := s.Store.CountOutbox(r.Context(), u.APID)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	collection(w, r, u.Outbox, total, func(ctx context.Context, maxID string) ([]any, string, error) {
		rows, err := s.Store.Outbox(ctx, u.APID, store.Page{MaxID: maxID, Limit: collectionPageSize})
		if err != nil {
			return nil, "", err
		}
		items := make([]any, 0, len(rows))
		last := ""
		for _, o := range rows {
			var doc map[string]any
			if err := json.Unmarshal(o.Data, &doc); err != nil {
				continue
			}
			items = append(items, PublicView(doc))
			last = o.ID
		}
		return items, last, nil
	})
}

// followers and following list actor ids.
func (s *Service) followers(w http.ResponseWriter, r *http.Request, _ *store.User) {
	s.graph(w, r, false)
}
func (s *Service) following(w http.ResponseWriter, r *http.Request, _ *store.User) {
	s.graph(w, r, true)
}

func (s *Service) graph(w http.ResponseWriter, r *http.Request, following bool) {
	u := s.owner(w, r)
	if u == nil {
		return
	}
	var total int
	var err error
	id := u.FollowersURL
	if following {
		id = u.FollowingURL
		total, err = s.Store.CountRelationshipsBy(r.Context(), store.RelFollow, u.APID)
	} else {
		total, err = s.Store.CountRelationships(r.Context(), store.RelFollow, u.APID)
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	collection(w, r, id, total, func(ctx context.Context, maxID string) ([]any, string, error) {
		rels, err := s.Store.RelationshipPage(ctx, store.RelFollow, u.APID, following, store.Page{MaxID: maxID, Limit: collectionPageSize})
		if err != nil {
			return nil, "", err
		}
		items := make([]any, 0, len(rels))
		last := ""
		for _, rel := range rels {
			if following {
				items = append(items, rel.Object)
			} else {
				items = append(items, rel.Actor)
			}
			last = rel.ID
		}
		return items, last, nil
	})
}

// featured serves the actor's pinned public and unlisted statuses.
func (s *Service) featured(w http.ResponseWriter, r *http.Request, _ *store.User) {
	u := s.owner(w, r)
	if u == nil {
		return
	}
	rows, err := s.Store.PinnedStatuses(r.Context(), u.APID, "")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	items := make([]any, 0, len(rows))
	for _, o := range rows {
		var doc map[string]any
		if json.Unmarshal(o.Data, &doc) == nil {
			items = append(items, PublicView(doc))
		}
	}
	writeAP(w, http.StatusOK, map[string]any{
		"@context":     "https://www.w3.org/ns/activitystreams",
		"id":           u.FeaturedURL,
		"type":         "OrderedCollection",
		"totalItems":   len(items),
		"orderedItems": items,
	})
}

// PublicView turns a stored document into what leaves the server: bto and bcc removed (also
// from an embedded object), and poll votes (stored as Answer) sent as the Note with a name
// that Mastodon, Pleroma and Misskey expect.
func PublicView(doc map[string]any) map[string]any {
	delete(doc, "bto")
	delete(doc, "bcc")
	if doc["type"] == "Answer" {
		doc["type"] = "Note"
	}
	if inner, ok := doc["object"].(map[string]any); ok {
		delete(inner, "bto")
		delete(inner, "bcc")
		if inner["type"] == "Answer" {
			inner["type"] = "Note"
		}
	}
	if _, ok := doc["@context"]; !ok {
		doc["@context"] = "https://www.w3.org/ns/activitystreams"
	}
	return doc
}
