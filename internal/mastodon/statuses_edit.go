package mastodon

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// editStatus is PUT /api/v1/statuses/:id: only the author edits a status. Like Mastodon, the
// text, content warning and sensitivity are replaced by what is sent (absent means empty);
// the language is kept unless given; visibility, the parent and the thread never change. Poll
// options may change only while nobody has voted; the descriptions of its attachments change
// with media_attributes. The new version goes out as an
// Update{Note} with the same id, which the pipeline applies (keeping the earlier version in the
// edit history) and federates.
func (s *Service) editStatus(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	p, err := parseParams(w, r, maxBodyBytes)
	if err != nil {
		return err
	}
	o, err := s.statusByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if o.Actor != v.user.APID || o.Type == "Announce" || !o.Local {
		return errNotFound
	}
	for _, k := range []string{"visibility", "in_reply_to_id", "scheduled_at"} {
		p.v.Del(k) // not editable: parseCompose must neither check nor use them
	}
	c, err := s.parseCompose(ctx, v, p, o.APID)
	if err != nil {
		return err
	}
	old := parseDoc(o.Data)
	c.visibility = o.Visibility
	if !p.Has("language") {
		c.language = languageOf(old)
	}
	note, err := s.buildNote(ctx, v.user, c)
	if err != nil {
		return err
	}
	if err := editedPoll(o, old, note, c, p.Has("poll[expires_in]"), p.Has("poll[multiple]")); err != nil {
		return err
	}
	keepIdentity(o, old, note)
	described, err := s.editedMediaDescriptions(ctx, v, o, note, p) // statuses_edit_media.go
	if err != nil {
		return err
	}
	if err := s.local(ctx, ap.Object{"id": s.Pipeline.NewObjectID(), "type": "Update", "actor": v.user.APID,
		"object": map[string]any(note), "to": note["to"], "cc": note["cc"], "published": note["updated"]}); err != nil {
		return err
	}
	if err := s.saveMediaDescriptions(ctx, described); err != nil {
		return err
	}
	return s.respondStatus(w, r, v, o)
}

// keepIdentity makes the freshly built note the new version of the stored one: same id, url,
// publication time, parent, thread and attachments, "updated" now; and addressed to everyone
// the earlier version was, so that an edit never takes a status away from its readers (new
// mentions add recipients).
func keepIdentity(o *store.Object, old, note ap.Object) {
	note["id"] = o.APID
	for _, k := range []string{"url", "published", "inReplyTo", "context", "conversation", "attachment"} {
		if v, ok := old[k]; ok {
			note[k] = v
		} else {
			delete(note, k)
		}
	}
	note["updated"] = time.Now().UTC().Format(timeFormat)
	for _, f := range []string{"to", "cc"} {
		ids := old.IDs(f)
		for _, id := range note.IDs(f) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		list := make([]any, len(ids))
		for i, id := range ids {
			list[i] = id
		}
		note[f] = list
	}
}

// languageOf is the language of a stored note: the key of its contentMap, "" without one.
func languageOf(doc ap.Object) string {
	m, _ := doc["contentMap"].(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// editedPoll settles the poll of an edited status. A Note cannot gain a poll nor a Question
// lose one (the pipeline refuses type changes). Without new options the poll stays as it is;
// with the same options (and choice mode) its votes stay; different options replace it only
// while nobody has voted. The end time changes only when expires_in is given.
func editedPoll(o *store.Object, old, note ap.Object, c *compose, expiresGiven, multipleGiven bool) error {
	if o.Type != "Question" {
		if len(c.pollOptions) > 0 {
			return badRequest("Validation failed: a poll cannot be added to a status without one")
		}
		return nil
	}
	key, opts := "oneOf", old.Objects("oneOf")
	if any := old.Objects("anyOf"); len(any) > 0 {
		key, opts = "anyOf", any
	}
	names := make([]string, len(opts))
	for i, opt := range opts {
		names[i] = opt.String("name")
	}
	multiple := key == "anyOf"
	if multipleGiven {
		multiple = c.pollMultiple
	}
	keep := len(c.pollOptions) == 0 || (slices.Equal(names, c.pollOptions) && multiple == (key == "anyOf"))
	if !keep && pollHasVotes(o, old) {
		return badRequest("Validation failed: the options of a poll that has votes cannot change")
	}
	fresh := note["oneOf"]
	if fresh == nil {
		fresh = note["anyOf"]
	}
	delete(note, "oneOf")
	delete(note, "anyOf")
	if keep {
		for _, k := range []string{key, "votersCount", "closed"} {
			if v, ok := old[k]; ok {
				note[k] = v
			}
		}
	} else if multiple {
		note["anyOf"] = fresh
	} else {
		note["oneOf"] = fresh
	}
	note["type"] = "Question"
	if !expiresGiven {
		if end, ok := old["endTime"]; ok {
			note["endTime"] = end
		} else {
			delete(note, "endTime")
		}
	}
	return nil
}

// pollHasVotes reports whether anyone voted in a poll: a local voter, or a vote count.
func pollHasVotes(o *store.Object, doc ap.Object) bool {
	var internal struct {
		Voters map[string][]string `json:"voters"`
	}
	_ = json.Unmarshal(o.Internal, &internal)
	if len(internal.Voters) > 0 {
		return true
	}
	if n, ok := doc["votersCount"].(json.Number); ok && n.String() != "0" {
		return true
	}
	for _, opt := range append(doc.Objects("oneOf"), doc.Objects("anyOf")...) {
		if r, ok := opt.Embedded("replies"); ok {
			if n, ok := r["totalItems"].(json.Number); ok && n.String() != "0" {
				return true
			}
		}
	}
	return false
}
