package mastodon

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// statusPage is everything needed to render a page of statuses, loaded in a fixed number of
// queries: the boosted objects, authors and mentioned accounts, parents, counts and the
// viewer's own relationships.
type statusPage struct {
	objects   map[string]*store.Object // by ap_id: the rows, boosted objects and parents
	users     map[string]*store.User   // by ap_id
	counts    map[string]map[string]int
	replies   map[string]int
	reactions map[string][]store.ReactionCount
	mine      map[string]map[string]*store.Relationship
	acctCount accountCounts
	docs      map[string]ap.Object
	local     map[string][]MediaAttachment // attachments of local statuses, with their media ids
}

func (s *Service) loadStatusPage(ctx context.Context, v *viewer, rows []*store.Object) (*statusPage, error) {
	p := &statusPage{objects: map[string]*store.Object{}, docs: map[string]ap.Object{}}
	var boosted []string
	for _, o := range rows {
		p.objects[o.APID] = o
		if o.Type == "Announce" {
			boosted = append(boosted, o.Object)
		}
	}
	more, err := s.Store.ObjectsByAPIDs(ctx, boosted)
	if err != nil {
		return nil, err
	}
	for k, o := range more {
		p.objects[k] = o
	}
	var notes, actors, parents []string
	for _, o := range p.objects {
		actors = append(actors, o.Actor)
		if o.Type == "Announce" {
			continue
		}
		notes = append(notes, o.APID)
		doc := parseDoc(o.Data)
		p.docs[o.APID] = doc
		for _, t := range doc.Objects("tag") {
			if t.Type() == "Mention" {
				actors = append(actors, t.String("href"))
			}
		}
		if o.InReplyTo != "" {
			parents = append(parents, o.InReplyTo)
		}
	}
	localDocs := map[string]ap.Object{}
	for apID, doc := range p.docs {
		if o := p.objects[apID]; o != nil && o.HasMedia && (o.Local || s.cachesMedia()) { // remote: media cache
			localDocs[apID] = doc
		}
	}
	if p.local, err = s.localAttachments(ctx, localDocs, p.objects); err != nil {
		return nil, err
	}
	par, err := s.Store.ObjectsByAPIDs(ctx, parents)
	if err != nil {
		return nil, err
	}
	for k, o := range par {
		if _, ok := p.objects[k]; !ok {
			p.objects[k] = o
		}
		actors = append(actors, o.Actor)
	}
	if p.users, err = s.Store.UsersByAPIDs(ctx, actors); err != nil {
		return nil, err
	}
	if p.counts, err = s.Store.RelationshipCounts(ctx, []string{store.RelLike, store.RelAnnounce}, notes); err != nil {
		return nil, err
	}
	if p.replies, err = s.Store.ReplyCounts(ctx, notes); err != nil {
		return nil, err
	}
	if p.reactions, err = s.Store.ReactionCounts(ctx, notes); err != nil {
		return nil, err
	}
	keys := append([]string{}, notes...)
	for _, apID := range notes {
		keys = append(keys, store.ThreadKey(p.objects[apID]))
	}
	if p.mine, err = s.Store.RelationshipsOf(ctx, v.apID(), []string{store.RelLike, store.RelAnnounce, store.RelBookmark,
		store.RelMute, store.RelPin, store.RelEmojiReact}, keys); err != nil {
		return nil, err
	}
	var authors []*store.User
	for _, o := range rows {
		if u := p.users[o.Actor]; u != nil {
			authors = append(authors, u)
		}
	}
	for _, o := range more {
		if u := p.users[o.Actor]; u != nil {
			authors = append(authors, u)
		}
	}
	if p.acctCount, err = s.loadAccountCounts(ctx, authors); err != nil {
		return nil, err
	}
	return p, nil
}

func parseDoc(raw json.RawMessage) ap.Object {
	o, err := ap.Parse(raw)
	if err != nil {
		return ap.Object{}
	}
	return o
}

// renderStatuses renders rows (Notes, Questions, Announces) for viewer. Rows whose author
// or boosted object is not stored are left out.
func (s *Service) renderStatuses(ctx context.Context, v *viewer, rows []*store.Object) ([]Status, error) {
	p, err := s.loadStatusPage(ctx, v, rows)
	if err != nil {
		return nil, err
	}
	out := make([]Status, 0, len(rows))
	for _, o := range rows {
		st, ok := s.status(p, v, o)
		if ok {
			out = append(out, st)
		}
	}
	return out, nil
}

