package mastodon

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/safehttp"
	"github.com/egregoros/egregoros/internal/store"
)

// PushConfig is what Web Push deliveries need.
type PushConfig struct {
	// PublicKey and PrivateKey are the VAPID key pair (base64url), advertised to clients as
	// server_key, Application.vapid_key and the instance's configuration.vapid.public_key.
	PublicKey, PrivateKey string
	// Client sends the pushes: the outbound safehttp client. nil: nothing is sent.
	Client *safehttp.Client
	// AllowPrivate accepts http and private-address endpoints (test set-ups, as federation).
	AllowPrivate bool
	// EnqueueTx queues, inside the transaction that created the notification, the delivery
	// of one notification to one subscription (jobs.EnqueuePushTx: a River job that calls
	// DeliverPush and retries it), so a push is never lost to a crash after the commit.
	// nil: nothing is pushed.
	EnqueueTx func(ctx context.Context, tx *sql.Tx, notificationID, subscriptionID string) error
}

// pushTTL is how long a push service keeps an undelivered push (Mastodon: 48 hours).
const pushTTL = 48 * 60 * 60

// PushError is a delivery failure that retrying cannot fix (the push service refused the
// request itself); jobs cancels the job instead of retrying.
type PushError struct {
	Status int
}

func (e *PushError) Error() string   { return fmt.Sprintf("push service answered %d", e.Status) }
func (e *PushError) Permanent() bool { return true }

// QueuePushTx queues one push job per Web Push subscription of the notified user, in the
// transaction that adds the notification (activity.Pipeline.Notified): the jobs commit or
// roll back with it. Whether each push is sent (alerts, policy, visibility) is decided
// when the job runs.
func (s *Service) QueuePushTx(ctx context.Context, tx *store.Tx, n *store.Notification) error {
	if s.Push.EnqueueTx == nil {
		return nil
	}
	subs, err := tx.PushSubscriptionsOfUser(ctx, n.UserID, time.Now())
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if err := s.Push.EnqueueTx(ctx, tx.SQL(), n.ID, sub.ID); err != nil {
			return err
		}
	}
	return nil
}

// pushPayload is what the service worker of a Mastodon client decrypts.
type pushPayload struct {
	AccessToken      string `json:"access_token"`
	PreferredLocale  string `json:"preferred_locale"`
	NotificationID   string `json:"notification_id"`
	NotificationType string `json:"notification_type"`
	Icon             string `json:"icon"`
	Title            string `json:"title"`
	Body             string `json:"body"`
}

// DeliverPush sends one notification to one subscription, if the subscription (and its token)
// still exists, its alerts include the notification's type, its policy admits the account
// that caused it, and the notification's status is still visible to the user. 404 and 410
// from the push service delete the subscription; other failures are returned for a retry
// (*PushError when a retry cannot help).
func (s *Service) DeliverPush(ctx context.Context, notificationID, subscriptionID string) error {
	if s.Push.Client == nil || s.Push.PrivateKey == "" {
		return errors.New("push: Web Push is not configured")
	}
	sub, err := s.Store.PushSubscriptionByID(ctx, subscriptionID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	valid, err := s.Store.PushSubscriptionsOfUser(ctx, sub.UserID, time.Now())
	if err != nil {
		return err
	}
	if !containsPush(valid, sub.ID) {
		return nil // the token was revoked or expired
	}
	n, err := s.Store.NotificationByID(ctx, sub.UserID, notificationID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // dismissed, or undone
	}
	if err != nil {
		return err
	}
	if !sub.Alerts[n.Type] {
		return nil
	}
	u, err := s.Store.UserByID(ctx, sub.UserID)
	if err != nil {
		return err
	}
	if ok, err := s.pushPolicyAllows(ctx, sub.Policy, u, n.Actor); err != nil || !ok {
		return err
	}
	// The user's own view: a status they can no longer see, a filtered one or a gone account
	// is not pushed.
	items, err := s.renderNotifications(ctx, &viewer{user: u, scopes: []string{ScopeRead}}, []*store.Notification{n})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	payload, err := json.Marshal(pushPayloadOf(&items[0]))
	if err != nil {
		return err
	}
	ctx = safehttp.WithRequestTimeout(ctx, 20*time.Second)
	ctx = safehttp.WithMaxBodyBytes(ctx, 64<<10)
	resp, err := webpush.SendNotificationWithContext(ctx, payload,
		&webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{Auth: sub.Auth, P256dh: sub.P256dh}},
		&webpush.Options{HTTPClient: pushHTTP{s.Push.Client}, Subscriber: s.pushSubscriber(), TTL: pushTTL,
			Urgency: webpush.UrgencyNormal, VAPIDPublicKey: s.Push.PublicKey, VAPIDPrivateKey: s.Push.PrivateKey})
	if err != nil {
		return fmt.Errorf("push to %s: %w", hostOf(sub.Endpoint), err)
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return s.Store.DeletePushSubscription(ctx, sub.ID)
	case resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusUnauthorized ||
		resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusRequestEntityTooLarge:
		return &PushError{Status: resp.StatusCode}
	}
	return fmt.Errorf("push to %s: status %d", hostOf(sub.Endpoint), resp.StatusCode)
}

