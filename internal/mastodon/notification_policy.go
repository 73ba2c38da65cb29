package mastodon

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// The notification policy filters notifications from strangers as Mastodon does: each kind
// of sender (people the user does not follow, people not following the user, accounts newer
// than 30 days, private mentions from people the user does not follow) is accepted, filtered
// or dropped; the strictest rule that applies wins. We apply it when notifications are read,
// so a changed policy applies to past notifications too; filtered and dropped ones are left
// out of the lists; the filtered ones make notification requests, one per sender, which the
// user accepts (that sender's notifications are accepted from then on) or dismisses.

// Relationships of a user to a sender of filtered notifications.
const (
	relAcceptNotifications  = "AcceptNotifications"
	relDismissNotifications = "DismissNotifications"
)

var policyValues = []string{store.PolicyAccept, store.PolicyFilter, store.PolicyDrop}

// unfilterable are the types a policy never hides (Mastodon's NON_FILTERABLE_TYPES).
var unfilterable = []string{"admin.sign_up", "admin.report", store.NotifyPoll, store.NotifyUpdate}

const newAccountAge = 30 * 24 * time.Hour

// NotificationPolicy is the Mastodon NotificationPolicy entity (v2).
type NotificationPolicy struct {
	ForNotFollowing    string        `json:"for_not_following"`
	ForNotFollowers    string        `json:"for_not_followers"`
	ForNewAccounts     string        `json:"for_new_accounts"`
	ForPrivateMentions string        `json:"for_private_mentions"`
	ForLimitedAccounts string        `json:"for_limited_accounts"`
	Summary            policySummary `json:"summary"`
}

type policySummary struct {
	PendingRequestsCount      int `json:"pending_requests_count"`
	PendingNotificationsCount int `json:"pending_notifications_count"`
}

// V1NotificationPolicy is the v1 form: booleans for "filter".
type V1NotificationPolicy struct {
	FilterNotFollowing    bool          `json:"filter_not_following"`
	FilterNotFollowers    bool          `json:"filter_not_followers"`
	FilterNewAccounts     bool          `json:"filter_new_accounts"`
	FilterPrivateMentions bool          `json:"filter_private_mentions"`
	Summary               policySummary `json:"summary"`
}

func strictest(a, b string) string {
	if slices.Index(policyValues, b) > slices.Index(policyValues, a) {
		return b
	}
	return a
}

// acceptsAll reports whether a policy lets every notification through.
func acceptsAll(p store.NotificationPolicy) bool {
	return p == store.NotificationPolicy{ForNotFollowing: store.PolicyAccept, ForNotFollowers: store.PolicyAccept,
		ForNewAccounts: store.PolicyAccept, ForPrivateMentions: store.PolicyAccept, ForLimitedAccounts: store.PolicyAccept}
}

// privateMentionDepth is how far up a private mention's thread a conversation the user
// started with its sender is looked for.
const privateMentionDepth = 20

// policyVerdicts decides accept, filter or drop for each notification. Facts about a sender
// are read only when a rule that is not accept needs them (with Mastodon's defaults, only
// for private mentions).
func (s *Service) policyVerdicts(ctx context.Context, v *viewer, p store.NotificationPolicy, ns []*store.Notification) (map[string]string, error) {
	out := make(map[string]string, len(ns))
	type facts struct{ following, follower, isNew, accepted bool }
	byActor := map[string]*facts{}
	mentionsOnly := p.ForNotFollowing == store.PolicyAccept && p.ForNotFollowers == store.PolicyAccept &&
		p.ForNewAccounts == store.PolicyAccept
	if mentionsOnly {
		return s.privateMentionVerdicts(ctx, v, p, ns)
	}
	for _, n := range ns {
		verdict := store.PolicyAccept
		if n.Actor != v.user.APID && !slices.Contains(unfilterable, n.Type) && (!mentionsOnly || n.Type == store.NotifyMention) {
			f := byActor[n.Actor]
			if f == nil {
				f = &facts{}
				var err error
				if f.following, err = s.Store.HasRelationship(ctx, store.RelFollow, v.user.APID, n.Actor); err != nil {
					return nil, err
				}
				if f.follower, err = s.Store.HasRelationship(ctx, store.RelFollow, n.Actor, v.user.APID); err != nil {
					return nil, err
				}
				u, err := s.Store.UserByAPID(ctx, n.Actor)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return nil, err
				}
				f.isNew = u != nil && time.Since(u.CreatedAt) < newAccountAge
				if f.accepted, err = s.Store.HasRelationship(ctx, relAcceptNotifications, v.user.APID, n.Actor); err != nil {
					return nil, err
				}
				byActor[n.Actor] = f
			}
			if f.accepted {
				out[n.ID] = verdict
				continue
			}
			if !f.following {
				verdict = strictest(verdict, p.ForNotFollowing)
			}
			if !f.follower {
				verdict = strictest(verdict, p.ForNotFollowers)
			}
			if f.isNew {
				verdict = strictest(verdict, p.ForNewAccounts)
			}
			if n.Type == store.NotifyMention && !f.following && n.Object != "" && p.ForPrivateMentions != store.PolicyAccept {
				unsolicited, err := s.unsolicitedPrivateMention(ctx, v, n)
				if err != nil {
					return nil, err
				}
				if unsolicited {
					verdict = strictest(verdict, p.ForPrivateMentions)
				}
			}
		}
		out[n.ID] = verdict
	}
	return out, nil
}

