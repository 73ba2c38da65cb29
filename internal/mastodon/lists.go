package mastodon

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/store"
)

// List is the Mastodon List entity.
type List struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	RepliesPolicy string `json:"replies_policy"`
	Exclusive     bool   `json:"exclusive"`
}

// List bounds: Mastodon allows 50 lists per account; titles are bounded here.
const (
	maxLists         = 50
	maxListTitle     = 256
	maxListAccountsN = 250 // account_ids per request
)

func renderList(l *store.List) List {
	return List{ID: l.ID, Title: l.Title, RepliesPolicy: l.RepliesPolicy, Exclusive: l.Exclusive}
}

// ownList returns the viewer's list id, 404 when it is not theirs.
func (s *Service) ownList(ctx context.Context, v *viewer, id string) (*store.List, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	l, err := s.Store.ListByID(ctx, v.user.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	return l, err
}

// listsIndex is GET /api/v1/lists.
func (s *Service) listsIndex(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ls, err := s.Store.ListsOf(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	out := make([]List, 0, len(ls))
	for _, l := range ls {
		out = append(out, renderList(l))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// readList applies the title, replies_policy and exclusive parameters to l (creating: the
// title is required).
func readList(p *params, l *store.List, creating bool) error {
	if creating || p.Has("title") {
		title := strings.TrimSpace(p.String("title"))
		if title == "" {
			return badRequest("Validation failed: Title can't be blank")
		}
		if utf8.RuneCountInString(title) > maxListTitle {
			return badRequest("Validation failed: Title is too long")
		}
		l.Title = title
	}
	if p.Has("replies_policy") {
		switch rp := p.String("replies_policy"); rp {
		case store.RepliesFollowed, store.RepliesList, store.RepliesNone:
			l.RepliesPolicy = rp
		default:
			return badRequest("'" + rp + "' is not a valid replies_policy")
		}
	}
	if ex, given, err := p.Bool("exclusive"); err != nil {
		return err
	} else if given {
		l.Exclusive = ex
	}
	return nil
}

// createList is POST /api/v1/lists.
func (s *Service) createList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	l := &store.List{UserID: v.user.ID, RepliesPolicy: store.RepliesList}
	if err := readList(p, l, true); err != nil {
		return err
	}
	n, err := s.Store.CountLists(r.Context(), v.user.ID)
	if err != nil {
		return err
	}
	if n >= maxLists {
		return badRequest("Validation failed: You have reached the maximum number of lists")
	}
	if err := s.Store.CreateList(r.Context(), l); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderList(l))
	return nil
}

// showList is GET /api/v1/lists/:id.
func (s *Service) showList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	l, err := s.ownList(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderList(l))
	return nil
}

// updateList is PUT /api/v1/lists/:id.
func (s *Service) updateList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	l, err := s.ownList(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	if err := readList(p, l, false); err != nil {
		return err
	}
	if err := s.Store.UpdateList(r.Context(), l); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, renderList(l))
	return nil
}