// renderStatus renders one row.
func (s *Service) renderStatus(ctx context.Context, v *viewer, o *store.Object) (Status, error) {
	list, err := s.renderStatuses(ctx, v, []*store.Object{o})
	if err != nil {
		return Status{}, err
	}
	if len(list) == 0 {
		return Status{}, errNotFound
	}
	return list[0], nil
}

func (s *Service) status(p *statusPage, v *viewer, o *store.Object) (Status, bool) {
	author := p.users[o.Actor]
	if author == nil {
		return Status{}, false
	}
	acct := s.account(author, p.acctCount)
	if o.Type == "Announce" {
		target := p.objects[o.Object]
		if target == nil {
			return Status{}, false
		}
		inner, ok := s.status(p, v, target)
		if !ok {
			return Status{}, false
		}
		return Status{
			ID: o.ID, URI: o.APID, URL: strPtr(o.APID), CreatedAt: formatTime(o.Published), Account: acct,
			Visibility: o.Visibility, Reblog: &inner, MediaAttachments: []MediaAttachment{}, Mentions: []Mention{},
			Tags: []Tag{}, Emojis: []CustomEmoji{}, Favourited: inner.Favourited, Reblogged: inner.Reblogged,
			Bookmarked: inner.Bookmarked, Muted: inner.Muted, Pinned: boolPtr(false),
			Pleroma: PleromaStatus{Local: o.Local, EmojiReactions: []Reaction{}},
		}, true
	}
	doc := p.docs[o.APID]
	st := Status{
		ID: o.ID, URI: o.APID, CreatedAt: formatTime(o.Published), Account: acct,
		Content: markup.Sanitize(doc.String("content")), Visibility: o.Visibility,
		Sensitive: doc.Bool("sensitive"), SpoilerText: markup.StripTags(doc.String("summary")),
		MediaAttachments: s.attachments(o, doc), Mentions: []Mention{}, Tags: []Tag{}, Emojis: []CustomEmoji{},
		ReblogsCount: p.counts[o.APID][store.RelAnnounce], FavouritesCount: p.counts[o.APID][store.RelLike],
		RepliesCount: p.replies[o.APID],
		Pleroma:      PleromaStatus{Local: o.Local, EmojiReactions: []Reaction{}},
	}
	if l, ok := p.local[o.APID]; ok {
		st.MediaAttachments = l
	}
	if u := doc.Ref("url"); strings.HasPrefix(u, "http") {
		st.URL = &u
	} else if o.Local {
		st.URL = strPtr(s.BaseURL + "/@" + author.Nickname + "/" + o.ID)
	} else {
		st.URL = strPtr(o.APID)
	}
	if t, ok := doc.Time("updated"); ok && t.After(o.Published) {
		st.EditedAt = strPtr(formatTime(t))
	}
	if m, ok := doc["contentMap"].(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 0 && len(keys[0]) <= 16 {
			st.Language = strPtr(keys[0])
		}
	}
	for _, t := range doc.Objects("tag") {
		switch t.Type() {
		case "Mention":
			if u := p.users[t.String("href")]; u != nil {
				st.Mentions = append(st.Mentions, Mention{ID: u.ID, Username: u.Nickname, URL: firstNonEmpty(u.URL, u.APID), Acct: u.Handle()})
			}
		case "Hashtag":
			if tag, ok := markup.NormalizeHashtag(t.String("name")); ok {
				st.Tags = append(st.Tags, Tag{Name: tag, URL: s.BaseURL + "/tags/" + url.PathEscape(tag)})
			}
		case "Emoji":
			if e, ok := emojiOfTag(t); ok { // emojis_of.go
				st.Emojis = append(st.Emojis, e)
			}
		}
	}
	if o.InReplyTo != "" {
		if parent := p.objects[o.InReplyTo]; parent != nil {
			st.InReplyToID = strPtr(parent.ID)
			if pu := p.users[parent.Actor]; pu != nil {
				st.InReplyToAccountID = strPtr(pu.ID)
				st.Pleroma.InReplyToAccountAcct = strPtr(pu.Handle())
			}
		}
	}
	if o.Context != "" {
		st.Pleroma.ConversationID = strPtr(o.Context)
	}
	mine := p.mine[o.APID]
	if v.apID() != "" {
		st.Favourited = boolPtr(mine[store.RelLike] != nil)
		st.Reblogged = boolPtr(mine[store.RelAnnounce] != nil)
		st.Bookmarked = boolPtr(mine[store.RelBookmark] != nil)
		st.Muted = boolPtr(mine[store.RelMute] != nil || p.mine[store.ThreadKey(o)][store.RelMute] != nil)
		st.Pinned = boolPtr(o.Actor == v.apID() && mine[store.RelPin] != nil)
	}
	for _, rc := range p.reactions[o.APID] {
		r := Reaction{Name: rc.Emoji, Count: rc.Count, Me: mine[store.RelEmojiReact+rc.Emoji] != nil}
		if rc.URL != "" {
			r.URL, r.StaticURL = strPtr(rc.URL), strPtr(rc.URL)
		}
		st.Pleroma.EmojiReactions = append(st.Pleroma.EmojiReactions, r)
	}
	if o.Type == "Question" {
		st.Poll = s.poll(o, doc, v)
	}
	return st, true
}