// privateMentionVerdicts decides for a policy that filters or drops only private mentions
// (Mastodon's default) with a fixed number of queries for a page: the mentions' statuses in
// one, and for those that are direct, whether the user follows or accepted their senders in
// one more; only the remaining private mentions from strangers have their threads read.
func (s *Service) privateMentionVerdicts(ctx context.Context, v *viewer, p store.NotificationPolicy, ns []*store.Notification) (map[string]string, error) {
	out := make(map[string]string, len(ns))
	var objects []string
	for _, n := range ns {
		out[n.ID] = store.PolicyAccept
		if p.ForPrivateMentions != store.PolicyAccept && n.Type == store.NotifyMention && n.Object != "" && n.Actor != v.user.APID {
			objects = append(objects, n.Object)
		}
	}
	if len(objects) == 0 {
		return out, nil
	}
	objs, err := s.Store.ObjectsByAPIDs(ctx, objects)
	if err != nil {
		return nil, err
	}
	var senders []string
	for _, n := range ns {
		if o := objs[n.Object]; o != nil && n.Type == store.NotifyMention && o.Visibility == ap.VisibilityDirect {
			senders = append(senders, n.Actor)
		}
	}
	if len(senders) == 0 {
		return out, nil
	}
	rels, err := s.Store.LiveRelationshipsOf(ctx, v.user.APID, []string{store.RelFollow, relAcceptNotifications}, senders)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		o := objs[n.Object]
		if o == nil || n.Type != store.NotifyMention || o.Visibility != ap.VisibilityDirect || n.Actor == v.user.APID ||
			rels[n.Actor][store.RelFollow] != nil || rels[n.Actor][relAcceptNotifications] != nil {
			continue
		}
		unsolicited, err := s.unsolicitedPrivateMention(ctx, v, n)
		if err != nil {
			return nil, err
		}
		if unsolicited {
			out[n.ID] = p.ForPrivateMentions
		}
	}
	return out, nil
}

// unsolicitedPrivateMention reports whether a mention is a direct status that does not
// answer a direct status of the user addressed to its sender (Mastodon's rule: a reply in a
// private conversation the user took part in is solicited).
func (s *Service) unsolicitedPrivateMention(ctx context.Context, v *viewer, n *store.Notification) (bool, error) {
	o, err := s.Store.ObjectByAPID(ctx, n.Object)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || o.Visibility != ap.VisibilityDirect {
		return false, err
	}
	anc, err := s.Store.Ancestors(ctx, o, v.user.APID, privateMentionDepth)
	if err != nil {
		return false, err
	}
	for _, a := range anc {
		if a.Actor != v.user.APID || a.Visibility != ap.VisibilityDirect {
			continue
		}
		if ok, err := s.Store.CanView(ctx, a, n.Actor); err != nil || ok {
			return false, err
		}
	}
	return true, nil
}

