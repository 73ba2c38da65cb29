package mastodon

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// Grouped notifications (API v2). Mastodon groups favourites and boosts of one status, and
// follows, that happened close together; everything else is alone in its group. The group
// key is stored with the notification when it is added (store/notification_groups.go:
// "<type>-<status id>-<hour>" or "follow-<hour>", the hour bucket reused while a group is
// less than 12 hours old, as Mastodon's); a notification without one, or of a type left out
// of grouped_types, is "ungrouped-<notification id>".

// groupable are the types Mastodon groups by default (grouped_types).
var groupable = store.GroupedTypes

// NotificationGroup is the Mastodon NotificationGroup entity.
type NotificationGroup struct {
	GroupKey                 string   `json:"group_key"`
	NotificationsCount       int      `json:"notifications_count"`
	Type                     string   `json:"type"`
	MostRecentNotificationID string   `json:"most_recent_notification_id"` // our ids are not integers
	PageMinID                string   `json:"page_min_id,omitempty"`
	PageMaxID                string   `json:"page_max_id,omitempty"`
	LatestPageNotificationAt string   `json:"latest_page_notification_at,omitempty"`
	SampleAccountIDs         []string `json:"sample_account_ids"`
	StatusID                 string   `json:"status_id,omitempty"`
	Emoji                    string   `json:"emoji,omitempty"` // pleroma:emoji_reaction
}

// GroupedNotificationsResults is the Mastodon entity of that name.
type GroupedNotificationsResults struct {
	Accounts           []Account           `json:"accounts"`
	PartialAccounts    []partialAccount    `json:"partial_accounts,omitempty"`
	Statuses           []Status            `json:"statuses"`
	NotificationGroups []NotificationGroup `json:"notification_groups"`
}

// partialAccount is PartialAccountWithAvatar (expand_accounts=partial_avatars).
type partialAccount struct {
	ID           string `json:"id"`
	Acct         string `json:"acct"`
	URL          string `json:"url"`
	Avatar       string `json:"avatar"`
	AvatarStatic string `json:"avatar_static"`
	Locked       bool   `json:"locked"`
	Bot          bool   `json:"bot"`
}

// groupKey is the group of a notification (id, type and stored key) when its type is grouped.
func groupKey(id, typ, stored string, grouped []string) string {
	if stored == "" || !slices.Contains(grouped, typ) {
		return "ungrouped-" + id
	}
	return stored
}

// groupNotifications folds rendered notifications (newest first) into groups, at most limit;
// it returns the groups and how many notifications they used.
func groupNotifications(list []Notification, grouped []string, limit int) ([]NotificationGroup, []*Notification, int) {
	var groups []NotificationGroup
	var firsts []*Notification
	index := map[string]int{}
	used := 0
	for i := range list {
		n := &list[i]
		key := groupKey(n.ID, n.Type, n.GroupKey, grouped)
		if gi, ok := index[key]; ok {
			g := &groups[gi]
			g.NotificationsCount++
			g.PageMinID = n.ID
			if !slices.Contains(g.SampleAccountIDs, n.Account.ID) && len(g.SampleAccountIDs) < 8 {
				g.SampleAccountIDs = append(g.SampleAccountIDs, n.Account.ID)
			}
			used = i + 1
			continue
		}
		if len(groups) == limit {
			break
		}
		g := NotificationGroup{GroupKey: key, NotificationsCount: 1, Type: n.Type, MostRecentNotificationID: n.ID,
			PageMinID: n.ID, PageMaxID: n.ID, LatestPageNotificationAt: n.CreatedAt, SampleAccountIDs: []string{n.Account.ID},
			Emoji: n.Emoji}
		if n.Status != nil {
			g.StatusID = n.Status.ID
		}
		index[key] = len(groups)
		groups = append(groups, g)
		firsts = append(firsts, n)
		used = i + 1
	}
	return groups, firsts, used
}

