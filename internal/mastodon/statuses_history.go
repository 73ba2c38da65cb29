package mastodon

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// StatusEdit is the Mastodon StatusEdit entity: one version of a status.
type StatusEdit struct {
	Content          string            `json:"content"`
	SpoilerText      string            `json:"spoiler_text"`
	Sensitive        bool              `json:"sensitive"`
	CreatedAt        string            `json:"created_at"`
	Account          Account           `json:"account"`
	Poll             *StatusEditPoll   `json:"poll"`
	MediaAttachments []MediaAttachment `json:"media_attachments"`
	Emojis           []CustomEmoji     `json:"emojis"`
}

// StatusEditPoll is the poll of a status version: its option titles only.
type StatusEditPoll struct {
	Options []StatusEditOption `json:"options"`
}

// StatusEditOption is an option of a StatusEditPoll.
type StatusEditOption struct {
	Title string `json:"title"`
}

// StatusSource is the Mastodon StatusSource entity: what the author typed, for editing.
type StatusSource struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	SpoilerText string `json:"spoiler_text"`
}

// statusHistory is GET /api/v1/statuses/:id/history: every known version, oldest first, the
// current one last (a status never edited has one). The earlier versions are the snapshots
// the pipeline keeps in the internal {"history": [...]} when it applies an edit.
func (s *Service) statusHistory(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	o, err := s.target(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	author, err := s.Store.UserByAPID(ctx, o.Actor)
	if err != nil {
		return err
	}
	acct, err := s.renderAccount(ctx, author)
	if err != nil {
		return err
	}
	var internal struct {
		History []ap.Object `json:"history"`
	}
	dec := json.NewDecoder(bytes.NewReader(o.Internal))
	dec.UseNumber()
	_ = dec.Decode(&internal)
	out := make([]StatusEdit, 0, len(internal.History)+1)
	for _, snap := range internal.History {
		at, ok := snap.Time("at")
		if !ok {
			at = o.Published
		}
		out = append(out, s.statusEdit(o, snap, at, acct))
	}
	doc := parseDoc(o.Data)
	at := o.Published
	if t, ok := doc.Time("updated"); ok && t.After(at) {
		at = t
	}
	out = append(out, s.statusEdit(o, doc, at, acct))
	writeJSON(w, http.StatusOK, out)
	return nil
}

// statusEdit renders one version: a stored snapshot (content, summary, sensitive,
// attachment, tag, options) or the current document.
func (s *Service) statusEdit(o *store.Object, doc ap.Object, at time.Time, acct Account) StatusEdit {
	e := StatusEdit{Content: markup.Sanitize(doc.String("content")), SpoilerText: markup.StripTags(doc.String("summary")),
		Sensitive: doc.Bool("sensitive"), CreatedAt: formatTime(at), Account: acct,
		MediaAttachments: s.attachments(o, doc), Emojis: []CustomEmoji{}}
	for _, t := range doc.Objects("tag") {
		if t.Type() != "Emoji" {
			continue
		}
		if icon, ok := t.Embedded("icon"); ok {
			if src := icon.Ref("url"); strings.HasPrefix(src, "http") {
				e.Emojis = append(e.Emojis, CustomEmoji{Shortcode: strings.Trim(t.String("name"), ":"), URL: src, StaticURL: src})
			}
		}
	}
	var titles []string
	if names, ok := doc["options"].([]any); ok { // a snapshot
		for _, n := range names {
			if s, ok := n.(string); ok {
				titles = append(titles, s)
			}
		}
	}
	for _, opt := range append(doc.Objects("oneOf"), doc.Objects("anyOf")...) { // the current version
		titles = append(titles, opt.String("name"))
	}
	if len(titles) > 0 {
		e.Poll = &StatusEditPoll{Options: []StatusEditOption{}}
		for _, t := range titles {
			e.Poll.Options = append(e.Poll.Options, StatusEditOption{Title: t})
		}
	}
	return e
}

// statusSource is GET /api/v1/statuses/:id/source: the plain text the author typed (the
// note's source), for the author only.
func (s *Service) statusSource(w http.ResponseWriter, r *http.Request, v *viewer) error {
	o, err := s.statusByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if o.Actor != v.user.APID || o.Type == "Announce" {
		return errNotFound
	}
	doc := parseDoc(o.Data)
	src := StatusSource{ID: o.ID, SpoilerText: markup.StripTags(doc.String("summary"))}
	if source, ok := doc.Embedded("source"); ok {
		src.Text = source.String("content")
	} else {
		src.Text = markup.StripTags(doc.String("content"))
	}
	writeJSON(w, http.StatusOK, src)
	return nil
}
