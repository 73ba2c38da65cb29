package federation

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// ActorDocument renders a local user as an ActivityPub actor.
func (s *Service) ActorDocument(u *store.User) map[string]any {
	doc := map[string]any{
		"@context":                  Context,
		"id":                        u.APID,
		"type":                      u.ActorType,
		"preferredUsername":         u.Nickname,
		"name":                      u.Name,
		"summary":                   u.Bio,
		"url":                       firstOf(u.URL, u.APID),
		"inbox":                     u.Inbox,
		"outbox":                    u.Outbox,
		"followers":                 u.FollowersURL,
		"following":                 u.FollowingURL,
		"manuallyApprovesFollowers": u.Locked,
		"discoverable":              u.Discoverable,
		"published":                 u.CreatedAt.UTC().Format(time.RFC3339),
		"endpoints":                 map[string]any{"sharedInbox": s.BaseURL + "/inbox"},
		"publicKey": map[string]any{
			"id":           u.APID + "#main-key",
			"owner":        u.APID,
			"publicKeyPem": u.PublicKey,
		},
		"attachment":  propertyValues(u.Fields),
		"tag":         emojiTags(u.Emojis),
		"alsoKnownAs": nonNilStrings(u.AlsoKnownAs),
	}
	if u.FeaturedURL != "" {
		doc["featured"] = u.FeaturedURL
	}
	if u.Nickname == InstanceActorNickname {
		doc["preferredUsername"] = s.Host()
	}
	if u.AvatarURL != "" {
		doc["icon"] = map[string]any{"type": "Image", "url": u.AvatarURL}
	}
	if u.HeaderURL != "" {
		doc["image"] = map[string]any{"type": "Image", "url": u.HeaderURL}
	}
	if u.MovedTo != "" {
		doc["movedTo"] = u.MovedTo
	}
	return doc
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func propertyValues(raw json.RawMessage) []any {
	var fields []struct{ Name, Value string }
	_ = json.Unmarshal(raw, &fields)
	out := []any{}
	for _, f := range fields {
		out = append(out, map[string]any{"type": "PropertyValue", "name": f.Name, "value": f.Value})
	}
	return out
}

func emojiTags(raw json.RawMessage) []any {
	var emojis []struct {
		Shortcode string `json:"shortcode"`
		URL       string `json:"url"`
	}
	_ = json.Unmarshal(raw, &emojis)
	out := []any{}
	for _, e := range emojis {
		out = append(out, map[string]any{"type": "Emoji", "name": ":" + e.Shortcode + ":",
			"icon": map[string]any{"type": "Image", "url": e.URL}})
	}
	return out
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
