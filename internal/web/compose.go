package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// composer is the post form (home page, thread replies, and the page shown when a post is
// refused without JavaScript).
type composer struct {
	CSRF         string
	Text         string
	Summary      string
	Visibility   string
	Sensitive    bool
	InReplyTo    string // row id of the status replied to
	ReplyTo      *person
	Error        string
	MaxChars     int
	Visibilities []option

	// Attachments: Media are uploaded and wait for the post; FileSlots are the file inputs
	// left (the form without JavaScript uploads with the post).
	Uploads   bool // the instance takes uploads
	Media     []draftMedia
	MaxMedia  int
	FileSlots []int

	// The poll: PollOptions always has MaxPollOptions entries (blank ones are dropped).
	PollOpen     bool
	PollOptions  []string
	PollMultiple bool
	PollExpiries []option

	EditOf    string       // the status edited (edit.go): the form saves it at /statuses/{id}/edit
	EditMedia []draftMedia // the edited status's attachments, whose descriptions may change

	// The language (ISO 639-1) among the API's, and the emoji picker's common emoji (the
	// reaction picker's list; the instance's custom emoji are fetched by app.js).
	Language  string
	Languages []option
	Emoji     []emojiChoice

	// Scheduling (scheduled.go): the datetime-local value as typed, the browser's offset for
	// it (minutes, as getTimezoneOffset; empty without JavaScript: the time is UTC), the
	// refusal shown next to the field, and the notice after a post was scheduled.
	ScheduledAt, TZOffset string
	ScheduleError         string
	Scheduled             string
}

// draftMedia is an uploaded attachment shown in the composer with its alt text.
type draftMedia struct {
	ID, URL, Kind, Alt string
	CSRF               string
}

type option struct {
	Value, Label string
	Selected     bool
}

var visibilityLabels = []option{
	{Value: ap.VisibilityPublic, Label: "Public"},
	{Value: ap.VisibilityUnlisted, Label: "Unlisted"},
	{Value: ap.VisibilityPrivate, Label: "Followers only"},
	{Value: ap.VisibilityDirect, Label: "Mentioned people only"},
}

// instanceLanguage is the composer's language when the user chose none in their settings:
// the instance's, as GET /api/v1/instance lists it.
const instanceLanguage = "en"

