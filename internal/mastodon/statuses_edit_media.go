package mastodon

import (
	"context"
	"errors"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// mediaDescription is one description an edit changes.
type mediaDescription struct {
	m    *store.Media
	text string
}

// editedMediaDescriptions reads an edit's media_attributes[][id] and [][description] (as
// Mastodon takes them: only the description and focus of the status's own attachments change
// by an edit) and writes each description into the new version's Document (its "name").
// The returned descriptions are saved with saveMediaDescriptions once the edit is stored.
// An id that is not one of the status's own uploads is refused as Mastodon refuses it.
func (s *Service) editedMediaDescriptions(ctx context.Context, v *viewer, o *store.Object, note ap.Object, p *params) ([]mediaDescription, error) {
	attrs := attrList(p, "media_attributes")
	if len(attrs) == 0 {
		return nil, nil
	}
	ms := s.mediaService()
	if ms == nil {
		return nil, badRequest("Validation failed: media attachments were not found")
	}
	docs, _ := note["attachment"].([]any)
	var out []mediaDescription
	for _, a := range attrs {
		text, given := a["description"]
		if !given {
			continue
		}
		m, err := s.Store.MediaByID(ctx, a["id"])
		if errors.Is(err, store.ErrNotFound) || (err == nil && (m.UserID != v.user.ID || m.StatusAPID != o.APID)) {
			return nil, badRequest("Validation failed: media attachments were not found")
		}
		if err != nil {
			return nil, err
		}
		text = strings.TrimSpace(text)
		if err := (media.Attributes{Description: text, Focus: media.Focus{X: m.FocusX, Y: m.FocusY}}).Validate(); err != nil {
			return nil, badRequest("Validation failed: " + err.Error())
		}
		url := ms.URL(m.FileKey)
		for _, d := range docs {
			if doc, ok := d.(map[string]any); ok && doc["url"] == url {
				doc["name"] = nil
				if text != "" {
					doc["name"] = text
				}
			}
		}
		out = append(out, mediaDescription{m: m, text: text})
	}
	return out, nil
}

// saveMediaDescriptions stores the descriptions an edit changed (editedMediaDescriptions).
func (s *Service) saveMediaDescriptions(ctx context.Context, list []mediaDescription) error {
	for _, d := range list {
		if err := s.Store.UpdateMedia(ctx, d.m.UserID, d.m.ID, d.text, d.m.FocusX, d.m.FocusY); err != nil {
			return err
		}
	}
	return nil
}
