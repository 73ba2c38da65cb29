package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// deleteConfirm is the question a deletion asks first.
type deleteConfirm struct {
	ID, CSRF string
	Back     string // where Cancel goes without JavaScript: the status's page
	Focused  bool
}

// ownStatus finds the signed-in viewer's own status {id} (a row id): anyone else's, or one
// they may not see, is 404 like a missing one.
func (s *Service) ownStatus(ctx context.Context, rq *request, id string) (*store.Object, *card, error) {
	if rq.user == nil {
		return nil, nil, &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	o, err := s.visibleStatus(ctx, rq, id)
	if err != nil {
		return nil, nil, err
	}
	if o.Actor != rq.user.APID || !o.Local {
		return nil, nil, errNotFound
	}
	c, err := s.oneCard(ctx, rq, o)
	return o, c, err
}

// editForm is GET /statuses/{id}/edit: the composer filled with the status's source (the
// API's GET /api/v1/statuses/:id/source: text and content warning), its sensitivity and its
// language, and its attachments with their descriptions, in a dialog with htmx, as a page
// without. The audience cannot change; attachments stay (their descriptions may change); a
// poll stays unless new options are given (the API's rules, Mastodon's).
func (s *Service) editForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	o, c, err := s.ownStatus(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	raw, err := s.api().ServeAs(apiRequest(r, http.MethodGet, nil), rq.user, mastodon.OpStatusSource, map[string]string{"id": o.ID})
	if err != nil {
		return err
	}
	var src struct {
		Text        string `json:"text"`
		SpoilerText string `json:"spoiler_text"`
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("web: the API's status source: %w", err)
	}
	doc, err := ap.Parse(o.Data)
	if err != nil {
		doc = ap.Object{}
	}
	comp := &composer{CSRF: rq.csrf, MaxChars: s.opt.MaxStatusChars, Text: src.Text, Summary: src.SpoilerText,
		Visibility: o.Visibility, Sensitive: c.Sensitive, EditOf: o.ID, Language: mastodon.LanguageOf(doc)}
	if comp.EditMedia, err = s.editMedia(ctx, o, nil); err != nil {
		return err
	}
	s.finishEditor(comp)
	focused := r.URL.Query().Get("focused") == "1"
	return s.showEditor(w, r, rq, comp, c, focused, http.StatusOK)
}

// editMedia lists o's own attachments in the order of its note, with their descriptions (or
// those the form gave, by media id).
func (s *Service) editMedia(ctx context.Context, o *store.Object, described map[string]string) ([]draftMedia, error) {
	ms := s.mediaService()
	if ms == nil {
		return nil, nil
	}
	rows, err := s.opt.Store.MediaByStatuses(ctx, []string{o.APID})
	if err != nil {
		return nil, err
	}
	byURL := map[string]*store.Media{}
	for _, m := range rows[o.APID] {
		byURL[ms.URL(m.FileKey)] = m
	}
	doc, err := ap.Parse(o.Data)
	if err != nil {
		return nil, nil
	}
	var out []draftMedia
	for _, a := range doc.Objects("attachment") {
		if m := byURL[a.Ref("url")]; m != nil {
			d := s.draft(ms, m)
			if alt, ok := described[m.ID]; ok {
				d.Alt = alt
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// finishEditor is finishComposer for an edit: no uploads (attachments are kept).
func (s *Service) finishEditor(c *composer) {
	s.finishComposer(c, "86400")
	c.Uploads, c.FileSlots = false, nil
}

// showEditor shows the edit composer: a dialog with htmx (a 422 refusal re-renders only the
// form, inside the dialog), the edit page without.
func (s *Service) showEditor(w http.ResponseWriter, r *http.Request, rq *request, comp *composer, c *card, focused bool, status int) error {
	switch {
	case isHTMX(r) && status != http.StatusOK:
		s.renderPartial(w, status, "composer", comp)
	case isHTMX(r):
		s.renderPartial(w, status, "modal", &modal{ID: "modal-edit-" + c.StatusID, Title: "Edit your post",
			Quote: quoteOf(c), Composer: comp, Vals: modalVals(focused)})
	default:
		s.renderPage(w, status, "edit", s.view(rq, "Edit your post", &modal{Title: "Edit your post", Quote: quoteOf(c), Composer: comp}))
	}
	return nil
}

// saveEdit is POST /statuses/{id}/edit: the API's own PUT /api/v1/statuses/:id (ServeAs)
// with the form's text, content warning, sensitivity, language and attachment descriptions
// (media_attributes), and poll options when some are given. The card is answered re-rendered (the dialog puts it in place; the live stream's
// status.update brings it to the other pages); without htmx, a redirect to the thread.
func (s *Service) saveEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	o, c, err := s.ownStatus(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	_ = r.PostFormValue("status")
	form := r.PostForm
	if r.MultipartForm != nil {
		form = url.Values(r.MultipartForm.Value)
	}
	comp := &composer{CSRF: rq.csrf, MaxChars: s.opt.MaxStatusChars, Text: form.Get("status"),
		Summary: strings.TrimSpace(form.Get("spoiler_text")), Visibility: o.Visibility, Sensitive: form.Get("sensitive") != "",
		EditOf: o.ID, PollMultiple: form.Get("poll[multiple]") != "", Language: form.Get("language")}
	api := url.Values{"status": {comp.Text}, "spoiler_text": {comp.Summary}, "sensitive": {strconv.FormatBool(comp.Sensitive)}}
	if comp.Language != "" {
		api.Set("language", comp.Language)
	}
	for _, opt := range append(form["poll[options][]"], form["poll[options]"]...) {
		if opt = strings.TrimSpace(opt); opt != "" {
			comp.PollOptions = append(comp.PollOptions, opt)
		}
	}
	if comp.PollOpen = len(comp.PollOptions) > 0; comp.PollOpen {
		api["poll[options][]"] = comp.PollOptions
		api.Set("poll[multiple]", strconv.FormatBool(comp.PollMultiple))
		if e := form.Get("poll[expires_in]"); e != "" {
			api.Set("poll[expires_in]", e)
		}
	}
	described := map[string]string{}
	for k, v := range form {
		if id, ok := strings.CutPrefix(k, "media_description["); ok && strings.HasSuffix(id, "]") && len(v) > 0 {
			described[strings.TrimSuffix(id, "]")] = v[0]
		}
	}
	if comp.EditMedia, err = s.editMedia(ctx, o, described); err != nil {
		return err
	}
	for i, m := range comp.EditMedia {
		if _, ok := described[m.ID]; ok {
			api.Set(fmt.Sprintf("media_attributes[%d][id]", i), m.ID)
			api.Set(fmt.Sprintf("media_attributes[%d][description]", i), m.Alt)
		}
	}
	focused := form.Get("focused") == "1"
	if _, err := s.api().ServeAs(apiRequest(r, http.MethodPut, api), rq.user, mastodon.OpEditStatus, map[string]string{"id": o.ID}); err != nil {
		msg, ok := apiRefusal(err)
		if !ok {
			return err
		}
		comp.Error = msg
		s.finishEditor(comp)
		return s.showEditor(w, r, rq, comp, c, focused, http.StatusUnprocessableEntity)
	}
	fresh, err := s.opt.Store.ObjectByID(ctx, o.ID)
	if err != nil {
		return err
	}
	if !isHTMX(r) {
		http.Redirect(w, r, c.URL, http.StatusSeeOther)
		return nil
	}
	if c, err = s.oneCard(ctx, rq, fresh); err != nil {
		return err
	}
	c.Focused = focused
	s.renderPartial(w, http.StatusOK, "modal-done", &modalDone{Kind: "edit", Message: "Your post was saved.", Link: c.URL, Card: c})
	return nil
}

// deleteForm is GET /statuses/{id}/delete: the question first (a dialog with htmx, a page
// without), so that a deletion never happens in one click.
func (s *Service) deleteForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	_, c, err := s.ownStatus(r.Context(), rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	focused := r.URL.Query().Get("focused") == "1"
	m := &modal{ID: "modal-delete-" + c.StatusID, Title: "Delete this post?", Quote: quoteOf(c),
		Delete: &deleteConfirm{ID: c.StatusID, CSRF: rq.csrf, Back: c.URL, Focused: focused}, Vals: modalVals(focused)}
	if isHTMX(r) {
		s.renderPartial(w, http.StatusOK, "modal", m)
		return nil
	}
	m.Vals = ""
	s.renderPage(w, http.StatusOK, "edit", s.view(rq, "Delete this post?", m))
	return nil
}

// deleteStatus is POST /statuses/{id}/delete: the API's own DELETE /api/v1/statuses/:id
// (ServeAs). With htmx the dialog closes and the card goes (on the thread page of the status
// itself, the browser goes to the author's profile); without, a redirect back (or to the
// profile, from the thread page of the deleted status).
func (s *Service) deleteStatus(w http.ResponseWriter, r *http.Request, rq *request) error {
	o, c, err := s.ownStatus(r.Context(), rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.api().ServeAs(apiRequest(r, http.MethodDelete, nil), rq.user, mastodon.OpDeleteStatus, map[string]string{"id": o.ID}); err != nil {
		if msg, ok := apiRefusal(err); ok {
			return &httpError{Status: http.StatusUnprocessableEntity, Msg: msg, Err: err}
		}
		return err
	}
	profile := c.Author.URL
	if isHTMX(r) {
		if r.PostFormValue("focused") == "1" {
			w.Header().Set("HX-Redirect", profile)
		}
		s.renderPartial(w, http.StatusOK, "modal-done", &modalDone{Kind: "delete", Message: "Your post was deleted."})
		return nil
	}
	back := profile
	if ref := r.Referer(); strings.HasPrefix(ref, s.opt.BaseURL+"/") {
		if p := strings.TrimPrefix(ref, s.opt.BaseURL); !strings.HasPrefix(p, c.URL) && !strings.HasPrefix(p, "/statuses/") {
			back = p
		}
	}
	http.Redirect(w, r, localPath(back, profile), http.StatusSeeOther)
	return nil
}
