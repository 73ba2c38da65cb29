package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// notificationsMarker is the marker (shared with the API's /api/v1/markers) that records the
// newest notification the user has read.
const notificationsMarker = "notifications"

// notificationItem is one notification as the page shows it.
type notificationItem struct {
	ID        string
	Type      string
	Actor     person
	AccountID string // the actor's row id, for the follow request buttons
	Card      *card  // the status concerned (mentions, likes, boosts, polls)
	Emoji     string
	EmojiHTML template.HTML // Emoji, a custom one as its image (emoji_render.go)
	Unread    bool
	Pending   bool   // a follow request still waiting for an answer
	Answer    string // what the user just did with it: "accepted" or "rejected"
	CreatedAt time.Time
	CSRF      string
	Live      bool
}

// notificationFilters are the page's filters (?type=) and the notification types they show.
var notificationFilters = []struct {
	Name, Label string
	Types       []string
}{
	{"", "All", nil},
	{"mentions", "Mentions", []string{store.NotifyMention}},
	{"favourites", "Likes", []string{store.NotifyFavourite, store.NotifyReaction}},
	{"reblogs", "Boosts", []string{store.NotifyReblog}},
	{"follows", "Follows", []string{store.NotifyFollow, store.NotifyFollowRequest}},
	{"polls", "Polls", []string{store.NotifyPoll}},
}

// notificationsData is what the notifications page shows.
type notificationsData struct {
	Tabs   []tab
	Items  []*notificationItem
	More   string
	Live   string
	Unread int
	CSRF   string
}

// notifications is GET /notifications[?type=&max_id=]: the signed-in user's notifications,
// newest first, those newer than the read marker highlighted.
func (s *Service) notifications(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !s.signedInOnly(w, r, rq) {
		return nil
	}
	ctx := r.Context()
	filter := r.URL.Query().Get("type")
	var types []string
	d := &notificationsData{CSRF: rq.csrf, Live: "/notifications/live"}
	found := false
	for _, f := range notificationFilters {
		url := "/notifications"
		if f.Name != "" {
			url += "?type=" + f.Name
		}
		d.Tabs = append(d.Tabs, tab{Name: f.Name, Label: f.Label, URL: url, Current: f.Name == filter})
		if f.Name == filter {
			types, found = f.Types, true
		}
	}
	if !found {
		return errNotFound
	}
	maxID := validID(r.URL.Query().Get("max_id"))
	ns, err := s.opt.Store.NotificationsPage(ctx, store.NotificationFilter{UserID: rq.user.ID, Types: types,
		Page: store.Page{MaxID: maxID, Limit: pageSize}})
	if err != nil {
		return err
	}
	marker, err := s.readMarker(ctx, rq.user.ID)
	if err != nil {
		return err
	}
	if d.Items, err = s.notificationItems(ctx, rq, ns, marker); err != nil {
		return err
	}
	if len(ns) == pageSize {
		d.More = "/notifications?max_id=" + ns[len(ns)-1].ID
		if filter != "" {
			d.More += "&type=" + filter
		}
	}
	if isHTMX(r) && maxID != "" {
		s.renderPartial(w, http.StatusOK, "notifications-page", d)
		return nil
	}
	if d.Unread, err = s.opt.Store.CountUnreadNotifications(ctx, rq.user.ID, marker, 100); err != nil {
		return err
	}
	v := s.view(rq, "Notifications", d)
	v.Active = "notifications"
	s.renderPage(w, http.StatusOK, "notifications", v)
	return nil
}

func (s *Service) readMarker(ctx context.Context, userID string) (string, error) {
	ms, err := s.opt.Store.Markers(ctx, userID, []string{notificationsMarker})
	if err != nil {
		return "", err
	}
	if m := ms[notificationsMarker]; m != nil {
		return m.LastReadID, nil
	}
	return "", nil
}

