package mastodon

import (
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// Web Push subscriptions (POST/GET/PUT/DELETE /api/v1/push/subscription): one per access
// token, as Mastodon keeps them. Deliveries are in push_deliver.go.

// pushAlertTypes are the data[alerts][…] a subscription may enable, each a notification type
// (Pleroma's pleroma:emoji_reaction among them, as Pleroma and Akkoma offer it).
var pushAlertTypes = []string{"mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update",
	"admin.sign_up", "admin.report", store.NotifyReaction}

var pushPolicies = []string{store.PushPolicyAll, store.PushPolicyFollowed, store.PushPolicyFollower, store.PushPolicyNone}

// maxPushEndpoint bounds an endpoint URL (push services' URLs are a few hundred bytes).
const maxPushEndpoint = 2048

// WebPushSubscription is the Mastodon entity.
type WebPushSubscription struct {
	ID        string          `json:"id"`
	Endpoint  string          `json:"endpoint"`
	Standard  bool            `json:"standard"`
	Alerts    map[string]bool `json:"alerts"`
	ServerKey string          `json:"server_key"`
	Policy    string          `json:"policy"`
}

func (s *Service) renderPush(p *store.PushSubscription) WebPushSubscription {
	alerts := make(map[string]bool, len(pushAlertTypes))
	for _, t := range pushAlertTypes {
		alerts[t] = p.Alerts[t]
	}
	return WebPushSubscription{ID: p.ID, Endpoint: p.Endpoint, Standard: p.Standard, Alerts: alerts,
		ServerKey: s.Push.PublicKey, Policy: p.Policy}
}

// pushData reads data[alerts][…] and data[policy] (or a top-level policy) over the current
// values.
func pushData(p *params, alerts map[string]bool, policy string) (map[string]bool, string, error) {
	out := map[string]bool{}
	for _, t := range pushAlertTypes {
		out[t] = alerts[t]
		v, given, err := p.Bool("data[alerts][" + t + "]")
		if err != nil {
			return nil, "", err
		}
		if given {
			out[t] = v
		}
	}
	for _, k := range []string{"data[policy]", "policy"} {
		if p.Has(k) {
			policy = p.String(k)
			break
		}
	}
	if !slices.Contains(pushPolicies, policy) {
		return nil, "", badRequest("policy must be one of all, followed, follower, none")
	}
	return out, policy, nil
}

// createPush is POST /api/v1/push/subscription: replaces the token's subscription.
func (s *Service) createPush(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if s.Push.PublicKey == "" {
		return errorf(http.StatusServiceUnavailable, "Web Push is not configured on this server")
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	endpoint := strings.TrimSpace(p.String("subscription[endpoint]"))
	if err := s.checkPushEndpoint(endpoint); err != nil {
		return err
	}
	key, auth := p.String("subscription[keys][p256dh]"), p.String("subscription[keys][auth]")
	if err := checkPushKeys(key, auth); err != nil {
		return err
	}
	// standard: Mastodon 4.4 encrypts for a subscription made with standard=true by RFC 8291
	// (aes128gcm), for the others with the legacy draft (aesgcm); so do we (DeliverPush).
	standard, _, err := p.Bool("subscription[standard]")
	if err != nil {
		return err
	}
	alerts, policy, err := pushData(p, nil, store.PushPolicyAll)
	if err != nil {
		return err
	}
	sub := &store.PushSubscription{TokenID: v.token.ID, UserID: v.user.ID, Endpoint: endpoint, P256dh: key, Auth: auth,
		Standard: standard, Alerts: alerts, Policy: policy}
	if err := s.Store.ReplacePushSubscription(r.Context(), sub); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.renderPush(sub))
	return nil
}

// showPush is GET /api/v1/push/subscription.
func (s *Service) showPush(w http.ResponseWriter, r *http.Request, v *viewer) error {
	sub, err := s.Store.PushSubscriptionByToken(r.Context(), v.token.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.renderPush(sub))
	return nil
}

// updatePush is PUT /api/v1/push/subscription: changes alerts and policy only.
func (s *Service) updatePush(w http.ResponseWriter, r *http.Request, v *viewer) error {
	sub, err := s.Store.PushSubscriptionByToken(r.Context(), v.token.ID)
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	if sub.Alerts, sub.Policy, err = pushData(p, sub.Alerts, sub.Policy); err != nil {
		return err
	}
	if err := s.Store.UpdatePushData(r.Context(), v.token.ID, sub.Alerts, sub.Policy); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.renderPush(sub))
	return nil
}

// deletePush is DELETE /api/v1/push/subscription: {} whether or not there was one.
func (s *Service) deletePush(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := s.Store.DeletePushSubscriptionOfToken(r.Context(), v.token.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// checkPushEndpoint accepts an https URL that safehttp may reach (http too, and private
// addresses, only when the server federates privately: tests).
func (s *Service) checkPushEndpoint(endpoint string) error {
	if endpoint == "" || len(endpoint) > maxPushEndpoint {
		return badRequest("subscription[endpoint] must be an https URL of at most 2048 bytes")
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "https" && !(s.Push.AllowPrivate && u.Scheme == "http")) {
		return badRequest("subscription[endpoint] must be an https URL")
	}
	if err := safehttp.CheckURL(endpoint, s.Push.AllowPrivate); err != nil {
		return badRequest("subscription[endpoint] is not a reachable URL")
	}
	return nil
}

// checkPushKeys accepts a P-256 public point and a 16-byte auth secret, base64 (URL or
// standard alphabet, padded or not: browsers differ).
func checkPushKeys(p256dh, auth string) error {
	key, err := decodePushKey(p256dh)
	if err == nil {
		_, err = ecdh.P256().NewPublicKey(key)
	}
	if err != nil {
		return badRequest("subscription[keys][p256dh] must be a base64 P-256 public key")
	}
	if a, err := decodePushKey(auth); err != nil || len(a) != 16 {
		return badRequest("subscription[keys][auth] must be 16 bytes, base64")
	}
	return nil
}

func decodePushKey(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	if s == "" || len(s) > 200 {
		return nil, errors.New("empty or too long")
	}
	s = strings.NewReplacer("+", "-", "/", "_").Replace(s)
	return base64.RawURLEncoding.DecodeString(s)
}