// languageOptions are the languages the API accepts (mastodon.Languages), by English name.
var languageOptions = func() []option {
	var out []option
	for _, l := range mastodon.Languages() {
		out = append(out, option{Value: l[0], Label: l[1]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}()

// pollExpiries are the durations the composer offers (within the API's 5 minutes to a month).
var pollExpiries = []option{
	{Value: "300", Label: "5 minutes"}, {Value: "1800", Label: "30 minutes"}, {Value: "3600", Label: "1 hour"},
	{Value: "21600", Label: "6 hours"}, {Value: "86400", Label: "1 day"}, {Value: "259200", Label: "3 days"},
	{Value: "604800", Label: "7 days"},
}

// api is the client API the composer, polls, reactions, autocomplete and settings run their
// operations through (Options.API; without one, an API without media over the same store).
func (s *Service) api() *mastodon.Service {
	if s.opt.API != nil {
		return s.opt.API
	}
	limits := mastodon.DefaultLimits
	limits.MaxStatusChars = s.opt.MaxStatusChars
	a := &mastodon.Service{BaseURL: s.opt.BaseURL, Secret: s.opt.Secret, Store: s.opt.Store, Pipeline: s.opt.Pipeline,
		Bus: s.opt.Bus, Limits: limits}
	if r, ok := s.opt.Remote.(mastodon.Resolver); ok {
		a.Remote = r
	}
	return a
}

// UseAPI gives the UI the client API (with its media service) after New, as serve wires
// them: see Options.API.
func (s *Service) UseAPI(api *mastodon.Service) { s.opt.API = api }

// mediaService is the API's media service, nil when uploads are off.
func (s *Service) mediaService() *media.Service { return s.api().MediaService() }

// apiRequest is r with form as its urlencoded body (no query, no parsed form): what ServeAs
// hands the API handler.
func apiRequest(r *http.Request, method string, form url.Values) *http.Request {
	body := form.Encode()
	r2 := r.Clone(r.Context())
	r2.Method = method
	r2.URL = &url.URL{Path: r.URL.Path}
	r2.Header = r.Header.Clone()
	r2.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r2.Body = io.NopCloser(strings.NewReader(body))
	r2.ContentLength = int64(len(body))
	r2.Form, r2.PostForm, r2.MultipartForm = nil, nil, nil
	return r2
}

// apiRefusal turns the API's refusal into what the page shows: a 4xx *mastodon.Error is a
// message for the person ("Validation failed: " dropped); anything else stays an error.
func apiRefusal(err error) (string, bool) {
	var me *mastodon.Error
	if !errors.As(err, &me) || me.Status >= 500 {
		return "", false
	}
	msg := strings.TrimSpace(strings.TrimPrefix(me.Msg, "Validation failed: "))
	switch {
	case msg == "Text can't be blank":
		return "Write something first.", true
	case msg == "Record not found":
		return "This post does not exist, or you may not see it.", true
	case strings.HasPrefix(msg, "Visibility is not included"):
		return "Choose who can see this post.", true
	case strings.HasPrefix(msg, "Text character limit of "):
		n := strings.TrimSuffix(strings.TrimPrefix(msg, "Text character limit of "), " exceeded")
		return "Posts are limited to " + n + " characters.", true
	}
	r, size := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg, true
}

// newComposer is an empty composer, or a reply to parent: its visibility and its author's
// handle prefilled.
func (s *Service) newComposer(rq *request, parent *card) *composer {
	c := &composer{CSRF: rq.csrf, Visibility: ap.VisibilityPublic, MaxChars: s.opt.MaxStatusChars}
	if rq.user != nil {
		if v := defaultVisibility(rq.user); v != "" {
			c.Visibility = v
		}
		c.Language = sourceOf(rq.user).Language
	}
	if parent != nil {
		c.InReplyTo, c.ReplyTo, c.Visibility = parent.StatusID, &parent.Author, parent.Visibility
		if rq.user != nil && parent.Author.Handle != "@"+rq.user.Handle() {
			c.Text = parent.Author.Handle + " "
		}
	}
	s.finishComposer(c, "86400")
	return c
}

// finishComposer fills what the template needs from the limits and the current choices.
func (s *Service) finishComposer(c *composer, expiry string) {
	c.setVisibilities()
	if c.Language == "" {
		c.Language = instanceLanguage
	}
	c.Languages, c.Emoji = languageOptions, commonEmoji
	limits := s.api().Limits
	c.Uploads = s.mediaService() != nil
	c.MaxMedia = limits.MaxMediaAttachments
	c.FileSlots = nil
	for i := len(c.Media); i < c.MaxMedia; i++ {
		c.FileSlots = append(c.FileSlots, i)
	}
	for len(c.PollOptions) < limits.MaxPollOptions {
		c.PollOptions = append(c.PollOptions, "")
	}
	c.PollExpiries = nil
	for _, o := range pollExpiries {
		o.Selected = o.Value == expiry
		c.PollExpiries = append(c.PollExpiries, o)
	}
	for i := range c.Media {
		c.Media[i].CSRF = c.CSRF
	}
}

// setVisibilities marks the chosen visibility among the options.
func (c *composer) setVisibilities() {
	c.Visibilities = nil
	for _, o := range visibilityLabels {
		o.Selected = o.Value == c.Visibility
		c.Visibilities = append(c.Visibilities, o)
	}
}

// defaultVisibility is the user's default post visibility (source.privacy, set in the
// privacy settings or through update_credentials), "" when none was chosen.
func defaultVisibility(u *store.User) string {
	var doc struct {
		Source struct {
			Privacy string `json:"privacy"`
		} `json:"source"`
	}
	_ = json.Unmarshal(u.Data, &doc)
	return doc.Source.Privacy
}

// compose is POST /statuses: it reads the form (urlencoded, or multipart with files when
// JavaScript is off), uploads the files through the media service, and posts through the
// API's own POST /api/v1/statuses handler (mastodon.ServeAs), so that the validation, the
// note, the poll and the attachments are exactly the API's. With htmx it answers with a fresh
// composer (the post itself arrives through the live stream, or is appended to the thread);
// without, it redirects.
func (s *Service) compose(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in to post."}
	}
	ctx := r.Context()
	_ = r.PostFormValue("status") // parses urlencoded and multipart forms alike
	form := r.PostForm
	if r.MultipartForm != nil {
		form = url.Values(r.MultipartForm.Value)
	}
	c := &composer{CSRF: rq.csrf, MaxChars: s.opt.MaxStatusChars, Text: form.Get("status"),
		Summary: strings.TrimSpace(form.Get("spoiler_text")), Visibility: form.Get("visibility"),
		InReplyTo: form.Get("in_reply_to_id"), Sensitive: form.Get("sensitive") != "", Language: form.Get("language"),
		ScheduledAt: strings.TrimSpace(form.Get("scheduled_at")), TZOffset: form.Get("tz_offset")}
	if c.Visibility == "" {
		c.Visibility = ap.VisibilityPublic
	}
	for _, o := range append(form["poll[options][]"], form["poll[options]"]...) {
		if o = strings.TrimSpace(o); o != "" {
			c.PollOptions = append(c.PollOptions, o)
		}
	}
	c.PollMultiple = form.Get("poll[multiple]") != ""
	c.PollOpen = len(c.PollOptions) > 0
	expiry := form.Get("poll[expires_in]")
	if expiry == "" {
		expiry = "86400"
	}
	var parentCard *card
	if c.InReplyTo != "" {
		parent, err := s.visibleStatus(ctx, rq, c.InReplyTo)
		if err != nil {
			return err
		}
		list, err := s.cards(ctx, rq, []*store.Object{parent})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errNotFound
		}
		parentCard = list[0]
		c.ReplyTo = &parentCard.Author
	}
	failed := func(msg string) error {
		c.Error = msg
		s.finishComposer(c, expiry)
		return s.composeFailed(w, r, rq, c, parentCard)
	}
	if err := s.draftMedia(r, rq.user, form, c); err != nil {
		if msg, ok := uploadRefusal(err); ok {
			return failed(msg)
		}
		return err
	}
	api := url.Values{"status": {c.Text}, "spoiler_text": {c.Summary}, "visibility": {c.Visibility}}
	if c.Language != "" {
		api.Set("language", c.Language)
	}
	if c.ScheduledAt != "" {
		at, msg := s.scheduleTime(c.ScheduledAt, c.TZOffset)
		if msg != "" {
			c.ScheduleError = msg
			return failed("")
		}
		api.Set("scheduled_at", at.Format(time.RFC3339))
	}
	if c.InReplyTo != "" {
		api.Set("in_reply_to_id", c.InReplyTo)
	}
	if c.Sensitive {
		api.Set("sensitive", "true")
	}
	for _, m := range c.Media {
		api.Add("media_ids[]", m.ID)
	}
	if c.PollOpen {
		api["poll[options][]"] = c.PollOptions
		api.Set("poll[expires_in]", expiry)
		api.Set("poll[multiple]", strconv.FormatBool(c.PollMultiple))
	}
	raw, err := s.api().ServeAs(apiRequest(r, http.MethodPost, api), rq.user, mastodon.OpPostStatus, nil)
	if err != nil {
		if msg, ok := s.scheduleRefusal(err); ok && c.ScheduledAt != "" {
			c.ScheduleError = msg
			return failed("")
		}
		if msg, ok := apiRefusal(err); ok {
			return failed(msg)
		}
		return err
	}
	var posted struct {
		ID          string `json:"id"`
		ScheduledAt string `json:"scheduled_at"` // a ScheduledStatus: the post waits for its time
	}
	if err := json.Unmarshal(raw, &posted); err != nil {
		return fmt.Errorf("web: the API's status: %w", err)
	}
	if posted.ScheduledAt != "" {
		return s.composeScheduled(w, r, rq, parentCard, posted.ScheduledAt)
	}
	o, err := s.opt.Store.ObjectByID(ctx, posted.ID)
	if err != nil {
		return err
	}
	if isHTMX(r) && form.Get("modal") != "" {
		return s.replied(w, rq, r, o) // modal.go: posted from the reply dialog
	}
	if !isHTMX(r) {
		if parentCard != nil {
			http.Redirect(w, r, parentCard.URL+"#status-"+o.ID, http.StatusSeeOther)
		} else {
			http.Redirect(w, r, "/", http.StatusSeeOther)
		}
		return nil
	}
	fresh := s.newComposer(rq, parentCard)
	if parentCard == nil {
		s.renderPartial(w, http.StatusOK, "composer", fresh)
		return nil
	}
	// A reply on the thread page: a fresh reply form, and the new post appended to the replies.
	list, err := s.cards(ctx, rq, []*store.Object{o})
	if err != nil {
		return err
	}
	return s.writeParts(w, part{"composer", fresh}, part{"appended-reply", list})
}

// draftMedia gathers the post's attachments into c.Media: those uploaded already (media_ids[],
// with their alt text in media_alt[ID], saved through the media service), then the files of
// the form without JavaScript (file0…, alt text alt0…), uploaded now.
func (s *Service) draftMedia(r *http.Request, u *store.User, form url.Values, c *composer) error {
	var ids []string
	removed := map[string]bool{}
	for _, id := range form["media_remove[]"] {
		removed[id] = true
	}
	for _, id := range form["media_ids[]"] {
		if !removed[id] {
			ids = append(ids, id)
		}
	}
	var files []int
	if r.MultipartForm != nil {
		for i := 0; i < 16; i++ {
			if fh := r.MultipartForm.File["file"+strconv.Itoa(i)]; len(fh) > 0 && fh[0].Size > 0 {
				files = append(files, i)
			}
		}
	}
	if len(ids) == 0 && len(files) == 0 {
		return nil
	}
	ms := s.mediaService()
	if ms == nil {
		return &mastodon.Error{Status: http.StatusUnprocessableEntity, Msg: "This server does not take uploads"}
	}
	if max := s.api().Limits.MaxMediaAttachments; len(ids)+len(files) > max {
		return &mastodon.Error{Status: http.StatusUnprocessableEntity, Msg: fmt.Sprintf("A post may have at most %d attachments", max)}
	}
	ctx := r.Context()
	for _, id := range ids {
		alt, given := form["media_alt["+id+"]"]
		var m *store.Media
		var err error
		if given {
			desc := strings.TrimSpace(alt[0])
			m, err = ms.Update(ctx, u.ID, id, &desc, nil)
		} else {
			m, err = ms.Get(ctx, u.ID, id)
		}
		if err != nil {
			return err
		}
		c.Media = append(c.Media, s.draft(ms, m))
	}
	for _, i := range files {
		m, err := s.upload(ctx, ms, u, r.MultipartForm.File["file"+strconv.Itoa(i)][0], form.Get("alt"+strconv.Itoa(i)))
		if err != nil {
			return err
		}
		c.Media = append(c.Media, s.draft(ms, m))
	}
	return nil
}

// composeFailed shows the composer again with its text, its attachments and the error: in
// place with htmx (422, which the page's htmx configuration swaps), as a page of its own
// without.
func (s *Service) composeFailed(w http.ResponseWriter, r *http.Request, rq *request, c *composer, parent *card) error {
	if isHTMX(r) {
		s.renderPartial(w, http.StatusUnprocessableEntity, "composer", c)
		return nil
	}
	v := s.view(rq, "New post", struct {
		Composer *composer
		Parent   *card
	}{c, parent})
	s.renderPage(w, http.StatusUnprocessableEntity, "compose", v)
	return nil
}

// visibleStatus finds a status (Note or Question) by row id that the viewer may see; anything
// else is 404, so that hidden statuses look like missing ones.
func (s *Service) visibleStatus(ctx context.Context, rq *request, id string) (*store.Object, error) {
	if validID(id) == "" {
		return nil, errNotFound
	}
	o, err := s.opt.Store.ObjectByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if o.Type != "Note" && o.Type != "Question" {
		return nil, errNotFound
	}
	ok, err := s.opt.Store.CanView(ctx, o, rq.viewer())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotFound
	}
	return o, nil
}
