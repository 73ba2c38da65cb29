package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/egregoros/egregoros/internal/store"
)

// adminUser is a row of the admin page's account lists.
type adminUser struct {
	ID, Nickname, Name string
	Handle             string
	Admin, Bot, Locked bool
	Local              bool
	Self               bool
	Suspended          bool
	Created            string
}

// adminData is the admin page: the moderation tools (registrations, relays, domain blocks,
// reports, suspensions), the local accounts, and the settings the EGREGOROS_* variables fix.
type adminData struct {
	CSRF              string
	Notice, Error     string
	RegistrationsOpen bool
	Relays            []adminRelay
	DomainBlocks      []*store.InstanceDomainBlock
	ShowResolved      bool
	Reports           []adminReport
	Users             []adminUser
	SuspendedRemote   []adminUser
	Settings          []option // Label: the setting, Value: its value
	Federation        bool     // relays can be subscribed to (the federation service is there)
}

// mustAdmin hides the admin pages from everyone but administrators (404, as for a page that
// does not exist).
func mustAdmin(rq *request) error {
	if rq.user == nil || !rq.user.Admin {
		return errNotFound
	}
	return nil
}

// admin is GET /admin (?reports=resolved lists the resolved reports instead of the open ones).
func (s *Service) admin(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	return s.renderAdmin(w, r, rq, http.StatusOK, "")
}

// adminNotices are the messages a redirect back to /admin?done=… shows.
var adminNotices = map[string]string{
	"1": "Saved.", "registrations": "Registrations updated.", "relay": "Relay subscribed: waiting for it to accept.",
	"relay-removed": "Relay unsubscribed.", "blocked": "Domain blocked.", "unblocked": "Domain block lifted.",
	"resolved": "Report resolved.", "reopened": "Report reopened.", "suspended": "Account suspended.",
	"unsuspended": "Suspension lifted.",
}

func (s *Service) renderAdmin(w http.ResponseWriter, r *http.Request, rq *request, status int, problem string) error {
	ctx := r.Context()
	users, err := s.opt.Store.LocalUsers(ctx, "", 200)
	if err != nil {
		return err
	}
	count, err := s.opt.Store.CountLocalUsers(ctx)
	if err != nil {
		return err
	}
	d := &adminData{CSRF: rq.csrf, Error: problem, ShowResolved: r.URL.Query().Get("reports") == "resolved"}
	d.Notice = adminNotices[r.URL.Query().Get("saved")]
	if d.Notice == "" {
		d.Notice = adminNotices[r.URL.Query().Get("done")]
	}
	d.RegistrationsOpen = s.registrationsOpen(ctx)
	_, d.Federation = s.opt.Remote.(relayer)
	for _, u := range users {
		d.Users = append(d.Users, s.adminUserOf(u, rq))
	}
	remote, err := s.opt.Store.SuspendedRemoteUsers(ctx, 200)
	if err != nil {
		return err
	}
	for _, u := range remote {
		d.SuspendedRemote = append(d.SuspendedRemote, s.adminUserOf(u, rq))
	}
	if d.Relays, err = s.adminRelays(ctx); err != nil {
		return err
	}
	if d.DomainBlocks, err = s.opt.Store.InstanceDomainBlocks(ctx); err != nil {
		return err
	}
	if d.Reports, err = s.adminReports(ctx, d.ShowResolved, rq.user.APID); err != nil {
		return err
	}
	api := s.api()
	d.Settings = []option{
		{Label: "Address", Value: s.opt.BaseURL},
		{Label: "Local accounts", Value: itoa(count)},
		{Label: "Characters per post", Value: itoa(api.Limits.MaxStatusChars)},
		{Label: "Attachments per post", Value: itoa(api.Limits.MaxMediaAttachments)},
		{Label: "Poll options", Value: itoa(api.Limits.MaxPollOptions)},
		{Label: "Media uploads", Value: map[bool]string{true: "on", false: "off"}[s.mediaService() != nil]},
	}
	v := s.view(rq, "Administration", d)
	v.Active = "settings"
	s.renderPage(w, status, "admin", v)
	return nil
}

func (s *Service) adminUserOf(u *store.User, rq *request) adminUser {
	return adminUser{ID: u.ID, Nickname: u.Nickname, Name: u.Name, Handle: u.Handle(), Admin: u.Admin, Bot: u.Bot,
		Locked: u.Locked, Local: u.Local, Self: u.ID == rq.user.ID, Suspended: u.SuspendedAt != nil,
		Created: u.CreatedAt.Format("Jan 2, 2006")}
}

// adminDone sends the browser back to the admin page with a notice.
func adminDone(w http.ResponseWriter, r *http.Request, notice string) {
	http.Redirect(w, r, "/admin?done="+url.QueryEscape(notice), http.StatusSeeOther)
}

// setRole is POST /admin/users/{id}/role with role=admin or role=user: promote or demote a
// local account. An administrator cannot demote themselves (someone must stay admin).
func (s *Service) setRole(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.opt.Store.UserByID(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !u.Local) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	switch role := r.PostFormValue("role"); {
	case role != "admin" && role != "user":
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Choose admin or user.")
	case u.ID == rq.user.ID && role == "user":
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "You cannot demote yourself: ask another administrator.")
	default:
		u.Admin = role == "admin"
	}
	if err := s.opt.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin?saved=1", http.StatusSeeOther)
	return nil
}

// setRegistrations is POST /admin/registrations with registrations=open or closed: from now
// on this overrides EGREGOROS_REGISTRATIONS_OPEN for the API, the instance documents,
// NodeInfo and the sign-up page.
func (s *Service) setRegistrations(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	v := r.PostFormValue("registrations")
	if v != "open" && v != "closed" {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Choose open or closed.")
	}
	if err := s.opt.Store.SetRegistrationsOpen(r.Context(), v == "open"); err != nil {
		return err
	}
	adminDone(w, r, "registrations")
	return nil
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 && n >= 0 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