// deleteList is DELETE /api/v1/lists/:id.
func (s *Service) deleteList(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id := r.PathValue("id")
	if _, err := s.ownList(r.Context(), v, id); err != nil {
		return err
	}
	if _, err := s.Store.DeleteList(r.Context(), v.user.ID, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// listAccounts is GET /api/v1/lists/:id/accounts (limit 40 by default, at most 80; 0 lists
// every account, as Mastodon allows).
func (s *Service) listAccounts(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	l, err := s.ownList(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	var p store.Page
	if r.URL.Query().Get("limit") == "0" {
		p = store.Page{MaxID: r.URL.Query().Get("max_id"), MinID: r.URL.Query().Get("since_id")}
		if m := r.URL.Query().Get("min_id"); m != "" {
			p.MinID = m
		}
	} else {
		if p, _, err = page(r, 80); err != nil {
			return err
		}
		if r.URL.Query().Get("limit") == "" {
			p.Limit = 40
		}
	}
	rels, err := s.Store.ListAccountsPage(ctx, l, v.user.APID, p)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(rels))
	for _, rel := range rels {
		ids = append(ids, rel.Object)
	}
	byAPID, err := s.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return err
	}
	var users []*store.User
	for _, id := range ids {
		if u := byAPID[id]; u != nil {
			users = append(users, u)
		}
	}
	list, err := s.renderAccounts(ctx, users)
	if err != nil {
		return err
	}
	if len(rels) > 0 && p.Limit > 0 {
		setLink(w, r, s, rels[0].ID, rels[len(rels)-1].ID)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// listAccountIDs reads account_ids[] and resolves them to accounts (404 for an unknown one).
func (s *Service) listAccountIDs(ctx context.Context, p *params) ([]*store.User, error) {
	ids := p.Strings("account_ids")
	if len(ids) == 0 {
		return nil, badRequest("account_ids is missing")
	}
	if len(ids) > maxListAccountsN {
		return nil, badRequest("too many account_ids")
	}
	var out []*store.User
	for _, id := range ids {
		u, err := s.accountByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(x *store.User) bool { return x.ID == u.ID }) {
			out = append(out, u)
		}
	}
	return out, nil
}

// addListAccounts is POST /api/v1/lists/:id/accounts: only accounts the viewer follows (or
// asked to follow) may be added, and none twice.
func (s *Service) addListAccounts(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	l, err := s.ownList(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	users, err := s.listAccountIDs(ctx, p)
	if err != nil {
		return err
	}
	var add []string
	for _, u := range users {
		follows := false
		for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
			has, err := s.Store.HasRelationship(ctx, typ, v.user.APID, u.APID)
			if err != nil {
				return err
			}
			follows = follows || has
		}
		if !follows {
			return badRequest("Validation failed: Account follow relationship missing")
		}
		in, err := s.Store.ListHasAccount(ctx, l, v.user.APID, u.APID)
		if err != nil {
			return err
		}
		if in {
			return badRequest("Validation failed: Account has already been taken")
		}
		add = append(add, u.APID)
	}
	if err := s.Store.AddListAccounts(ctx, l, v.user.APID, add); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// removeListAccounts is DELETE /api/v1/lists/:id/accounts.
func (s *Service) removeListAccounts(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	l, err := s.ownList(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := deleteParams(w, r)
	if err != nil {
		return err
	}
	users, err := s.listAccountIDs(ctx, p)
	if err != nil {
		return err
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.APID)
	}
	if err := s.Store.RemoveListAccounts(ctx, l, v.user.APID, ids); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// accountLists is GET /api/v1/accounts/:id/lists: the viewer's lists holding the account.
func (s *Service) accountLists(w http.ResponseWriter, r *http.Request, v *viewer) error {
	u, err := s.accountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	ls, err := s.Store.ListsHolding(r.Context(), v.user.ID, v.user.APID, u.APID)
	if err != nil {
		return err
	}
	out := make([]List, 0, len(ls))
	for _, l := range ls {
		out = append(out, renderList(l))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// listTimeline is GET /api/v1/timelines/list/:list_id: the statuses of the list's accounts
// (filters of the home context apply).
func (s *Service) listTimeline(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	l, err := s.ownList(ctx, v, r.PathValue("list_id"))
	if err != nil {
		return err
	}
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	hide, err := s.hiding(ctx, v, store.Timeline{})
	if err != nil {
		return err
	}
	rows, err := s.Store.ListTimeline(ctx, l, v.user.APID, hide, p, ascend)
	if err != nil {
		return err
	}
	return s.writeFiltered(w, r, v, rows, filterHome)
}

// listStatus reports whether a status (visible to the owner, not hidden) belongs to the
// owner's list stream: by one of its accounts, and a reply only as its policy allows.
func (s *Service) listStatus(ctx context.Context, v *viewer, listID string, o *store.Object) (bool, error) {
	l, err := s.Store.ListByID(ctx, v.user.ID, listID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	in, err := s.Store.ListHasAccount(ctx, l, v.user.APID, o.Actor)
	if err != nil || !in || o.InReplyTo == "" {
		return in, err
	}
	parent, err := s.Store.ObjectByAPID(ctx, o.InReplyTo)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if parent.Actor == o.Actor || parent.Actor == v.user.APID {
		return true, nil
	}
	switch l.RepliesPolicy {
	case store.RepliesFollowed:
		return s.Store.HasRelationship(ctx, store.RelFollow, v.user.APID, parent.Actor)
	case store.RepliesList:
		return s.Store.ListHasAccount(ctx, l, v.user.APID, parent.Actor)
	}
	return false, nil
}

// checkListStream refuses a list stream of a list the viewer does not own.
func (s *Service) checkListStream(ctx context.Context, v *viewer, sub subscription) error {
	if sub.Stream != StreamList {
		return nil
	}
	if _, err := s.ownList(ctx, v, sub.List); err != nil {
		return errorf(http.StatusNotFound, "Not authorized to stream this list")
	}
	return nil
}
