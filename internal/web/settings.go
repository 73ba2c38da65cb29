package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// The settings pages: profile, privacy, account and appearance. Profile and privacy changes
// run the API's own PATCH /api/v1/accounts/update_credentials handler (its validation, its
// avatar and header processing, the federated Update); the password and the sessions are
// the web UI's own.

// themeCookie remembers the appearance choice; it is readable by app.js (not HttpOnly: it
// is a preference, not a secret).
const themeCookie = "egregoros_theme"

// minPasswordChars is the shortest new password the account page accepts.
const minPasswordChars = 8

type settingsTab struct {
	URL, Label string
	Current    bool
}

type profileField struct {
	Index       int
	Name, Value string
}

type sessionRow struct {
	ID       string
	Current  bool
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
}

// settingsData is what the settings page shows; Tab picks the section.
type settingsData struct {
	Tab    string
	Tabs   []settingsTab
	Notice string
	Error  string
	CSRF   string
	Admin  bool

	// profile
	Name, Note     string
	Fields         []profileField
	Locked, Bot    bool
	Avatar, Header string
	Uploads        bool
	// privacy: the defaults of new posts, and what the user hides (settings_privacy.go)
	Visibilities []option
	Discoverable bool
	Language     string
	Languages    []option
	Blocks       hiddenList
	Mutes        hiddenList
	DomainBlocks []string
	ListsFull    bool
	// account
	Nickname   string
	Email      string // the address on the account
	EmailValue string // the address typed, after a refusal
	EmailError string
	Sessions   []sessionRow
	// appearance
	Themes []option
}

var settingsTabs = []struct{ name, label string }{
	{"profile", "Profile"}, {"privacy", "Privacy"}, {"account", "Account"}, {"appearance", "Appearance"},
}

