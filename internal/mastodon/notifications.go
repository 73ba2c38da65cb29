package mastodon

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// Notification is the Mastodon Notification entity.
type Notification struct {
	ID        string  `json:"id"`
	Type      string  `json:"type"`
	CreatedAt string  `json:"created_at"`
	GroupKey  string  `json:"group_key"`
	Account   Account `json:"account"`
	Status    *Status `json:"status,omitempty"`
	Emoji     string  `json:"emoji,omitempty"`
	Pleroma   struct {
		IsSeen bool `json:"is_seen"`
	} `json:"pleroma"`
}

// renderNotifications renders a page, leaving out notifications whose account or status is
// gone or no longer visible.
func (s *Service) renderNotifications(ctx context.Context, v *viewer, ns []*store.Notification) ([]Notification, error) {
	var actors, objects []string
	for _, n := range ns {
		actors = append(actors, n.Actor)
		if n.Object != "" {
			objects = append(objects, n.Object)
		}
	}
	users, err := s.Store.UsersByAPIDs(ctx, actors)
	if err != nil {
		return nil, err
	}
	objs, err := s.Store.ObjectsByAPIDs(ctx, objects)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(objs))
	for _, o := range objs {
		ids = append(ids, o.ID)
	}
	visible, err := s.Store.VisibleIDs(ctx, ids, v.apID())
	if err != nil {
		return nil, err
	}
	var rows []*store.Object
	for _, o := range objs {
		if visible[o.ID] {
			rows = append(rows, o)
		}
	}
	statuses, err := s.renderStatuses(ctx, v, rows)
	if err != nil {
		return nil, err
	}
	// The viewer's filters: a notification about a hidden status is left out (filters.go).
	if statuses, err = s.applyFilters(ctx, v, filterNotifications, statuses); err != nil {
		return nil, err
	}
	byAPID := map[string]*Status{}
	for i := range statuses {
		byAPID[statuses[i].URI] = &statuses[i]
	}
	var accts []*store.User
	for _, u := range users {
		accts = append(accts, u)
	}
	counts, err := s.loadAccountCounts(ctx, accts)
	if err != nil {
		return nil, err
	}
	blocked, err := s.Store.BlockedDomains(ctx, v.apID()) // domain_blocks.go
	if err != nil {
		return nil, err
	}
	out := make([]Notification, 0, len(ns))
	for _, n := range ns {
		u := users[n.Actor]
		if u == nil || (!u.Local && slices.Contains(blocked, strings.ToLower(u.Domain))) {
			continue
		}
		item := Notification{ID: n.ID, Type: n.Type, CreatedAt: formatTime(n.CreatedAt), GroupKey: "ungrouped-" + n.ID,
			Account: s.account(u, counts), Emoji: n.Emoji}
		item.Pleroma.IsSeen = n.Read
		if n.Object != "" {
			st := byAPID[n.Object]
			if st == nil {
				continue
			}
			item.Status = st
		}
		item.GroupKey = groupKey(n.ID, n.Type, n.GroupKey, groupable) // notifications_v2.go
		out = append(out, item)
	}
	return out, nil
}

// notifications is GET /api/v1/notifications.
func (s *Service) notifications(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, ascend, err := page(r, 80)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.NotificationFilter{UserID: v.user.ID, Types: append(append(q["types[]"], q["types"]...), q["include_types[]"]...), // include_types: Pleroma's name
		ExcludeTypes: append(q["exclude_types[]"], q["exclude_types"]...), Page: p, Ascend: ascend}
	if id := q.Get("account_id"); id != "" {
		u, err := s.accountByID(r.Context(), id)
		if err != nil {
			writeJSON(w, http.StatusOK, []Notification{})
			return nil
		}
		f.Actor = u.APID
	}
	if f.HiddenDomains, err = s.Store.BlockedDomains(r.Context(), v.user.APID); err != nil { // domain_blocks.go
		return err
	}
	ns, err := s.Store.NotificationsPage(r.Context(), f)
	if err != nil {
		return err
	}
	page := ns                                                   // the Link header names the page read
	if ns, err = s.applyPolicy(r.Context(), v, ns); err != nil { // notification_policy.go
		return err
	}
	list, err := s.renderNotifications(r.Context(), v, ns)
	if err != nil {
		return err
	}
	if len(page) > 0 {
		setLink(w, r, s, page[0].ID, page[len(page)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// notification is GET /api/v1/notifications/:id.
func (s *Service) notification(w http.ResponseWriter, r *http.Request, v *viewer) error {
	n, err := s.Store.NotificationByID(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.renderNotifications(r.Context(), v, []*store.Notification{n})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, list[0])
	return nil
}

// dismissNotification is POST /api/v1/notifications/:id/dismiss.
func (s *Service) dismissNotification(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ok, err := s.Store.DismissNotification(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// clearNotifications is POST /api/v1/notifications/clear.
func (s *Service) clearNotifications(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := s.Store.ClearNotifications(r.Context(), v.user.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}