// applyPolicy leaves out the notifications the viewer's policy filters or drops.
func (s *Service) applyPolicy(ctx context.Context, v *viewer, ns []*store.Notification) ([]*store.Notification, error) {
	p, err := s.Store.NotificationPolicyOf(ctx, v.user.ID)
	if err != nil || acceptsAll(p) || len(ns) == 0 {
		return ns, err
	}
	verdicts, err := s.policyVerdicts(ctx, v, p, ns)
	if err != nil {
		return nil, err
	}
	kept := ns[:0:0]
	for _, n := range ns {
		if verdicts[n.ID] == store.PolicyAccept {
			kept = append(kept, n)
		}
	}
	return kept, nil
}

// policySummaryOf counts the filtered (not dropped) notifications among the latest 200, and
// their senders.
func (s *Service) policySummaryOf(ctx context.Context, v *viewer, p store.NotificationPolicy) (policySummary, error) {
	var sum policySummary
	if acceptsAll(p) {
		return sum, nil
	}
	ns, err := s.Store.NotificationsPage(ctx, store.NotificationFilter{UserID: v.user.ID, Page: store.Page{Limit: 80}})
	if err != nil {
		return sum, err
	}
	verdicts, err := s.policyVerdicts(ctx, v, p, ns)
	if err != nil {
		return sum, err
	}
	senders := map[string]bool{}
	for _, n := range ns {
		if verdicts[n.ID] == store.PolicyFilter {
			sum.PendingNotificationsCount++
			senders[n.Actor] = true
		}
	}
	sum.PendingRequestsCount = len(senders)
	return sum, nil
}

func (s *Service) writePolicy(w http.ResponseWriter, r *http.Request, v *viewer, p store.NotificationPolicy, v1 bool) error {
	sum, err := s.policySummaryOf(r.Context(), v, p)
	if err != nil {
		return err
	}
	if v1 {
		writeJSON(w, http.StatusOK, V1NotificationPolicy{FilterNotFollowing: p.ForNotFollowing != store.PolicyAccept,
			FilterNotFollowers: p.ForNotFollowers != store.PolicyAccept, FilterNewAccounts: p.ForNewAccounts != store.PolicyAccept,
			FilterPrivateMentions: p.ForPrivateMentions != store.PolicyAccept, Summary: sum})
		return nil
	}
	writeJSON(w, http.StatusOK, NotificationPolicy{ForNotFollowing: p.ForNotFollowing, ForNotFollowers: p.ForNotFollowers,
		ForNewAccounts: p.ForNewAccounts, ForPrivateMentions: p.ForPrivateMentions, ForLimitedAccounts: p.ForLimitedAccounts, Summary: sum})
	return nil
}

// notificationPolicy is GET /api/v2/notifications/policy (v1: GET /api/v1/notifications/policy).
func (s *Service) notificationPolicy(v1 bool) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		p, err := s.Store.NotificationPolicyOf(r.Context(), v.user.ID)
		if err != nil {
			return err
		}
		return s.writePolicy(w, r, v, p, v1)
	}
}

// updateNotificationPolicy is PATCH /api/v2/notifications/policy (accept, filter or drop per
// field) and PUT or PATCH /api/v1/notifications/policy (booleans: filter or accept).
func (s *Service) updateNotificationPolicy(v1 bool) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		ctx := r.Context()
		params, err := parseParams(w, r, maxBodyBytes)
		if err != nil {
			return err
		}
		p, err := s.Store.NotificationPolicyOf(ctx, v.user.ID)
		if err != nil {
			return err
		}
		fields := []struct {
			name string
			dst  *string
		}{{"not_following", &p.ForNotFollowing}, {"not_followers", &p.ForNotFollowers}, {"new_accounts", &p.ForNewAccounts},
			{"private_mentions", &p.ForPrivateMentions}, {"limited_accounts", &p.ForLimitedAccounts}}
		for _, f := range fields {
			if v1 {
				on, given, err := params.Bool("filter_" + f.name)
				if err != nil {
					return err
				}
				if given {
					*f.dst = store.PolicyAccept
					if on {
						*f.dst = store.PolicyFilter
					}
				}
				continue
			}
			if !params.Has("for_" + f.name) {
				continue
			}
			val := params.String("for_" + f.name)
			if !slices.Contains(policyValues, val) {
				return badRequest("Validation failed: for_" + f.name + " must be accept, filter or drop")
			}
			*f.dst = val
		}
		if err := s.Store.SetNotificationPolicy(ctx, v.user.ID, p); err != nil {
			return err
		}
		return s.writePolicy(w, r, v, p, v1)
	}
}