// profileSource is the profile as typed (update_credentials keeps it in the user's data).
type profileSource struct {
	Note     string `json:"note"`
	Privacy  string `json:"privacy"`
	Language string `json:"language"`
	Fields   []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"fields"`
}

func sourceOf(u *store.User) profileSource {
	var doc struct {
		Source profileSource `json:"source"`
	}
	_ = json.Unmarshal(u.Data, &doc)
	return doc.Source
}

// settingsView fills the page from the signed-in user.
func (s *Service) settingsView(r *http.Request, rq *request, tab string) (*settingsData, error) {
	u := rq.user
	d := &settingsData{Tab: tab, CSRF: rq.csrf, Admin: u.Admin, Name: u.Name, Locked: u.Locked, Bot: u.Bot,
		Discoverable: u.Discoverable, Nickname: u.Nickname, Uploads: s.mediaService() != nil,
		Email: u.Email, Languages: languageOptions}
	for _, t := range settingsTabs {
		d.Tabs = append(d.Tabs, settingsTab{URL: "/settings/" + t.name, Label: t.label, Current: t.name == tab})
	}
	if strings.HasPrefix(u.AvatarURL, "http") {
		d.Avatar = u.AvatarURL
	}
	if strings.HasPrefix(u.HeaderURL, "http") {
		d.Header = u.HeaderURL
	}
	src := sourceOf(u)
	d.Note = src.Note
	for i := 0; i < 4; i++ {
		f := profileField{Index: i}
		if i < len(src.Fields) {
			f.Name, f.Value = src.Fields[i].Name, src.Fields[i].Value
		}
		d.Fields = append(d.Fields, f)
	}
	privacy := src.Privacy
	if privacy == "" {
		privacy = ap.VisibilityPublic
	}
	for _, o := range visibilityLabels[:3] { // a default of "direct" makes no sense
		o.Selected = o.Value == privacy
		d.Visibilities = append(d.Visibilities, o)
	}
	if d.Language = src.Language; d.Language == "" {
		d.Language = instanceLanguage
	}
	theme := themeOf(r)
	for _, o := range []option{{Value: "system", Label: "Follow the system"}, {Value: "light", Label: "Light"}, {Value: "dark", Label: "Dark"}} {
		o.Selected = o.Value == theme
		d.Themes = append(d.Themes, o)
	}
	if tab == "privacy" {
		if err := s.hiddenLists(r, rq, d); err != nil {
			return nil, err
		}
	}
	if tab == "account" {
		list, err := s.opt.Store.UserSessions(r.Context(), u.ID, s.now())
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			d.Sessions = append(d.Sessions, sessionRow{ID: x.ID, Current: rq.session != nil && x.ID == rq.session.ID,
				Created: x.CreatedAt, LastSeen: x.LastSeenAt, Expires: x.ExpiresAt})
		}
	}
	if r.URL.Query().Get("saved") != "" {
		d.Notice = "Saved."
	}
	return d, nil
}

func (s *Service) renderSettings(w http.ResponseWriter, rq *request, status int, d *settingsData) {
	v := s.view(rq, "Settings", d)
	v.Active = "settings"
	s.renderPage(w, status, "settings", v)
}

func signedIn(rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in to change your settings."}
	}
	return nil
}

// settings is GET /settings/{tab}.
func (s *Service) settings(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	tab := r.PathValue("tab")
	known := false
	for _, t := range settingsTabs {
		known = known || t.name == tab
	}
	if !known {
		return errNotFound
	}
	d, err := s.settingsView(r, rq, tab)
	if err != nil {
		return err
	}
	s.renderSettings(w, rq, http.StatusOK, d)
	return nil
}

// updateCredentials runs the API's update_credentials for the signed-in user with r (the
// form as the page sent it); a refusal comes back as the message to show.
func (s *Service) updateCredentials(r *http.Request, rq *request) (string, error) {
	_, err := s.api().ServeAs(r, rq.user, mastodon.OpUpdateCredentials, nil)
	if err == nil {
		return "", nil
	}
	if msg, ok := apiRefusal(err); ok {
		return msg, nil
	}
	if msg, ok := uploadRefusal(err); ok {
		return msg, nil
	}
	return "", err
}

// saveProfile is POST /settings/profile: display name, bio, fields, locked, bot, and the
// avatar and header files, exactly as update_credentials takes them (the form uses its
// parameter names). The page comes back with the error and what was typed, or redirects.
func (s *Service) saveProfile(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	msg, err := s.updateCredentials(r, rq)
	if err != nil {
		return err
	}
	if msg == "" {
		http.Redirect(w, r, "/settings/profile?saved=1", http.StatusSeeOther)
		return nil
	}
	d, err := s.settingsView(r, rq, "profile")
	if err != nil {
		return err
	}
	d.Notice, d.Error = "", msg
	d.Name, d.Note = r.PostFormValue("display_name"), r.PostFormValue("note")
	d.Locked, d.Bot = r.PostFormValue("locked") == "true", r.PostFormValue("bot") == "true"
	for i := range d.Fields {
		n := strconv.Itoa(i)
		d.Fields[i].Name = r.PostFormValue("fields_attributes[" + n + "][name]")
		d.Fields[i].Value = r.PostFormValue("fields_attributes[" + n + "][value]")
	}
	s.renderSettings(w, rq, http.StatusUnprocessableEntity, d)
	return nil
}

// savePrivacy is POST /settings/privacy: the default visibility of new posts, locked (follow
// requests) and discoverable, through update_credentials.
func (s *Service) savePrivacy(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	form := url.Values{"source[privacy]": {r.PostFormValue("privacy")}, "source[language]": {r.PostFormValue("language")},
		"locked":       {strconv.FormatBool(r.PostFormValue("locked") == "true")},
		"discoverable": {strconv.FormatBool(r.PostFormValue("discoverable") == "true")}}
	msg, err := s.updateCredentials(apiRequest(r, http.MethodPatch, form), rq)
	if err != nil {
		return err
	}
	if msg == "" {
		http.Redirect(w, r, "/settings/privacy?saved=1", http.StatusSeeOther)
		return nil
	}
	d, err := s.settingsView(r, rq, "privacy")
	if err != nil {
		return err
	}
	d.Notice, d.Error = "", msg
	s.renderSettings(w, rq, http.StatusUnprocessableEntity, d)
	return nil
}

// changePassword is POST /settings/password: the current password (checked as the login
// checks it), then the new one twice. The other sessions are signed out; this one stays.
func (s *Service) changePassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	current, next := r.PostFormValue("current_password"), r.PostFormValue("new_password")
	msg := ""
	switch {
	case !auth.CheckPassword(rq.user.PasswordHash, current):
		msg = "Your current password is not right."
	case utf8.RuneCountInString(next) < minPasswordChars:
		msg = "The new password must have at least " + strconv.Itoa(minPasswordChars) + " characters."
	case len(next) > 256:
		msg = "The new password is too long."
	case next != r.PostFormValue("confirm_password"):
		msg = "The two new passwords are not the same."
	}
	if msg != "" {
		d, err := s.settingsView(r, rq, "account")
		if err != nil {
			return err
		}
		d.Error = msg
		s.renderSettings(w, rq, http.StatusUnprocessableEntity, d)
		return nil
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	u := *rq.user
	u.PasswordHash = hash
	if err := s.opt.Store.UpdateUser(r.Context(), &u); err != nil {
		return err
	}
	if rq.session != nil {
		if err := s.opt.Store.DeleteOtherSessions(r.Context(), u.ID, rq.session.ID); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/settings/account?saved=1", http.StatusSeeOther)
	return nil
}

// changeEmail is POST /settings/email: the current password (as for the password), then the
// new address, which must be a plain address (as sign-up requires) that no other account uses.
func (s *Service) changeEmail(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	msg := ""
	if addr, err := mail.ParseAddress(email); !auth.CheckPassword(rq.user.PasswordHash, r.PostFormValue("current_password")) {
		msg = "Your current password is not right."
	} else if email == "" {
		msg = "Enter your email address."
	} else if err != nil || addr.Address != email || len(email) > 254 {
		msg = "This email address is not valid."
	} else if other, err := s.opt.Store.LocalUserByEmail(r.Context(), email); err == nil && other.ID != rq.user.ID {
		msg = "This email address is already used by an account."
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if msg == "" {
		u := *rq.user
		u.Email = email
		err := s.opt.Store.UpdateUser(r.Context(), &u)
		if errors.Is(err, store.ErrTaken) {
			msg = "This email address is already used by an account."
		} else if err != nil {
			return err
		}
	}
	if msg == "" {
		http.Redirect(w, r, "/settings/account?saved=1", http.StatusSeeOther)
		return nil
	}
	d, err := s.settingsView(r, rq, "account")
	if err != nil {
		return err
	}
	d.EmailValue, d.EmailError = email, msg
	s.renderSettings(w, rq, http.StatusUnprocessableEntity, d)
	return nil
}

// endOtherSession is POST /settings/sessions/{id}/end: signs out one of the user's sessions
// (the list shows them); ending the current one signs this browser out.
func (s *Service) endOtherSession(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	id := r.PathValue("id")
	if rq.session != nil && id == rq.session.ID {
		if err := s.endSession(w, r, rq); err != nil {
			return err
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	ok, err := s.opt.Store.DeleteUserSession(r.Context(), rq.user.ID, id)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	http.Redirect(w, r, "/settings/account?saved=1", http.StatusSeeOther)
	return nil
}

// themeOf is the theme the browser chose (the cookie the appearance settings and the sidebar
// toggle set): light, dark, or system when none.
func themeOf(r *http.Request) string {
	if c, err := r.Cookie(themeCookie); err == nil && (c.Value == "light" || c.Value == "dark") {
		return c.Value
	}
	return "system"
}

// saveAppearance is POST /settings/appearance: the theme (system, light or dark) in a
// cookie for a year, which the layout renders as data-theme on <html> (so it shows without
// JavaScript) and the sidebar toggle of app.js rewrites. The cookie is host-only, as app.js
// writes it, so that there is only ever one.
func (s *Service) saveAppearance(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := signedIn(rq); err != nil {
		return err
	}
	theme := r.PostFormValue("theme")
	c := &http.Cookie{Name: themeCookie, Value: theme, Path: "/", SameSite: http.SameSiteLaxMode,
		Secure: s.secure, MaxAge: 365 * 24 * 3600}
	switch theme {
	case "light", "dark":
	case "system":
		c.Value, c.MaxAge = "", -1
	default:
		return &httpError{Status: http.StatusUnprocessableEntity, Msg: "Choose system, light or dark."}
	}
	http.SetCookie(w, c)
	if s.opt.CookieDomain != "" { // the domain-wide cookie earlier versions set
		http.SetCookie(w, &http.Cookie{Name: themeCookie, Path: "/", Domain: s.opt.CookieDomain, MaxAge: -1})
	}
	http.Redirect(w, r, "/settings/appearance?saved=1", http.StatusSeeOther)
	return nil
}
