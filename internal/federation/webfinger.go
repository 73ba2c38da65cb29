package federation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
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
			{"rel": relSubscribe, "template": s.BaseURL + "/authorize_interaction?uri={uri}"},
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

// webfingerLookup fetches the JRD of acct:nick@domain from domain's WebFinger.
func (s *Service) webfingerLookup(ctx context.Context, nick, domain string) (ap.Object, error) {
	scheme := "https"
	if s.AllowPrivate && strings.HasPrefix(s.BaseURL, "http://") {
		scheme = "http"
	}
	wf := scheme + "://" + domain + "/.well-known/webfinger?resource=" + url.QueryEscape("acct:"+nick+"@"+domain)
	resp, err := s.Client.Get(ctx, wf, http.Header{"Accept": {"application/jrd+json, application/json"}})
	if err != nil {
		return nil, fmt.Errorf("federation: webfinger %s@%s: %w", nick, domain, err)
	}
	if resp.Status != http.StatusOK {
		return nil, permanent("federation: webfinger %s@%s: status %d", nick, domain, resp.Status)
	}
	doc, err := ap.Parse(resp.Body)
	if err != nil {
		return nil, permanent("federation: webfinger %s@%s: %v", nick, domain, err)
	}
	return doc, nil
}

// relSubscribe is the WebFinger link of remote follow: its template takes {uri}.
const relSubscribe = "http://ostatus.org/schema/1.0/subscribe"

// SubscribeTemplate returns the remote-follow template nick@domain's server advertises in its
// WebFinger (the link http://ostatus.org/schema/1.0/subscribe, as Mastodon serves it): an
// http(s) URL with {uri} in it, where the web UI sends a visitor who wants to follow one of
// our accounts from there.
func (s *Service) SubscribeTemplate(ctx context.Context, nick, domain string) (string, error) {
	doc, err := s.webfingerLookup(ctx, nick, domain)
	if err != nil {
		return "", err
	}
	for _, l := range doc.Objects("links") {
		t := l.String("template")
		if l.String("rel") != relSubscribe || !strings.Contains(t, "{uri}") {
			continue
		}
		if strings.HasPrefix(t, "https://") || (s.AllowPrivate && strings.HasPrefix(t, "http://")) {
			return t, nil
		}
	}
	return "", permanent("federation: webfinger %s@%s: no remote follow template", nick, domain)
}
