package mastodon

import (
	"context"
	"encoding/json"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// profileSource is what a local user typed into their profile and posting defaults, kept in
// users.data under "source": the plain text behind the HTML of users.bio and users.fields.
type profileSource struct {
	Note      string        `json:"note"`
	Privacy   string        `json:"privacy,omitempty"`
	Sensitive bool          `json:"sensitive,omitempty"`
	Language  string        `json:"language,omitempty"`
	Fields    []sourceField `json:"fields,omitempty"`
}

// sourceField is a profile field as typed.
type sourceField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// sourceOf reads the profile source of a local user; the note falls back to the bio's text.
func sourceOf(u *store.User) profileSource {
	var data struct {
		Source profileSource `json:"source"`
	}
	_ = json.Unmarshal(u.Data, &data)
	src := data.Source
	if src.Note == "" {
		src.Note = markup.StripTags(u.Bio)
	}
	if src.Privacy == "" {
		src.Privacy = "public"
	}
	if src.Fields == nil {
		var fs []sourceField
		_ = json.Unmarshal(u.Fields, &fs)
		for _, f := range fs {
			src.Fields = append(src.Fields, sourceField{Name: markup.StripTags(f.Name), Value: markup.StripTags(f.Value)})
		}
	}
	return src
}

// withSource returns u's data with the profile source replaced, keeping every other key.
func withSource(u *store.User, src profileSource) (json.RawMessage, error) {
	data := map[string]any{}
	_ = json.Unmarshal(u.Data, &data)
	raw, err := json.Marshal(src)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	merged, _ := data["source"].(map[string]any)
	if merged == nil {
		merged = map[string]any{}
	}
	for k := range sourceKeys {
		delete(merged, k)
	}
	for k, v := range m {
		merged[k] = v
	}
	data["source"] = merged
	return json.Marshal(data)
}

// sourceKeys are the keys of profileSource; other keys of the stored source are kept.
var sourceKeys = map[string]bool{"note": true, "privacy": true, "sensitive": true, "language": true, "fields": true}

// credentialAccount renders the signed-in user's CredentialAccount: the Account with its
// source and role.
func (s *Service) credentialAccount(ctx context.Context, u *store.User) (Account, error) {
	a, err := s.renderAccount(ctx, u)
	if err != nil {
		return Account{}, err
	}
	requests, err := s.Store.CountRelationships(ctx, store.RelFollowRequest, u.APID)
	if err != nil {
		return Account{}, err
	}
	src := sourceOf(u)
	fields := make([]Field, 0, len(src.Fields))
	for _, f := range src.Fields {
		fields = append(fields, Field{Name: f.Name, Value: f.Value})
	}
	a.Source = &Source{Privacy: src.Privacy, Sensitive: src.Sensitive, Language: src.Language, Note: src.Note,
		Fields: fields, FollowRequestsCount: requests, Discoverable: u.Discoverable, Indexable: u.Discoverable,
		AttributionDomains: []string{}}
	role := Role{ID: "-99", Name: "", Permissions: "0", Color: ""}
	if u.Admin {
		role = Role{ID: "3", Name: "Owner", Permissions: "1", Color: "", Highlighted: true}
	}
	a.Role = &role
	return a, nil
}
