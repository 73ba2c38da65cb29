package web

import (
	"context"
	"html/template"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// card is one status as the status partial shows it. For a boost, ID is the Announce's row
// (the card's DOM id and what its buttons post to) and the rest describes the boosted status.
type card struct {
	ID          string
	StatusID    string
	URL         string // the thread page
	Author      person
	BoostedBy   *person
	ReplyTo     *person
	Published   time.Time
	Content     template.HTML // through markup.Sanitize and markup.Emojify
	Summary     string        // the content warning, plain text
	SummaryHTML template.HTML // the same with its custom emoji (emoji_render.go)
	Sensitive   bool
	Attachments []attachment
	Poll        *poll
	Replies     int
	Boosts      int
	Likes       int
	Liked       bool
	Boosted     bool
	Bookmarked  bool
	Visibility  string
	CanBoost    bool
	Reactions   []reaction  // emoji reactions, most used first (reactions.go)
	Mine        bool        // the viewer wrote it: edit and delete are offered (edit.go)
	Filter      *filterMark // what the viewer's keyword filters make of it (filters.go)

	// Set per rendering, not by the loader.
	Focused  bool   // the thread's highlighted status
	OOB      bool   // rendered as an htmx out-of-band replacement (live updates)
	Live     bool   // arrived through the live stream: it slides in
	SignedIn bool   // show the action forms
	CSRF     string // the token of those forms
}

// person is an author as cards and profiles show them.
type person struct {
	Name     string
	NameHTML template.HTML // Name with its custom emoji (emoji_render.go)
	Handle   string        // @nick, or @nick@domain for remote accounts
	URL      string        // the profile page on this site
	Avatar   string        // "" when unknown or not http(s): the page shows an initial instead
	Bot      bool
}

// attachment is a media attachment; Type is image, video, audio or link.
type attachment struct {
	Type string
	URL  string
	Alt  string
}

// poll holds a poll's results.
type poll struct {
	Options  []pollOption
	Voters   int
	Multiple bool
	Expired  bool
	EndsAt   time.Time
	voting   // who may vote, and how the viewer voted (polls.go)
}

type pollOption struct {
	Index     int
	Mine      bool // the viewer chose it
	Title     string
	TitleHTML template.HTML // Title with the status's custom emoji
	Votes     int
	Percent   int
}

// cards turns timeline rows (Notes, Questions, Announces) into cards in a fixed number of
// queries, whatever their number: boosted statuses, parents, authors, counts and the
// viewer's own likes, boosts and bookmarks are each loaded in one batch. Rows whose author
// or boosted status is not stored are left out. The rows' visibility was checked by the
// query that found them.
func (s *Service) cards(ctx context.Context, rq *request, rows []*store.Object) ([]*card, error) {
	st := s.opt.Store
	objects := map[string]*store.Object{}
	var boosted []string
	for _, o := range rows {
		objects[o.APID] = o
		if o.Type == "Announce" {
			boosted = append(boosted, o.Object)
		}
	}
	more, err := st.ObjectsByAPIDs(ctx, boosted)
	if err != nil {
		return nil, err
	}
	var notes, actors, parents []string
	for _, o := range rows {
		if o.Type == "Announce" {
			if o = more[o.Object]; o == nil {
				continue
			}
		}
		notes = append(notes, o.APID)
		actors = append(actors, o.Actor)
		if o.InReplyTo != "" {
			parents = append(parents, o.InReplyTo)
		}
	}
	for _, o := range rows {
		actors = append(actors, o.Actor)
	}
	par, err := st.ObjectsByAPIDs(ctx, parents)
	if err != nil {
		return nil, err
	}
	for _, o := range par {
		actors = append(actors, o.Actor)
	}
	users, err := st.UsersByAPIDs(ctx, actors)
	if err != nil {
		return nil, err
	}
	counts, err := st.RelationshipCounts(ctx, []string{store.RelLike, store.RelAnnounce}, notes)
	if err != nil {
		return nil, err
	}
	replies, err := st.ReplyCounts(ctx, notes)
	if err != nil {
		return nil, err
	}
	mine, err := st.RelationshipsOf(ctx, rq.viewer(), []string{store.RelLike, store.RelAnnounce, store.RelBookmark}, notes)
	if err != nil {
		return nil, err
	}
	reactions, err := s.reactionsOf(ctx, rq, notes) // reactions.go
	if err != nil {
		return nil, err
	}
	out := make([]*card, 0, len(rows))
	for _, row := range rows {
		o := row
		var booster *person
		if row.Type == "Announce" {
			if o = more[row.Object]; o == nil || users[row.Actor] == nil {
				continue
			}
			p := s.person(users[row.Actor])
			booster = &p
		}
		author := users[o.Actor]
		if author == nil {
			continue
		}
		c := s.card(o, author, rq)
		c.ID, c.BoostedBy = row.ID, booster
		if parent := par[o.InReplyTo]; parent != nil && users[parent.Actor] != nil {
			p := s.person(users[parent.Actor])
			c.ReplyTo = &p
		}
		c.Likes, c.Boosts, c.Replies = counts[o.APID][store.RelLike], counts[o.APID][store.RelAnnounce], replies[o.APID]
		m := mine[o.APID]
		c.Liked, c.Boosted, c.Bookmarked = m[store.RelLike] != nil, m[store.RelAnnounce] != nil, m[store.RelBookmark] != nil
		c.Reactions = reactions[o.APID]
		out = append(out, c)
	}
	return out, nil
}

// card renders what one status row says by itself.
func (s *Service) card(o *store.Object, author *store.User, rq *request) *card {
	doc, err := ap.Parse(o.Data)
	if err != nil {
		doc = ap.Object{}
	}
	emojis := s.emojiMap(mastodon.NoteEmojis(doc)) // emoji_render.go
	c := &card{ID: o.ID, StatusID: o.ID, URL: s.statusPath(o, author), Author: s.person(author), Published: o.Published,
		Content: emojifyHTML(markup.Sanitize(doc.String("content")), emojis), Summary: markup.StripTags(doc.String("summary")),
		Sensitive: doc.Bool("sensitive"), Visibility: o.Visibility, SignedIn: rq.user != nil, CSRF: rq.csrf,
		Mine: rq.user != nil && o.Actor == rq.user.APID && o.Local}
	c.SummaryHTML = emojifyText(c.Summary, emojis)
	c.CanBoost = o.Visibility == ap.VisibilityPublic || o.Visibility == ap.VisibilityUnlisted ||
		(o.Visibility == ap.VisibilityPrivate && o.Actor == rq.viewer())
	for _, a := range doc.Objects("attachment") {
		u := a.Ref("url")
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			continue
		}
		mt, typ := a.String("mediaType"), "link"
		switch {
		case strings.HasPrefix(mt, "image/"), a.Type() == "Image":
			typ = "image"
		case strings.HasPrefix(mt, "video/"), a.Type() == "Video":
			typ = "video"
		case strings.HasPrefix(mt, "audio/"), a.Type() == "Audio":
			typ = "audio"
		}
		c.Attachments = append(c.Attachments, attachment{Type: typ, URL: u, Alt: a.String("name")})
	}
	if o.Type == "Question" {
		c.Poll = pollOf(doc, s.now())
		for i := range c.Poll.Options {
			c.Poll.Options[i].TitleHTML = emojifyText(c.Poll.Options[i].Title, emojis)
		}
		s.pollViewer(c, o, rq) // polls.go
	}
	return c
}

