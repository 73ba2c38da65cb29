package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// adminReport is a report as the admin page lists it.
type adminReport struct {
	ID, When, Comment string
	Reporter          adminAccount
	Targets           []adminAccount
	Statuses          []adminStatus
	Resolved          string // when, "" while open
}

// adminAccount is an account named by a report.
type adminAccount struct {
	ID, Handle, URL string
	Suspended, Self bool
}

// adminStatus is a reported status: a link to it and the start of its text.
type adminStatus struct {
	URL, Text string
}

// adminReports reads the open (or resolved) reports with the accounts and statuses they name.
func (s *Service) adminReports(ctx context.Context, resolved bool, self string) ([]adminReport, error) {
	reports, err := s.opt.Store.Reports(ctx, resolved, 50)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range reports {
		ids = append(append(ids, r.Reporter), r.Objects...)
	}
	users, err := s.opt.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	objects, err := s.opt.Store.ObjectsByAPIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var authors []string
	for _, o := range objects {
		authors = append(authors, o.Actor)
	}
	authorsByID, err := s.opt.Store.UsersByAPIDs(ctx, authors)
	if err != nil {
		return nil, err
	}
	account := func(u *store.User, id string) adminAccount {
		if u == nil {
			return adminAccount{Handle: id, URL: id}
		}
		return adminAccount{ID: u.ID, Handle: "@" + u.Handle(), URL: "/@" + u.Handle(), Suspended: u.SuspendedAt != nil,
			Self: u.APID == self}
	}
	out := make([]adminReport, 0, len(reports))
	for _, r := range reports {
		a := adminReport{ID: r.Flag.ID, When: r.Flag.Published.Format("Jan 2, 2006, 15:04 UTC"), Comment: r.Comment,
			Reporter: account(users[r.Reporter], r.Reporter)}
		if r.ResolvedAt != nil {
			a.Resolved = r.ResolvedAt.Format("Jan 2, 2006")
		}
		for _, id := range r.Objects {
			if u := users[id]; u != nil {
				a.Targets = append(a.Targets, account(u, id))
				continue
			}
			o, author := objects[id], (*store.User)(nil)
			if o != nil {
				author = authorsByID[o.Actor]
			}
			if o == nil || author == nil {
				a.Statuses = append(a.Statuses, adminStatus{URL: id, Text: "(not stored here)"})
				continue
			}
			a.Statuses = append(a.Statuses, adminStatus{URL: s.statusPath(o, author), Text: statusExcerpt(o)})
		}
		out = append(out, a)
	}
	return out, nil
}

// statusExcerpt is the start of a status's text, without markup.
func statusExcerpt(o *store.Object) string {
	doc, err := ap.Parse(o.Data)
	if err != nil {
		return ""
	}
	text := strings.Join(strings.Fields(markup.StripTags(doc.String("content"))), " ")
	if r := []rune(text); len(r) > 160 {
		text = string(r[:160]) + "…"
	}
	if text == "" {
		text = "(no text)"
	}
	return text
}

// setReportState is POST /admin/reports/{id}/resolve or /reopen.
func (s *Service) setReportState(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	action := r.PathValue("action")
	if action != "resolve" && action != "reopen" {
		return errNotFound
	}
	ctx := r.Context()
	o, err := s.opt.Store.ObjectByID(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && o.Type != "Flag") {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if err := s.opt.Store.SetReportResolved(ctx, o.APID, rq.user.APID, action == "resolve"); err != nil {
		return err
	}
	adminDone(w, r, map[string]string{"resolve": "resolved", "reopen": "reopened"}[action])
	return nil
}

// suspend is POST /admin/users/{id}/suspend (on) or /unsuspend: a local or remote account.
func (s *Service) suspend(on bool) handler {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		if err := mustAdmin(rq); err != nil {
			return err
		}
		u, err := s.opt.Store.UserByID(r.Context(), r.PathValue("id"))
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		return s.setSuspended(w, r, rq, u, on)
	}
}

// suspendHandle is POST /admin/accounts/suspend with account: nick, nick@domain or an actor
// id. An account of another server not seen yet is looked up there.
func (s *Service) suspendHandle(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	u, err := s.findAccount(r.Context(), strings.TrimSpace(r.PostFormValue("account")))
	if errors.Is(err, store.ErrNotFound) {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "No such account: enter nick@domain or the account's address.")
	}
	if err != nil {
		return err
	}
	return s.setSuspended(w, r, rq, u, true)
}

func (s *Service) findAccount(ctx context.Context, h string) (*store.User, error) {
	if strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "http://") {
		return s.opt.Store.UserByAPID(ctx, h)
	}
	nick, domain, remote := strings.Cut(strings.TrimPrefix(h, "@"), "@")
	if nick == "" {
		return nil, store.ErrNotFound
	}
	if !remote || strings.EqualFold(domain, hostOf(s.opt.BaseURL)) {
		return s.opt.Store.LocalUser(ctx, nick)
	}
	u, err := s.opt.Store.RemoteUser(ctx, nick, strings.ToLower(domain))
	if errors.Is(err, store.ErrNotFound) && s.opt.Remote != nil {
		if u, err = s.opt.Remote.ResolveHandle(ctx, nick, strings.ToLower(domain)); err != nil {
			return nil, store.ErrNotFound
		}
	}
	return u, err
}

// setSuspended suspends u or lifts its suspension. A suspended local account is signed out
// everywhere (its tokens are refused from now on); nobody sees its posts any more.
func (s *Service) setSuspended(w http.ResponseWriter, r *http.Request, rq *request, u *store.User, on bool) error {
	switch {
	case u.ID == rq.user.ID:
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "You cannot suspend yourself.")
	case u.Local && u.ActorType == "Application":
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "The server's own actor cannot be suspended.")
	}
	ctx := r.Context()
	var at *time.Time
	if on {
		now := s.now()
		at = &now
	}
	if err := s.opt.Store.SetSuspended(ctx, u.ID, at); err != nil {
		return err
	}
	if on && u.Local {
		if err := s.opt.Store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	adminDone(w, r, map[bool]string{true: "suspended", false: "unsuspended"}[on])
	return nil
}
