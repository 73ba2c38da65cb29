package federation

import (
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// ActorDocument renders a local user as an ActivityPub actor (the instance actor's
// preferredUsername is the host, as Mastodon's is).
func (s *Service) ActorDocument(u *store.User) map[string]any {
	doc := activity.ActorDocument(u, s.BaseURL)
	if u.Nickname == InstanceActorNickname {
		doc["preferredUsername"] = s.Host()
	}
	return doc
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// actor serves GET /users/{nickname}: the actor document to ActivityPub clients, a redirect to
// the profile page to browsers.
func (s *Service) actor(w http.ResponseWriter, r *http.Request, _ *store.User) {
	nick := r.PathValue("nickname")
	u, err := s.localActor(r.Context(), nick)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Nickname == InstanceActorNickname) {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	if s.goneIfDeleted(w, r, u) {
		return
	}
	if !wantsActivityJSON(r) {
		http.Redirect(w, r, firstOf(u.URL, s.BaseURL+"/@"+u.Nickname), http.StatusFound)
		return
	}
	writeAP(w, http.StatusOK, s.ActorDocument(u))
}

// instanceActor serves GET /actor.
func (s *Service) instanceActor(w http.ResponseWriter, r *http.Request) {
	u, err := s.EnsureInstanceActor(r.Context())
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	writeAP(w, http.StatusOK, s.ActorDocument(u))
}
