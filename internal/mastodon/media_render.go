package mastodon

import (
	"context"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// renderMedia renders a local attachment. remote_url is null: the file is ours.
func renderMedia(ms *media.Service, m *store.Media) MediaAttachment {
	a := MediaAttachment{ID: m.ID, Type: m.Kind, URL: ms.URL(m.FileKey), Meta: media.RenderMeta(m)}
	if m.PreviewKey != "" {
		a.PreviewURL = strPtr(ms.URL(m.PreviewKey))
	}
	if m.Description != "" {
		a.Description = strPtr(m.Description)
	}
	if m.Blurhash != "" {
		a.Blurhash = strPtr(m.Blurhash)
	}
	return a
}

// processing is an attachment still being processed: its url is null until it is ready.
func processing(a MediaAttachment) map[string]any {
	return map[string]any{"id": a.ID, "type": a.Type, "url": nil, "preview_url": a.PreviewURL, "remote_url": nil,
		"meta": a.Meta, "description": a.Description, "blurhash": a.Blurhash}
}

// localAttachments renders the attachments of our own statuses (by ap_id) from their rows,
// in the order of each note's attachment list, so they carry their real ids; with the media
// cache on, remote statuses in docs get their cached copies (cachedAttachments). A page
// costs one query.
func (s *Service) localAttachments(ctx context.Context, docs map[string]ap.Object, objects map[string]*store.Object) (map[string][]MediaAttachment, error) {
	ms := s.mediaService()
	out := map[string][]MediaAttachment{}
	if ms == nil || len(docs) == 0 {
		return out, nil
	}
	ids := make([]string, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	rows, err := s.Store.MediaByStatuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, list := range rows {
		if o := objects[id]; o != nil && !o.Local {
			if l := s.cachedAttachments(ms, o, docs[id], list); l != nil {
				out[id] = l
			}
			continue
		}
		byURL := map[string]*store.Media{}
		for _, m := range list {
			byURL[ms.URL(m.FileKey)] = m
		}
		var ordered []MediaAttachment
		for _, a := range docs[id].Objects("attachment") {
			if m := byURL[a.Ref("url")]; m != nil {
				ordered = append(ordered, renderMedia(ms, m))
				delete(byURL, a.Ref("url"))
			}
		}
		for _, m := range list {
			if byURL[ms.URL(m.FileKey)] != nil {
				ordered = append(ordered, renderMedia(ms, m))
			}
		}
		out[id] = ordered
	}
	return out, nil
}

// cachesMedia reports whether remote media is served from the media cache.
func (s *Service) cachesMedia() bool { return s.mediaService().CachesRemote() }

// cachedAttachments renders a remote status's attachments with the cached copies in place of
// the remote files (url, preview_url, meta, blurhash); remote_url stays the original and the
// ids stay those of the uncached rendering. Attachments without a copy are unchanged.
func (s *Service) cachedAttachments(ms *media.Service, o *store.Object, doc ap.Object, rows []*store.Media) []MediaAttachment {
	byRemote := map[string]*store.Media{}
	for _, m := range rows {
		if m.RemoteURL != "" {
			byRemote[m.RemoteURL] = m
		}
	}
	if len(byRemote) == 0 {
		return nil
	}
	list := s.attachments(o, doc)
	for i, a := range list {
		if a.RemoteURL == nil {
			continue
		}
		m := byRemote[*a.RemoteURL]
		if m == nil {
			continue
		}
		c := renderMedia(ms, m)
		c.ID, c.RemoteURL, c.Description = a.ID, a.RemoteURL, a.Description
		list[i] = c
	}
	return list
}
