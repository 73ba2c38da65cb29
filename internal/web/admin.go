package web

import (
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/store"
)

// adminUser is a row of the admin page's user list.
type adminUser struct {
	ID, Nickname, Name string
	Admin, Bot, Locked bool
	Self               bool
	Created            string
}

// adminData is the admin page: the local accounts, and the instance settings, read-only
// (they are set by EGREGOROS_* variables; see docs/configuration.md).
type adminData struct {
	CSRF          string
	Notice, Error string
	Users         []adminUser
	Settings      []option // Label: the setting, Value: its value
}

// mustAdmin hides the admin pages from everyone but administrators (404, as for a page that
// does not exist).
func mustAdmin(rq *request) error {
	if rq.user == nil || !rq.user.Admin {
		return errNotFound
	}
	return nil
}

// admin is GET /admin.
func (s *Service) admin(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	return s.renderAdmin(w, r, rq, http.StatusOK, "")
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
	d := &adminData{CSRF: rq.csrf, Error: problem}
	if r.URL.Query().Get("saved") != "" {
		d.Notice = "Saved."
	}
	for _, u := range users {
		d.Users = append(d.Users, adminUser{ID: u.ID, Nickname: u.Nickname, Name: u.Name, Admin: u.Admin, Bot: u.Bot,
			Locked: u.Locked, Self: u.ID == rq.user.ID, Created: u.CreatedAt.Format("Jan 2, 2006")})
	}
	api := s.api()
	yes := map[bool]string{true: "open", false: "closed"}
	d.Settings = []option{
		{Label: "Address", Value: s.opt.BaseURL},
		{Label: "Registrations", Value: yes[api.RegistrationsOpen || s.opt.RegistrationsOpen]},
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

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 && n >= 0 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