func containsPush(subs []*store.PushSubscription, id string) bool {
	for _, p := range subs {
		if p.ID == id {
			return true
		}
	}
	return false
}

// pushPolicyAllows applies data[policy] to the account that caused a notification.
func (s *Service) pushPolicyAllows(ctx context.Context, policy string, u *store.User, actor string) (bool, error) {
	switch policy {
	case store.PushPolicyAll:
		return true, nil
	case store.PushPolicyFollowed:
		return s.Store.HasRelationship(ctx, store.RelFollow, u.APID, actor)
	case store.PushPolicyFollower:
		return s.Store.HasRelationship(ctx, store.RelFollow, actor, u.APID)
	}
	return false, nil
}

// pushPayloadOf builds the Mastodon web-push payload of a rendered notification. There is no
// access_token: tokens are stored only as digests, so the client's own token must do.
func pushPayloadOf(n *Notification) pushPayload {
	name := n.Account.DisplayName
	if name == "" {
		name = n.Account.Username
	}
	titles := map[string]string{
		"mention":        "%s mentioned you",
		"status":         "%s just posted",
		"reblog":         "%s boosted your post",
		"follow":         "%s followed you",
		"follow_request": "%s requested to follow you",
		"favourite":      "%s favourited your post",
		"poll":           "A poll by %s has ended",
		"update":         "%s edited a post",
	}
	title := name
	if f, ok := titles[n.Type]; ok {
		title = fmt.Sprintf(f, name)
	}
	body := ""
	if n.Status != nil {
		body = n.Status.SpoilerText
		if body == "" {
			body = markup.StripTags(n.Status.Content)
		}
	} else {
		body = markup.StripTags(n.Account.Note)
	}
	return pushPayload{PreferredLocale: "en", NotificationID: n.ID, NotificationType: n.Type,
		Icon: n.Account.AvatarStatic, Title: title, Body: truncateRunes(strings.TrimSpace(body), 140)}
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// pushSubscriber is the VAPID sub claim: the server's https URL (webpush-go turns anything else
// into a mailto:).
func (s *Service) pushSubscriber() string {
	if strings.HasPrefix(s.BaseURL, "https:") {
		return s.BaseURL
	}
	return "admin@" + hostOf(s.BaseURL)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return ""
}

// pushHTTP sends webpush-go's request through safehttp, the only outbound client.
type pushHTTP struct{ c *safehttp.Client }

func (h pushHTTP) Do(req *http.Request) (*http.Response, error) {
	resp, err := h.c.Do(req)
	if err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: resp.Status, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(resp.Body)),
		Request: req}, nil
}