// groupedResults gathers the accounts and statuses the groups name.
func groupedResults(list []Notification, groups []NotificationGroup, partial bool) GroupedNotificationsResults {
	out := GroupedNotificationsResults{Accounts: []Account{}, Statuses: []Status{}, NotificationGroups: groups}
	if out.NotificationGroups == nil {
		out.NotificationGroups = []NotificationGroup{}
	}
	full := map[string]bool{}
	for _, g := range groups {
		for i, id := range g.SampleAccountIDs {
			if !partial || i == 0 || !slices.Contains(groupable, g.Type) {
				full[id] = true
			}
		}
	}
	seenAcct, seenStatus := map[string]bool{}, map[string]bool{}
	wanted := map[string]bool{}
	for _, g := range groups {
		for _, id := range g.SampleAccountIDs {
			wanted[id] = true
		}
	}
	for _, n := range list {
		a := n.Account
		if wanted[a.ID] && !seenAcct[a.ID] {
			seenAcct[a.ID] = true
			if full[a.ID] {
				out.Accounts = append(out.Accounts, a)
			} else {
				out.PartialAccounts = append(out.PartialAccounts, partialAccount{ID: a.ID, Acct: a.Acct, URL: a.URL,
					Avatar: a.Avatar, AvatarStatic: a.AvatarStatic, Locked: a.Locked, Bot: a.Bot})
			}
		}
		if n.Status != nil && !seenStatus[n.Status.ID] {
			for _, g := range groups {
				if g.StatusID == n.Status.ID {
					seenStatus[n.Status.ID] = true
					out.Statuses = append(out.Statuses, *n.Status)
					break
				}
			}
		}
	}
	return out
}

// listParam reads an array parameter given as k[] or k.
func listParam(r *http.Request, k string) []string {
	q := r.URL.Query()
	return append(q[k+"[]"], q[k]...)
}

// notificationsV2 is GET /api/v2/notifications.
func (s *Service) notificationsV2(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	p, ascend, err := page(r, 80)
	if err != nil {
		return err
	}
	if !r.URL.Query().Has("limit") {
		p.Limit = 40
	}
	grouped := listParam(r, "grouped_types")
	if !r.URL.Query().Has("grouped_types[]") && !r.URL.Query().Has("grouped_types") {
		grouped = groupable
	}
	expand := r.URL.Query().Get("expand_accounts")
	if expand != "" && expand != "full" && expand != "partial_avatars" {
		return badRequest("Validation failed: expand_accounts must be full or partial_avatars")
	}
	f := store.NotificationFilter{UserID: v.user.ID, Types: listParam(r, "types"), ExcludeTypes: listParam(r, "exclude_types"),
		Ascend: ascend, Page: p}
	if id := r.URL.Query().Get("account_id"); id != "" {
		u, err := s.accountByID(ctx, id)
		if err != nil {
			writeJSON(w, http.StatusOK, groupedResults(nil, nil, false))
			return nil
		}
		f.Actor = u.APID
	}
	if f.HiddenDomains, err = s.Store.BlockedDomains(ctx, v.user.APID); err != nil {
		return err
	}
	// Several notifications make one group: read up to four per group wanted.
	f.Page.Limit = 80
	var rendered []Notification
	var oldest, newest string
	for range 4 {
		ns, err := s.Store.NotificationsPage(ctx, f)
		if err != nil {
			return err
		}
		if len(ns) == 0 {
			break
		}
		if newest == "" {
			newest = ns[0].ID
		}
		page := ns
		if ns, err = s.applyPolicy(ctx, v, ns); err != nil { // notification_policy.go
			return err
		}
		list, err := s.renderNotifications(ctx, v, ns)
		if err != nil {
			return err
		}
		rendered = append(rendered, list...)
		groups, _, _ := groupNotifications(rendered, grouped, p.Limit)
		oldest = page[len(page)-1].ID
		if len(groups) >= p.Limit || len(page) < f.Page.Limit || ascend { // ascend: the page right after min_id, one read
			break
		}
		f.Page.MaxID = oldest
	}
	groups, _, used := groupNotifications(rendered, grouped, p.Limit)
	if used > 0 && used < len(rendered) {
		oldest = rendered[used-1].ID
	}
	if len(groups) > 0 {
		setLink(w, r, s, newest, oldest)
	}
	writeJSON(w, http.StatusOK, groupedResults(rendered[:used], groups, expand == "partial_avatars"))
	return nil
}