// pollOf reads a Question's options and counts.
func pollOf(doc ap.Object, now time.Time) *poll {
	p := &poll{}
	opts := doc.Objects("oneOf")
	if any := doc.Objects("anyOf"); len(any) > 0 {
		opts, p.Multiple = any, true
	}
	total := 0
	for _, opt := range opts {
		n := 0
		if r, ok := opt.Embedded("replies"); ok {
			n = intOf(r["totalItems"])
		}
		total += n
		p.Options = append(p.Options, pollOption{Title: opt.String("name"), Votes: n})
	}
	for i := range p.Options {
		if total > 0 {
			p.Options[i].Percent = p.Options[i].Votes * 100 / total
		}
	}
	p.Voters = total
	if _, ok := doc["votersCount"]; ok {
		p.Voters = intOf(doc["votersCount"])
	}
	if end, ok := doc.Time("endTime"); ok {
		p.EndsAt, p.Expired = end, now.After(end)
	} else if end, ok := doc.Time("closed"); ok {
		p.EndsAt, p.Expired = end, true
	}
	return p
}

// intOf reads a non-negative JSON number.
func intOf(v any) int {
	type int64er interface{ Int64() (int64, error) }
	if n, ok := v.(int64er); ok {
		if i, err := n.Int64(); err == nil && i >= 0 && i < 1<<31 {
			return int(i)
		}
	}
	if f, ok := v.(float64); ok && f >= 0 && f < 1<<31 {
		return int(f)
	}
	return 0
}

func (s *Service) person(u *store.User) person {
	p := person{Name: strings.TrimSpace(u.Name), Handle: "@" + u.Handle(), URL: "/@" + u.Handle(), Bot: u.Bot}
	if p.Name == "" {
		p.Name = u.Nickname
	}
	p.NameHTML = emojifyText(p.Name, s.emojiMap(mastodon.AccountEmojis(u.Emojis)))
	if strings.HasPrefix(u.AvatarURL, "https://") || strings.HasPrefix(u.AvatarURL, "http://") {
		p.Avatar = u.AvatarURL
	}
	return p
}

// statusPath is the thread page of a status: /@nick/{id} for ours, where id is the last
// segment of its ActivityPub id (the canonical URL the API and ActivityPub give as url), and
// /@nick@domain/{row id} for remote ones.
func (s *Service) statusPath(o *store.Object, author *store.User) string {
	if prefix := s.opt.BaseURL + "/objects/"; strings.HasPrefix(o.APID, prefix) {
		return "/@" + author.Handle() + "/" + strings.TrimPrefix(o.APID, prefix)
	}
	return "/@" + author.Handle() + "/" + o.ID
}
