package mastodon

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/store"
)

// timeFormat is how Mastodon writes times: ISO 8601 with milliseconds, UTC.
const timeFormat = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// defaultAvatar and defaultHeader are served for accounts without their own images.
func (s *Service) defaultAvatar() string { return s.BaseURL + "/static/avatar.png" }
func (s *Service) defaultHeader() string { return s.BaseURL + "/static/header.png" }

// accountCounts are the numbers an Account shows.
type accountCounts struct {
	followers, following, statuses map[string]int
}

func (s *Service) loadAccountCounts(ctx context.Context, users []*store.User) (accountCounts, error) {
	ids := make([]string, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.APID)
	}
	var c accountCounts
	fol, err := s.Store.RelationshipCounts(ctx, []string{store.RelFollow}, ids)
	if err != nil {
		return c, err
	}
	c.followers = map[string]int{}
	for id, m := range fol {
		c.followers[id] = m[store.RelFollow]
	}
	if c.following, err = s.Store.RelationshipCountsBy(ctx, store.RelFollow, ids); err != nil {
		return c, err
	}
	if c.statuses, err = s.Store.StatusCounts(ctx, ids); err != nil {
		return c, err
	}
	return c, nil
}

// renderAccounts renders users with their counts in a fixed number of queries.
func (s *Service) renderAccounts(ctx context.Context, users []*store.User) ([]Account, error) {
	c, err := s.loadAccountCounts(ctx, users)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(users))
	for _, u := range users {
		out = append(out, s.account(u, c))
	}
	return out, nil
}

// renderAccount renders one user.
func (s *Service) renderAccount(ctx context.Context, u *store.User) (Account, error) {
	list, err := s.renderAccounts(ctx, []*store.User{u})
	if err != nil {
		return Account{}, err
	}
	return list[0], nil
}

func (s *Service) account(u *store.User, c accountCounts) Account {
	avatar, header := u.AvatarURL, u.HeaderURL
	if avatar == "" {
		avatar = s.defaultAvatar()
	}
	if header == "" {
		header = s.defaultHeader()
	}
	disc := u.Discoverable
	hide := false
	a := Account{
		ID: u.ID, Username: u.Nickname, Acct: u.Handle(), URL: firstNonEmpty(u.URL, u.APID), URI: u.APID,
		DisplayName: u.Name, Note: markup.Sanitize(u.Bio), Avatar: avatar, AvatarStatic: s.staticImage(avatar), Header: header,
		HeaderStatic: s.staticImage(header), Locked: u.Locked, Fields: fieldsOf(u.Fields), Emojis: emojisOf(u.Emojis),
		Bot: u.Bot || u.ActorType == "Service" || u.ActorType == "Application", Group: u.ActorType == "Group",
		Discoverable: &disc, Indexable: u.Discoverable, HideCollections: &hide, Noindex: &hide,
		CreatedAt:     formatTime(u.CreatedAt.Truncate(24 * time.Hour)),
		StatusesCount: c.statuses[u.APID], FollowersCount: c.followers[u.APID], FollowingCount: c.following[u.APID],
		Roles:   []any{},
		Pleroma: &PleromaAccount{IsAdmin: u.Admin, IsLocal: u.Local},
	}
	return a
}

// ProfileFields are an account's profile fields as the API shows them (names as plain text,
// values through markup.Sanitize), for the web UI's profile page.
func ProfileFields(raw json.RawMessage) []Field { return fieldsOf(raw) }

func fieldsOf(raw json.RawMessage) []Field {
	var fs []struct{ Name, Value string }
	_ = json.Unmarshal(raw, &fs)
	out := make([]Field, 0, len(fs))
	for _, f := range fs {
		out = append(out, Field{Name: markup.StripTags(f.Name), Value: markup.Sanitize(f.Value)})
	}
	return out
}

func emojisOf(raw json.RawMessage) []CustomEmoji {
	var es []struct {
		Shortcode string `json:"shortcode"`
		URL       string `json:"url"`
	}
	_ = json.Unmarshal(raw, &es)
	out := make([]CustomEmoji, 0, len(es))
	for _, e := range es {
		if e.URL == "" || !strings.HasPrefix(e.URL, "http") {
			continue
		}
		out = append(out, CustomEmoji{Shortcode: e.Shortcode, URL: e.URL, StaticURL: e.URL, VisibleInPicker: false})
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
