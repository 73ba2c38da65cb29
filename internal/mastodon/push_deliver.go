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
//
// access_token is always empty. Mastodon sends the token the subscription was made with; we
// keep tokens only as digests and never store one that could be used (not even encrypted), so
// there is none to send. Clients cope: Mastodon's web client and Elk use it to fetch the
// notification (Elk also to pick the account) and otherwise show the title and body given
// here; Tusky and Ivory receive pushes through their own relays and read the notifications
// with the token they hold. The key is sent, empty, for clients that decode it as required.
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
	v := &viewer{user: u, scopes: []string{ScopeRead}}
	// A notification the user's notification policy filters or drops is not pushed (Mastodon).
	if kept, err := s.applyPolicy(ctx, v, []*store.Notification{n}); err != nil || len(kept) == 0 {
		return err
	}
	// The user's own view: a status they can no longer see, a filtered one or a gone account
	// is not pushed.
	items, err := s.renderNotifications(ctx, v, []*store.Notification{n})
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	payload, err := json.Marshal(pushPayloadOf(&items[0], userLocale(u)))
	if err != nil {
		return err
	}
	ctx = safehttp.WithRequestTimeout(ctx, 20*time.Second)
	ctx = safehttp.WithMaxBodyBytes(ctx, 64<<10)
	var resp *http.Response
	if sub.Standard { // RFC 8291 (aes128gcm)
		resp, err = webpush.SendNotificationWithContext(ctx, payload,
			&webpush.Subscription{Endpoint: sub.Endpoint, Keys: webpush.Keys{Auth: sub.Auth, P256dh: sub.P256dh}},
			&webpush.Options{HTTPClient: pushHTTP{s.Push.Client}, Subscriber: s.pushSubscriber(), TTL: pushTTL,
				Urgency: webpush.UrgencyNormal, VAPIDPublicKey: s.Push.PublicKey, VAPIDPrivateKey: s.Push.PrivateKey})
	} else { // the legacy draft (aesgcm), as Mastodon: push_aesgcm.go
		resp, err = s.sendLegacyPush(ctx, sub, payload)
	}
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

// pushTitles are the titles of pushes by language and notification type (%[1]s the account's
// name, %[2]s a reaction's emoji); languages without titles use English.
var pushTitles = map[string]map[string]string{
	"en": {
		"mention":            "%[1]s mentioned you",
		"status":             "%[1]s just posted",
		"reblog":             "%[1]s boosted your post",
		"follow":             "%[1]s followed you",
		"follow_request":     "%[1]s requested to follow you",
		"favourite":          "%[1]s favourited your post",
		"poll":               "A poll by %[1]s has ended",
		"update":             "%[1]s edited a post",
		store.NotifyReaction: "%[1]s reacted with %[2]s",
	},
	"de": {
		"mention":            "%[1]s hat dich erwähnt",
		"status":             "%[1]s hat gerade etwas gepostet",
		"reblog":             "%[1]s hat deinen Beitrag geteilt",
		"follow":             "%[1]s folgt dir",
		"follow_request":     "%[1]s möchte dir folgen",
		"favourite":          "%[1]s hat deinen Beitrag favorisiert",
		"poll":               "Eine Umfrage von %[1]s ist beendet",
		"update":             "%[1]s hat einen Beitrag bearbeitet",
		store.NotifyReaction: "%[1]s hat mit %[2]s reagiert",
	},
	"fr": {
		"mention":            "%[1]s vous a mentionné·e",
		"status":             "%[1]s vient de publier",
		"reblog":             "%[1]s a partagé votre message",
		"follow":             "%[1]s vous suit",
		"follow_request":     "%[1]s demande à vous suivre",
		"favourite":          "%[1]s a ajouté votre message à ses favoris",
		"poll":               "Un sondage de %[1]s est terminé",
		"update":             "%[1]s a modifié un message",
		store.NotifyReaction: "%[1]s a réagi avec %[2]s",
	},
	"es": {
		"mention":            "%[1]s te ha mencionado",
		"status":             "%[1]s acaba de publicar",
		"reblog":             "%[1]s ha impulsado tu publicación",
		"follow":             "%[1]s te ha seguido",
		"follow_request":     "%[1]s ha solicitado seguirte",
		"favourite":          "%[1]s ha marcado como favorita tu publicación",
		"poll":               "Una encuesta de %[1]s ha terminado",
		"update":             "%[1]s ha editado una publicación",
		store.NotifyReaction: "%[1]s ha reaccionado con %[2]s",
	},
}

// userLocale is the user's language for pushes (preferred_locale): the locale they signed up
// with, else their default posting language, else English.
func userLocale(u *store.User) string {
	var data struct {
		Locale string `json:"locale"`
	}
	_ = json.Unmarshal(u.Data, &data)
	if data.Locale != "" && localeRE.MatchString(data.Locale) { // registration.go
		return data.Locale
	}
	if lang := sourceOf(u).Language; lang != "" {
		return lang
	}
	return "en"
}

// pushPayloadOf builds the Mastodon web-push payload of a rendered notification in a locale
// (titles in its language when we have them: pushTitles). access_token stays empty (see
// pushPayload).
func pushPayloadOf(n *Notification, locale string) pushPayload {
	name := n.Account.DisplayName
	if name == "" {
		name = n.Account.Username
	}
	lang, _, _ := strings.Cut(strings.ReplaceAll(strings.ToLower(locale), "_", "-"), "-")
	titles, ok := pushTitles[lang]
	if !ok {
		titles = pushTitles["en"]
	}
	title := name
	if f, ok := titles[n.Type]; ok {
		title = fmt.Sprintf(f, name, n.Emoji)
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
	return pushPayload{PreferredLocale: locale, NotificationID: n.ID, NotificationType: n.Type,
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