// notificationItems loads what a page of notifications shows in a fixed number of queries:
// the accounts, the statuses (each checked for visibility as the API does: a notification
// about a status the user may no longer see is left out, as is one whose account is gone),
// their cards and the pending follow requests.
func (s *Service) notificationItems(ctx context.Context, rq *request, ns []*store.Notification, marker string) ([]*notificationItem, error) {
	st := s.opt.Store
	var actors, objects, requesters []string
	for _, n := range ns {
		actors = append(actors, n.Actor)
		if n.Object != "" {
			objects = append(objects, n.Object)
		}
		if n.Type == store.NotifyFollowRequest {
			requesters = append(requesters, n.Actor)
		}
	}
	users, err := st.UsersByAPIDs(ctx, actors)
	if err != nil {
		return nil, err
	}
	objs, err := st.ObjectsByAPIDs(ctx, objects)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(objs))
	for _, o := range objs {
		ids = append(ids, o.ID)
	}
	visible, err := st.VisibleIDs(ctx, ids, rq.viewer())
	if err != nil {
		return nil, err
	}
	var rows []*store.Object
	for _, o := range objs {
		if visible[o.ID] && (o.Type == "Note" || o.Type == "Question") {
			rows = append(rows, o)
		}
	}
	cards, err := s.cards(ctx, rq, rows)
	if err == nil {
		cards, err = s.filterCards(ctx, rq, filterNotifications, cards) // filters.go: a hidden status drops its notification
	}
	if err != nil {
		return nil, err
	}
	apIDOf := map[string]string{}
	for _, o := range rows {
		apIDOf[o.ID] = o.APID
	}
	byAPID := map[string]*card{}
	for _, c := range cards {
		byAPID[apIDOf[c.StatusID]] = c
	}
	pending, err := st.PendingRequesters(ctx, rq.viewer(), requesters)
	if err != nil {
		return nil, err
	}
	out := make([]*notificationItem, 0, len(ns))
	for _, n := range ns {
		u := users[n.Actor]
		if u == nil {
			continue
		}
		it := &notificationItem{ID: n.ID, Type: n.Type, Actor: s.person(u), AccountID: u.ID, Emoji: n.Emoji,
			Unread: n.ID > marker, CreatedAt: n.CreatedAt, CSRF: rq.csrf, Pending: pending[n.Actor]}
		if n.Object != "" {
			if it.Card = byAPID[n.Object]; it.Card == nil {
				continue
			}
		}
		it.EmojiHTML = reactionEmojiHTML(it.Emoji, it.Card) // emoji_render.go
		out = append(out, it)
	}
	return out, nil
}

// markNotificationsRead is POST /notifications/read: the read marker moves to the newest
// notification (the API's markers see the same position).
func (s *Service) markNotificationsRead(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	ns, err := s.opt.Store.Notifications(r.Context(), rq.user.ID, "", 1)
	if err != nil {
		return err
	}
	if len(ns) > 0 {
		if _, err := s.opt.Store.SetMarker(r.Context(), rq.user.ID, notificationsMarker, ns[0].ID); err != nil {
			return err
		}
	}
	if isHTMX(r) {
		w.Header().Set("HX-Refresh", "true")
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	s.redirectBack(w, r, "/notifications")
	return nil
}

// notificationsLive is GET /notifications/live: Server-Sent Events with each new
// notification of the signed-in user, rendered as the page renders it.
func (s *Service) notificationsLive(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return errNotFound
	}
	return s.serveEvents(w, r, func(ctx context.Context, e stream.Event) ([]byte, error) {
		if e.Kind != stream.EventNotification || e.UserID != rq.user.ID || validID(e.NotificationID) == "" {
			return nil, nil
		}
		n, err := s.opt.Store.NotificationByID(ctx, rq.user.ID, e.NotificationID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		items, err := s.notificationItems(ctx, rq, []*store.Notification{n}, "")
		if err != nil || len(items) == 0 {
			return nil, err
		}
		items[0].Live = true
		b, err := s.partial("notification", items[0])
		if err != nil {
			return nil, err
		}
		return sseMessage(sseUpdate, b), nil
	})
}

// answerFollowRequest is POST /follow_requests/{id}/authorize|reject, {id} being the
// requesting account: an Accept or Reject of its Follow, as the API's follow request
// endpoints send it. With htmx the answer is the notification's new state.
func (s *Service) answerFollowRequest(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	typ, answer := "", ""
	switch r.PathValue("action") {
	case "authorize":
		typ, answer = "Accept", "accepted"
	case "reject":
		typ, answer = "Reject", "rejected"
	default:
		return errNotFound
	}
	ctx := r.Context()
	u, err := s.opt.Store.UserByID(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	rel, err := s.opt.Store.Relationship(ctx, store.RelFollowRequest, u.APID, rq.user.APID)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	follow := map[string]any{"type": "Follow", "actor": rel.Actor, "object": rq.user.APID}
	if rel.ActivityAPID != "" {
		follow["id"] = rel.ActivityAPID
	}
	if err := s.ingestLocal(ctx, ap.Object{"id": s.opt.Pipeline.NewObjectID(), "type": typ, "actor": rq.user.APID,
		"object": follow, "to": []any{rel.Actor}}); err != nil {
		return err
	}
	if !isHTMX(r) {
		s.redirectBack(w, r, "/notifications")
		return nil
	}
	s.renderPartial(w, http.StatusOK, "follow-request-answer", &notificationItem{Answer: answer, Actor: s.person(u), AccountID: u.ID})
	return nil
}
