package federation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// webfinger answers GET /.well-known/webfinger?resource=acct:nick@host (or an actor or profile
// URL of ours) with a JRD: 400 for a missing or malformed resource, 404 for anyone not ours.
func (s *Service) webfinger(w http.ResponseWriter, r *http.Request) {
	resource := strings.TrimSpace(r.URL.Query().Get("resource"))
	if resource == "" || len(resource) > 512 {
		writeError(w, http.StatusBadRequest, "resource parameter is required")
		return
	}
	nick, err := s.nicknameOf(resource)
	if errors.Is(err, errNotOurs) {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	u, err := s.localActor(r.Context(), nick)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	if _, deleted, err := s.Store.LocalActorDeletedAt(r.Context(), u.APID); err != nil || deleted {
		if err != nil {
			writeError(w, http.StatusInternalServerError, "Internal server error")
		} else {
			writeError(w, http.StatusGone, "Account deleted")
		}
		return
	}
	profile := u.URL
	if profile == "" {
		profile = u.APID
	}
	jrd := map[string]any{
		"subject": "acct:" + u.Nickname + "@" + s.Host(),
		"aliases": []string{u.APID, profile},
		"links": []map[string]string{
			{"rel": "self", "type": "application/activity+json", "href": u.APID},
			{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
			{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": s.BaseURL + "/authorize_interaction?uri={uri}"},
		},
	}
	writeJSONType(w, http.StatusOK, "application/jrd+json; charset=utf-8", jrd)
}

var errNotOurs = errors.New("not a resource of this server")

// nicknameOf extracts the local nickname from an acct: URI or one of our actor/profile URLs.
func (s *Service) nicknameOf(resource string) (string, error) {
	if rest, ok := strings.CutPrefix(resource, "acct:"); ok {
		rest = strings.TrimPrefix(rest, "@")
		nick, host, ok := strings.Cut(rest, "@")
		if !ok || nick == "" || host == "" {
			return "", fmt.Errorf("malformed acct resource %q", resource)
		}
		if !strings.EqualFold(host, s.Host()) {
			return "", errNotOurs
		}
		if strings.EqualFold(nick, s.Host()) {
			return InstanceActorNickname, nil // Mastodon names the instance actor domain@domain
		}
		return nick, nil
	}
	if strings.HasPrefix(resource, "https://") || strings.HasPrefix(resource, "http://") {
		if !strings.HasPrefix(resource, s.BaseURL+"/") {
			return "", errNotOurs
		}
		path := strings.TrimPrefix(resource, s.BaseURL)
		switch {
		case path == "/actor":
			return InstanceActorNickname, nil
		case strings.HasPrefix(path, "/users/"):
			return strings.TrimPrefix(path, "/users/"), nil
		case strings.HasPrefix(path, "/@"):
			return strings.TrimPrefix(path, "/@"), nil
		}
		return "", errNotOurs
	}
	return "", fmt.Errorf("unsupported resource %q (want acct: or an actor URL)", resource)
}

// localActor finds a local actor by nickname, the instance actor included.
func (s *Service) localActor(ctx context.Context, nick string) (*store.User, error) {
	if nick == "" || strings.ContainsAny(nick, "/?#") {
		return nil, store.ErrNotFound
	}
	return s.Store.LocalUser(ctx, nick)
}

// hostMeta answers GET /.well-known/host-meta with the XRD that points at WebFinger.
func (s *Service) hostMeta(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xrd+xml; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" template="%s/.well-known/webfinger?resource={uri}"/>
</XRD>
`, xmlEscape(s.BaseURL))
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