// attachments renders a note's attachments. Remote media is referenced by its URL.
func (s *Service) attachments(o *store.Object, doc ap.Object) []MediaAttachment {
	out := []MediaAttachment{}
	for i, a := range doc.Objects("attachment") {
		u := a.Ref("url")
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			continue
		}
		mt := a.String("mediaType")
		typ := "unknown"
		switch {
		case strings.HasPrefix(mt, "image/gif"):
			typ = "gifv"
		case strings.HasPrefix(mt, "image/"), a.Type() == "Image":
			typ = "image"
		case strings.HasPrefix(mt, "video/"), a.Type() == "Video":
			typ = "video"
		case strings.HasPrefix(mt, "audio/"), a.Type() == "Audio":
			typ = "audio"
		}
		m := MediaAttachment{ID: fmt.Sprintf("%s%02d", o.ID, i), Type: typ, URL: u, PreviewURL: strPtr(u), Meta: map[string]any{}}
		if !o.Local {
			m.RemoteURL = strPtr(u)
		}
		if d := a.String("name"); d != "" {
			m.Description = strPtr(d)
		}
		if b := a.String("blurhash"); b != "" && len(b) < 128 {
			m.Blurhash = strPtr(b)
		}
		out = append(out, m)
	}
	return out
}

// poll renders a Question.
func (s *Service) poll(o *store.Object, doc ap.Object, v *viewer) *Poll {
	p := &Poll{ID: o.ID, Options: []PollOption{}, Emojis: []CustomEmoji{}}
	opts := doc.Objects("oneOf")
	if any := doc.Objects("anyOf"); len(any) > 0 {
		opts, p.Multiple = any, true
	}
	total := 0
	for _, opt := range opts {
		n := 0
		if r, ok := opt.Embedded("replies"); ok {
			if num, ok := r["totalItems"].(json.Number); ok {
				if i, err := num.Int64(); err == nil && i >= 0 {
					n = int(i)
				}
			}
		}
		total += n
		p.Options = append(p.Options, PollOption{Title: opt.String("name"), VotesCount: intPtr(n)})
	}
	p.VotesCount = total
	if n, ok := doc["votersCount"].(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			p.VotersCount = intPtr(int(i))
		}
	} else if !p.Multiple {
		p.VotersCount = intPtr(total)
	}
	end, ok := doc.Time("endTime")
	if !ok {
		end, ok = doc.Time("closed")
	}
	if ok {
		p.ExpiresAt = strPtr(formatTime(end))
		p.Expired = time.Now().After(end)
	}
	if v.apID() != "" {
		var internal struct {
			Voters map[string][]string `json:"voters"`
		}
		_ = json.Unmarshal(o.Internal, &internal)
		own := []int{}
		for _, choice := range internal.Voters[v.apID()] {
			for i, opt := range p.Options {
				if opt.Title == choice {
					own = append(own, i)
				}
			}
		}
		p.Voted = boolPtr(len(own) > 0 || o.Actor == v.apID())
		p.OwnVotes = own
	}
	return p
}

func strPtr(s string) *string { return &s }
func boolPtr(b bool) *bool    { return &b }
func intPtr(i int) *int       { return &i }
