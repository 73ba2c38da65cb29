package federation

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// signedGet wraps the ActivityPub GET endpoints: a signed request is verified (an invalid
// signature is 401) and its signer passed on; in authorized-fetch mode an unsigned one is 401.
func (s *Service) signedGet(h func(w http.ResponseWriter, r *http.Request, signer *store.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !wantsActivityJSON(r) {
			h(w, r, nil) // browsers get redirected by the handler; no signature involved
			return
		}
		_, perr := httpsig.Parse(r)
		if errors.Is(perr, httpsig.ErrNoSignature) {
			if s.AuthorizedFetch {
				writeError(w, http.StatusUnauthorized, "Request not signed")
				return
			}
			h(w, r, nil)
			return
		}
		signer, err := s.verifySignature(r.Context(), r, nil)
		if err != nil {
			writeError(w, http.StatusUnauthorized, "Invalid signature")
			return
		}
		h(w, r, signer)
	}
}

// object serves GET /objects/{id} and /objects/{id}/activity: local objects and activities as
// JSON-LD to ActivityPub clients (public and unlisted to anyone, others only to a signer who
// may see them; 404 otherwise), a redirect to the status page to browsers, and 410 with a
// Tombstone for deleted ones.
func (s *Service) object(w http.ResponseWriter, r *http.Request, signer *store.User) {
	ctx := r.Context()
	id := s.BaseURL + r.URL.Path
	o, err := s.Store.ObjectByAPID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		dels, derr := s.Store.ObjectsByTypeAndTarget(ctx, "Delete", id)
		if derr == nil && len(dels) > 0 && dels[0].Local {
			writeAP(w, http.StatusGone, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
				"id": id, "type": "Tombstone", "deleted": dels[0].Published.Format("2006-01-02T15:04:05Z")})
			return
		}
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	if err != nil || !o.Local {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	viewer := ""
	if signer != nil {
		viewer = signer.APID
	}
	ok, err := s.Store.CanView(ctx, o, viewer)
	if err != nil || !ok {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(o.Data, &doc); err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	if !wantsActivityJSON(r) {
		if u, ok := doc["url"].(string); ok && u != "" {
			http.Redirect(w, r, u, http.StatusFound)
			return
		}
		if author, err := s.Store.UserByAPID(ctx, o.Actor); err == nil && author.Local && (o.Type == "Note" || o.Type == "Question") {
			http.Redirect(w, r, s.BaseURL+"/@"+author.Nickname+"/"+o.ID, http.StatusFound)
			return
		}
		writeError(w, http.StatusNotAcceptable, "Only ActivityPub representations are available")
		return
	}
	if o.Visibility != "public" && o.Visibility != "unlisted" {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	writeAP(w, http.StatusOK, PublicView(doc))
}
