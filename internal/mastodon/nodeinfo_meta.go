package mastodon

import (
	"context"
	"errors"

	"github.com/egregoros/egregoros/internal/store"
)

// NodeInfoMetadata is what the client API adds to NodeInfo's metadata, in the names Pleroma
// gives them: Pleroma-FE reads its features and limits from /nodeinfo/2.0.json and stops
// reading at the first missing object (uploadLimits, suggestions, federation, staffAccounts);
// megalodon's detector reads upstream.
// The features and limits are those of /api/v1/instance, from the same values.
func (s *Service) NodeInfoMetadata(ctx context.Context) (map[string]any, error) {
	staff := []string{}
	admin, err := s.Store.FirstLocalAdmin(ctx)
	switch {
	case err == nil:
		staff = append(staff, admin.APID)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	c := s.instanceConfig()
	p := s.instancePleroma().Metadata
	return map[string]any{
		"nodeDescription": "",
		"features":        p.Features,
		"postFormats":     p.PostFormats,
		"fieldsLimits": map[string]int{"maxFields": p.FieldsLimits.MaxFields, "maxRemoteFields": p.FieldsLimits.MaxRemoteFields,
			"nameLength": p.FieldsLimits.NameLength, "valueLength": p.FieldsLimits.ValueLength},
		"uploadLimits": map[string]int{"general": videoSizeLimit, "avatar": imageSizeLimit, "background": imageSizeLimit,
			"banner": imageSizeLimit},
		"pollLimits": map[string]int{"max_options": c.Polls.MaxOptions, "max_option_chars": c.Polls.MaxCharactersPerOption,
			"min_expiration": c.Polls.MinExpiration, "max_expiration": c.Polls.MaxExpiration},
		"suggestions":               map[string]any{"enabled": false},
		"federation":                map[string]any{"enabled": true, "exclusions": false, "mrf_policies": []string{}},
		"staffAccounts":             staff,
		"restrictedNicknames":       []string{},
		"accountActivationRequired": p.AccountActivationRequired,
		"invitesEnabled":            false,
		"mailerEnabled":             false,
		"private":                   false,
		// Clients built on megalodon (Whalebird) tell servers apart by software.name, and take
		// an unknown one for Mastodon only when this says its client API is Mastodon's.
		"upstream": map[string]string{"name": "mastodon"},
	}, nil
}