// NotificationRequest is the Mastodon NotificationRequest entity: the filtered
// notifications of one sender. Its id is the sender's account id.
type NotificationRequest struct {
	ID                 string  `json:"id"`
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`
	Account            Account `json:"account"`
	NotificationsCount string  `json:"notifications_count"`
	LastStatus         *Status `json:"last_status"`
}

// notificationRequests builds the requests from the latest 400 notifications the policy
// filters, newest sender first, leaving out dismissed senders.
func (s *Service) notificationRequests(ctx context.Context, v *viewer) ([]NotificationRequest, error) {
	p, err := s.Store.NotificationPolicyOf(ctx, v.user.ID)
	if err != nil || acceptsAll(p) {
		return []NotificationRequest{}, err
	}
	f := store.NotificationFilter{UserID: v.user.ID, Page: store.Page{Limit: 80}}
	var filtered []*store.Notification
	for range 5 {
		ns, err := s.Store.NotificationsPage(ctx, f)
		if err != nil {
			return nil, err
		}
		verdicts, err := s.policyVerdicts(ctx, v, p, ns)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if verdicts[n.ID] == store.PolicyFilter {
				filtered = append(filtered, n)
			}
		}
		if len(ns) < f.Page.Limit {
			break
		}
		f.Page.MaxID = ns[len(ns)-1].ID
	}
	list, err := s.renderNotifications(ctx, v, filtered)
	if err != nil {
		return nil, err
	}
	out := []NotificationRequest{}
	index := map[string]int{}
	for i := range list {
		n := &list[i]
		if j, ok := index[n.Account.ID]; ok {
			req := &out[j]
			c, _ := strconv.Atoi(req.NotificationsCount)
			req.NotificationsCount = strconv.Itoa(c + 1)
			req.CreatedAt = n.CreatedAt
			if req.LastStatus == nil {
				req.LastStatus = n.Status
			}
			continue
		}
		u, err := s.accountByID(ctx, n.Account.ID)
		if err != nil {
			continue
		}
		if dismissed, err := s.Store.HasRelationship(ctx, relDismissNotifications, v.user.APID, u.APID); err != nil {
			return nil, err
		} else if dismissed {
			continue
		}
		index[n.Account.ID] = len(out)
		out = append(out, NotificationRequest{ID: n.Account.ID, CreatedAt: n.CreatedAt, UpdatedAt: n.CreatedAt, Account: n.Account,
			NotificationsCount: "1", LastStatus: n.Status})
	}
	return out, nil
}

// listNotificationRequests is GET /api/v1/notifications/requests.
func (s *Service) listNotificationRequests(w http.ResponseWriter, r *http.Request, v *viewer) error {
	out, err := s.notificationRequests(r.Context(), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// showNotificationRequest is GET /api/v1/notifications/requests/:id.
func (s *Service) showNotificationRequest(w http.ResponseWriter, r *http.Request, v *viewer) error {
	out, err := s.notificationRequests(r.Context(), v)
	if err != nil {
		return err
	}
	for _, req := range out {
		if req.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, req)
			return nil
		}
	}
	return errNotFound
}

// answerNotificationRequest is POST /api/v1/notifications/requests/:id/accept or /dismiss.
func (s *Service) answerNotificationRequest(rel string) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		out, err := s.notificationRequests(r.Context(), v)
		if err != nil {
			return err
		}
		for _, req := range out {
			if req.ID != r.PathValue("id") {
				continue
			}
			u, err := s.accountByID(r.Context(), req.ID)
			if err != nil {
				return err
			}
			if _, err := s.Store.PutRelationship(r.Context(), &store.Relationship{Type: rel, Actor: v.user.APID, Object: u.APID}); err != nil {
				return err
			}
			writeJSON(w, http.StatusOK, map[string]any{})
			return nil
		}
		return errNotFound
	}
}