// notificationsOfGroup loads the notifications of a group key of the viewer, rendered.
func (s *Service) notificationsOfGroup(ctx context.Context, v *viewer, key string) ([]Notification, error) {
	if len(key) > 128 {
		return nil, errNotFound
	}
	var ns []*store.Notification
	if id, ok := strings.CutPrefix(key, "ungrouped-"); ok {
		n, err := s.Store.NotificationByID(ctx, v.user.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNotFound
		}
		if err != nil {
			return nil, err
		}
		ns = []*store.Notification{n}
	} else {
		var err error
		if ns, err = s.Store.NotificationsOfGroup(ctx, v.user.ID, key, 400); err != nil {
			return nil, err
		}
	}
	list, err := s.renderNotifications(ctx, v, ns)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, errNotFound
	}
	return list, nil
}

// notificationGroup is GET /api/v2/notifications/:group_key.
func (s *Service) notificationGroup(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.notificationsOfGroup(r.Context(), v, r.PathValue("group_key"))
	if err != nil {
		return err
	}
	groups, _, _ := groupNotifications(list, groupable, 1)
	groups[0].GroupKey = r.PathValue("group_key")
	writeJSON(w, http.StatusOK, groupedResults(list, groups, false))
	return nil
}

// notificationGroupAccounts is GET /api/v2/notifications/:group_key/accounts.
func (s *Service) notificationGroupAccounts(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.notificationsOfGroup(r.Context(), v, r.PathValue("group_key"))
	if err != nil {
		return err
	}
	out := []Account{}
	seen := map[string]bool{}
	for _, n := range list {
		if !seen[n.Account.ID] {
			seen[n.Account.ID] = true
			out = append(out, n.Account)
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// dismissNotificationGroup is POST /api/v2/notifications/:group_key/dismiss.
func (s *Service) dismissNotificationGroup(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	key := r.PathValue("group_key")
	var ok bool
	var err error
	if id, isOne := strings.CutPrefix(key, "ungrouped-"); isOne {
		ok, err = s.Store.DismissNotification(ctx, v.user.ID, id)
	} else if len(key) <= 128 {
		ok, err = s.Store.DismissNotificationGroup(ctx, v.user.ID, key)
	}
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// unreadNotificationGroups is GET /api/v2/notifications/unread_count: the groups of the
// notifications past the notifications marker, at most limit (100, up to 1000).
func (s *Service) unreadNotificationGroups(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	limit := 100
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return badRequest("limit must be a positive integer")
		}
		limit = min(n, 1000)
	}
	grouped := listParam(r, "grouped_types")
	if len(grouped) == 0 {
		grouped = groupable
	}
	ms, err := s.Store.Markers(ctx, v.user.ID, []string{"notifications"})
	if err != nil {
		return err
	}
	f := store.NotificationFilter{UserID: v.user.ID, Types: listParam(r, "types"), ExcludeTypes: listParam(r, "exclude_types"),
		Page: store.Page{Limit: 80}}
	if m := ms["notifications"]; m != nil {
		f.Page.MinID = m.LastReadID
	}
	if f.HiddenDomains, err = s.Store.BlockedDomains(ctx, v.user.APID); err != nil {
		return err
	}
	keys := map[string]bool{}
	for len(keys) < limit {
		ns, err := s.Store.NotificationsPage(ctx, f)
		if err != nil {
			return err
		}
		for _, n := range ns {
			keys[groupKey(n.ID, n.Type, n.GroupKey, grouped)] = true
		}
		if len(ns) < f.Page.Limit {
			break
		}
		f.Page.MaxID = ns[len(ns)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": min(len(keys), limit)})
	return nil
}
