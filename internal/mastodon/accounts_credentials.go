package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// Profile limits, as Mastodon's defaults (advertised in /api/v2/instance).
const (
	maxDisplayNameChars = 30
	maxNoteChars        = 500
)

var languageRE = regexp.MustCompile(`^[a-z]{2,3}$`)

// updateCredentials is PATCH /api/v1/accounts/update_credentials: the profile and posting
// defaults of the signed-in user, with avatar and header files (multipart). The new profile
// is federated as an Update of the actor.
func (s *Service) updateCredentials(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, err := parseParams(w, r, s.profileBodyLimit())
	if err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	ctx := r.Context()
	u := v.user // read with the token, for this request
	wasLocked := u.Locked
	if err := s.applyProfile(ctx, u, p); err != nil {
		return err
	}
	uploads, err := s.storeProfileImages(ctx, u, p) // profile_media.go
	if err != nil {
		return err
	}
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		uploads.discard()
		return err
	}
	uploads.commit()
	if err := s.federateProfile(ctx, u); err != nil {
		return err
	}
	if wasLocked && !u.Locked {
		if err := s.acceptAllFollowRequests(ctx, u); err != nil {
			return err
		}
	}
	a, err := s.credentialAccount(ctx, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// applyProfile validates the parameters and sets them on u; what is not given is kept.
func (s *Service) applyProfile(ctx context.Context, u *store.User, p *params) error {
	src := sourceOf(u)
	if p.Has("display_name") {
		name := p.String("display_name")
		if utf8.RuneCountInString(name) > maxDisplayNameChars {
			return badRequest(fmt.Sprintf("Validation failed: Display name is too long (maximum is %d characters)", maxDisplayNameChars))
		}
		u.Name = name
	}
	if p.Has("note") {
		note := p.String("note")
		if utf8.RuneCountInString(note) > maxNoteChars {
			return badRequest(fmt.Sprintf("Validation failed: Bio is too long (maximum is %d characters)", maxNoteChars))
		}
		src.Note = note
		u.Bio = ""
		if note != "" {
			u.Bio = s.formatBio(ctx, note)
		}
	}
	for _, b := range []struct {
		key string
		dst *bool
	}{{"locked", &u.Locked}, {"bot", &u.Bot}, {"discoverable", &u.Discoverable}, {"source[sensitive]", &src.Sensitive}} {
		val, given, err := p.Bool(b.key)
		if err != nil {
			return err
		}
		if given {
			*b.dst = val
		}
	}
	switch { // a bot is federated as a Service, as Mastodon does
	case u.Bot && u.ActorType == "Person":
		u.ActorType = "Service"
	case !u.Bot && u.ActorType == "Service":
		u.ActorType = "Person"
	}
	if fieldsGiven(p) {
		fields, err := parseFields(p)
		if err != nil {
			return err
		}
		src.Fields = fields
		stored := make([]map[string]string, 0, len(fields))
		for _, f := range fields {
			stored = append(stored, map[string]string{"name": f.Name, "value": fieldValueHTML(f.Value)})
		}
		if u.Fields, err = json.Marshal(stored); err != nil {
			return err
		}
	}
	if p.Has("source[privacy]") {
		priv := p.String("source[privacy]")
		if priv != ap.VisibilityPublic && priv != ap.VisibilityUnlisted && priv != ap.VisibilityPrivate {
			return badRequest("Validation failed: Privacy is not included in the list")
		}
		src.Privacy = priv
	}
	if p.Has("source[language]") {
		lang := p.String("source[language]")
		if lang != "" && !languageRE.MatchString(lang) {
			return badRequest("Validation failed: Language is not a valid language code")
		}
		src.Language = lang
	}
	if err := s.profileEmojis(ctx, u, src); err != nil { // custom_emojis.go
		return err
	}
	data, err := withSource(u, src)
	if err != nil {
		return err
	}
	u.Data = data
	return nil
}

// formatBio formats a bio as a status is: escaped, with links, mentions of known accounts and
// hashtags.
func (s *Service) formatBio(ctx context.Context, note string) string {
	return markup.Format(note, markup.FormatOptions{
		ResolveMention: func(nick, domain string) (string, bool) {
			u, err := s.resolveHandle(ctx, nick, domain)
			if err != nil {
				return "", false
			}
			return firstNonEmpty(u.URL, u.APID), true
		},
		HashtagURL: func(tag string) string { return s.BaseURL + "/tags/" + url.PathEscape(tag) },
	}).HTML
}
