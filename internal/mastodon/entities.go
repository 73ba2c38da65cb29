package mastodon

// Wire structs exactly as docs.joinmastodon.org defines the entities. Every documented field
// is present; pointers are fields that are null when unknown.

// Account is the Mastodon Account entity.
type Account struct {
	ID              string          `json:"id"`
	Username        string          `json:"username"`
	Acct            string          `json:"acct"`
	URL             string          `json:"url"`
	URI             string          `json:"uri"`
	DisplayName     string          `json:"display_name"`
	Note            string          `json:"note"`
	Avatar          string          `json:"avatar"`
	AvatarStatic    string          `json:"avatar_static"`
	Header          string          `json:"header"`
	HeaderStatic    string          `json:"header_static"`
	Locked          bool            `json:"locked"`
	Fields          []Field         `json:"fields"`
	Emojis          []CustomEmoji   `json:"emojis"`
	Bot             bool            `json:"bot"`
	Group           bool            `json:"group"`
	Discoverable    *bool           `json:"discoverable"`
	Indexable       bool            `json:"indexable"`
	HideCollections *bool           `json:"hide_collections"`
	Noindex         *bool           `json:"noindex"`
	Moved           *Account        `json:"moved,omitempty"`
	Suspended       bool            `json:"suspended,omitempty"`
	Limited         bool            `json:"limited,omitempty"`
	CreatedAt       string          `json:"created_at"`
	LastStatusAt    *string         `json:"last_status_at"`
	StatusesCount   int             `json:"statuses_count"`
	FollowersCount  int             `json:"followers_count"`
	FollowingCount  int             `json:"following_count"`
	Roles           []any           `json:"roles"`
	Source          *Source         `json:"source,omitempty"`
	Role            *Role           `json:"role,omitempty"`
	Pleroma         *PleromaAccount `json:"pleroma,omitempty"`
}

// Field is a profile field.
type Field struct {
	Name       string  `json:"name"`
	Value      string  `json:"value"`
	VerifiedAt *string `json:"verified_at"`
}

// Source is the plain-text profile of the signed-in user (verify_credentials).
type Source struct {
	Privacy             string   `json:"privacy"`
	Sensitive           bool     `json:"sensitive"`
	Language            string   `json:"language"`
	Note                string   `json:"note"`
	Fields              []Field  `json:"fields"`
	FollowRequestsCount int      `json:"follow_requests_count"`
	HideCollections     bool     `json:"hide_collections"`
	Discoverable        bool     `json:"discoverable"`
	Indexable           bool     `json:"indexable"`
	AttributionDomains  []string `json:"attribution_domains"`
}

// Role is the signed-in user's role (CredentialAccount).
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Permissions string `json:"permissions"`
	Highlighted bool   `json:"highlighted"`
}

// PleromaAccount is the pleroma object Pleroma-FE and pl-fe read.
type PleromaAccount struct {
	IsAdmin     bool `json:"is_admin"`
	IsModerator bool `json:"is_moderator"`
	IsLocal     bool `json:"is_local"`
}

// CustomEmoji is a custom emoji.
type CustomEmoji struct {
	Shortcode       string  `json:"shortcode"`
	URL             string  `json:"url"`
	StaticURL       string  `json:"static_url"`
	VisibleInPicker bool    `json:"visible_in_picker"`
	Category        *string `json:"category"`
}

// Status is the Mastodon Status entity.
type Status struct {
	ID                 string            `json:"id"`
	URI                string            `json:"uri"`
	URL                *string           `json:"url"`
	CreatedAt          string            `json:"created_at"`
	EditedAt           *string           `json:"edited_at"`
	Account            Account           `json:"account"`
	Content            string            `json:"content"`
	Text               *string           `json:"text"`
	Visibility         string            `json:"visibility"`
	Sensitive          bool              `json:"sensitive"`
	SpoilerText        string            `json:"spoiler_text"`
	MediaAttachments   []MediaAttachment `json:"media_attachments"`
	Application        *StatusApp        `json:"application"`
	Mentions           []Mention         `json:"mentions"`
	Tags               []Tag             `json:"tags"`
	Emojis             []CustomEmoji     `json:"emojis"`
	ReblogsCount       int               `json:"reblogs_count"`
	FavouritesCount    int               `json:"favourites_count"`
	RepliesCount       int               `json:"replies_count"`
	QuotesCount        int               `json:"quotes_count"`
	InReplyToID        *string           `json:"in_reply_to_id"`
	InReplyToAccountID *string           `json:"in_reply_to_account_id"`
	Reblog             *Status           `json:"reblog"`
	Poll               *Poll             `json:"poll"`
	Card               any               `json:"card"`
	Language           *string           `json:"language"`
	Favourited         *bool             `json:"favourited,omitempty"`
	Reblogged          *bool             `json:"reblogged,omitempty"`
	Muted              *bool             `json:"muted,omitempty"`
	Bookmarked         *bool             `json:"bookmarked,omitempty"`
	Pinned             *bool             `json:"pinned,omitempty"`
	Filtered           []FilterResult    `json:"filtered,omitempty"`
	Pleroma            PleromaStatus     `json:"pleroma"`
}

// StatusApp is the application a status was posted with.
type StatusApp struct {
	Name    string  `json:"name"`
	Website *string `json:"website"`
}

// PleromaStatus carries the Pleroma extensions of a status.
type PleromaStatus struct {
	Local                bool       `json:"local"`
	EmojiReactions       []Reaction `json:"emoji_reactions"`
	ConversationID       *string    `json:"conversation_id"`
	InReplyToAccountAcct *string    `json:"in_reply_to_account_acct"`
}

// Reaction is an emoji reaction with its count (Pleroma's shape, also Mastodon announcements').
type Reaction struct {
	Name      string  `json:"name"`
	Count     int     `json:"count"`
	Me        bool    `json:"me"`
	URL       *string `json:"url,omitempty"`
	StaticURL *string `json:"static_url,omitempty"`
}

// MediaAttachment is an attachment of a status.
type MediaAttachment struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         string  `json:"url"`
	PreviewURL  *string `json:"preview_url"`
	RemoteURL   *string `json:"remote_url"`
	Meta        any     `json:"meta"`
	Description *string `json:"description"`
	Blurhash    *string `json:"blurhash"`
}

// Mention is an account mentioned in a status.
type Mention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	URL      string `json:"url"`
	Acct     string `json:"acct"`
}

// Tag is a hashtag used in a status.
type Tag struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Poll is a poll attached to a status.
type Poll struct {
	ID          string        `json:"id"`
	ExpiresAt   *string       `json:"expires_at"`
	Expired     bool          `json:"expired"`
	Multiple    bool          `json:"multiple"`
	VotesCount  int           `json:"votes_count"`
	VotersCount *int          `json:"voters_count"`
	Options     []PollOption  `json:"options"`
	Emojis      []CustomEmoji `json:"emojis"`
	Voted       *bool         `json:"voted,omitempty"`
	OwnVotes    []int         `json:"own_votes,omitempty"`
}

// PollOption is one choice of a poll.
type PollOption struct {
	Title      string `json:"title"`
	VotesCount *int   `json:"votes_count"`
}
