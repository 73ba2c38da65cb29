package mastodon

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// statusMedia checks the media_ids of a status being written by v (statusAPID is "" for a
// new status, the status itself for an edit): at most MaxMediaAttachments, each processed,
// v's own and not attached to another status. It returns them in the order given.
func (s *Service) statusMedia(ctx context.Context, v *viewer, statusAPID string, ids []string) ([]*store.Media, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > s.Limits.MaxMediaAttachments {
		return nil, badRequest(fmt.Sprintf("Validation failed: a status may have at most %d media attachments", s.Limits.MaxMediaAttachments))
	}
	if s.mediaService() == nil {
		return nil, badRequest("Validation failed: media attachments were not found")
	}
	list, err := s.Store.MediaForAttachment(ctx, v.user.ID, statusAPID, ids)
	if errors.Is(err, store.ErrMediaNotAttachable) {
		return nil, badRequest("Validation failed: media attachments were not found")
	}
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		if m.ProcessingError != "" {
			return nil, badRequest("Validation failed: media attachments were not found")
		}
		if m.ProcessedAt == nil {
			return nil, errNotProcessed()
		}
	}
	return list, nil
}

// errNotProcessed is Mastodon's answer to attaching an upload still being processed.
func errNotProcessed() error {
	return badRequest("Cannot attach files that have not finished processing. Try again in a moment!")
}

// apAttachments renders attachments as the note's ActivityStreams Documents, the way
// Mastodon federates them (blurhash, focalPoint, width and height included).
func (s *Service) apAttachments(list []*store.Media) []any {
	ms := s.mediaService()
	out := make([]any, 0, len(list))
	for _, m := range list {
		d := map[string]any{"type": "Document", "mediaType": m.MIME, "url": ms.URL(m.FileKey), "name": nil}
		if m.Description != "" {
			d["name"] = m.Description
		}
		if m.Blurhash != "" {
			d["blurhash"] = m.Blurhash
		}
		if m.Kind == media.TypeImage {
			d["focalPoint"] = []float64{m.FocusX, m.FocusY}
		}
		meta := media.RenderMeta(m)
		if o, ok := meta["original"].(map[string]any); ok {
			if w, ok := o["width"]; ok {
				d["width"], d["height"] = w, o["height"]
			}
		}
		out = append(out, d)
	}
	return out
}

// claimStatusMedia is the pipeline's AfterLocal hook (set by UseMedia): when a local Create
// of a note names our uploads, they are claimed for the note inside the ingesting
// transaction. store.Tx.AttachMedia is one conditional UPDATE that must match every upload,
// so of two statuses racing for one upload, the second matches nothing once the first has
// committed and is rolled back whole: no status is stored with an upload another one holds.
func (s *Service) claimStatusMedia(ctx context.Context, tx *store.Tx, obj ap.Object) error {
	ms := s.mediaService()
	if ms == nil || obj.Type() != "Create" {
		return nil
	}
	note, ok := obj.Embedded("object")
	if !ok {
		return nil
	}
	prefix := ms.URL("media/")
	var ids []string
	for _, a := range note.Objects("attachment") {
		if rest, ok := strings.CutPrefix(a.Ref("url"), prefix); ok {
			if id, _, ok := strings.Cut(rest, "/"); ok && id != "" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	author, err := tx.UserByAPID(ctx, obj.Ref("actor"))
	if err != nil {
		return err
	}
	err = tx.AttachMedia(ctx, author.ID, note.ID(), ids)
	if errors.Is(err, store.ErrMediaNotAttachable) {
		return badRequest("Validation failed: media attachments were not found")
	}
	return err
}

// attachStatusMedia records that the stored status statusAPID uses the media statusMedia
// returned, all or none (see store.AttachMedia).
func (s *Service) attachStatusMedia(ctx context.Context, v *viewer, statusAPID string, list []*store.Media) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	err := s.Store.AttachMedia(ctx, v.user.ID, statusAPID, ids)
	if errors.Is(err, store.ErrMediaNotAttachable) {
		return badRequest("Validation failed: media attachments were not found")
	}
	return err
}
