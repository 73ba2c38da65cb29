package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// Software identity. The version reads as a Mastodon version first: clients (Mastodon.py,
// Tusky, Ivory) enable features by parsing it, as they do for Pleroma and GoToSocial.
const (
	softwareVersion  = "4.5.0 (compatible; Egregoros 0.1.0)"
	softwareSource   = "https://github.com/egregoros/egregoros"
	mastodonAPILevel = 2 // api_versions.mastodon: the 4.3 level of the API
)

// Media limits advertised to clients (Mastodon's defaults).
const (
	imageSizeLimit      = 16 << 20
	videoSizeLimit      = 100 << 20
	imageMatrixLimit    = 33177600 // 7680×4320
	videoMatrixLimit    = 8294400  // 3840×2160
	videoFrameRateLimit = 120
	mediaDescriptionMax = 1500
	charsPerURL         = 23
	maxFeaturedTags     = 10
	maxPinnedStatuses   = 5
)

// supportedMimeTypes are the media types uploads may have.
var supportedMimeTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp",
	"video/mp4", "video/webm", "video/quicktime", "audio/mpeg", "audio/ogg", "audio/wav"}

// Instance is the Instance entity of GET /api/v2/instance.
type Instance struct {
	Domain        string           `json:"domain"`
	Title         string           `json:"title"`
	Version       string           `json:"version"`
	SourceURL     string           `json:"source_url"`
	Description   string           `json:"description"`
	Usage         instanceUsage    `json:"usage"`
	Thumbnail     instanceThumb    `json:"thumbnail"`
	Icon          []instanceIcon   `json:"icon"`
	Languages     []string         `json:"languages"`
	Configuration instanceConfig   `json:"configuration"`
	Registrations instanceRegister `json:"registrations"`
	APIVersions   map[string]int   `json:"api_versions"`
	Contact       instanceContact  `json:"contact"`
	Rules         []Rule           `json:"rules"`
	Wrapstodon    *string          `json:"wrapstodon"`
	Pleroma       instancePleroma  `json:"pleroma"`
}

type instanceUsage struct {
	Users struct {
		ActiveMonth int `json:"active_month"`
	} `json:"users"`
}

type instanceThumb struct {
	URL         string  `json:"url"`
	Blurhash    *string `json:"blurhash"`
	Description *string `json:"description"`
}

type instanceIcon struct {
	Src  string `json:"src"`
	Size string `json:"size"`
}

type instanceConfig struct {
	URLs struct {
		Streaming      string  `json:"streaming"`
		Status         *string `json:"status"`
		About          string  `json:"about"`
		PrivacyPolicy  *string `json:"privacy_policy"`
		TermsOfService *string `json:"terms_of_service"`
	} `json:"urls"`
	Accounts struct {
		MaxFeaturedTags         int  `json:"max_featured_tags"`
		MaxPinnedStatuses       int  `json:"max_pinned_statuses"`
		MaxDisplayNameLength    int  `json:"max_display_name_length"`
		MaxNoteLength           int  `json:"max_note_length"`
		MaxProfileFields        int  `json:"max_profile_fields"`
		ProfileFieldNameLimit   int  `json:"profile_field_name_limit"`
		ProfileFieldValueLimit  int  `json:"profile_field_value_limit"`
		MaxAvatarDescriptionLen *int `json:"max_avatar_description_length"`
		MaxHeaderDescriptionLen *int `json:"max_header_description_length"`
	} `json:"accounts"`
	Statuses         statusLimits `json:"statuses"`
	MediaAttachments mediaLimits  `json:"media_attachments"`
	Polls            pollLimits   `json:"polls"`
	Translation      struct {
		Enabled bool `json:"enabled"`
	} `json:"translation"`
	LimitedFederation bool `json:"limited_federation"`
	Vapid             struct {
		PublicKey string `json:"public_key"`
	} `json:"vapid"`
}

type statusLimits struct {
	MaxCharacters            int `json:"max_characters"`
	MaxMediaAttachments      int `json:"max_media_attachments"`
	CharactersReservedPerURL int `json:"characters_reserved_per_url"`
}

type mediaLimits struct {
	SupportedMimeTypes  []string `json:"supported_mime_types"`
	ImageSizeLimit      int      `json:"image_size_limit"`
	ImageMatrixLimit    int      `json:"image_matrix_limit"`
	VideoSizeLimit      int      `json:"video_size_limit"`
	VideoFrameRateLimit int      `json:"video_frame_rate_limit"`
	VideoMatrixLimit    int      `json:"video_matrix_limit"`
	DescriptionLimit    int      `json:"description_limit"`
}

type pollLimits struct {
	MaxOptions             int `json:"max_options"`
	MaxCharactersPerOption int `json:"max_characters_per_option"`
	MinExpiration          int `json:"min_expiration"`
	MaxExpiration          int `json:"max_expiration"`
}

type instanceRegister struct {
	Enabled          bool    `json:"enabled"`
	ApprovalRequired bool    `json:"approval_required"`
	Message          *string `json:"message"`
	URL              *string `json:"url"`
	MinAge           *int    `json:"min_age"`
	ReasonRequired   bool    `json:"reason_required"`
}

type instanceContact struct {
	Email   string   `json:"email"`
	Account *Account `json:"account"`
}

// instancePleroma is the pleroma object Pleroma-FE and pl-fe read their features from.
type instancePleroma struct {
	Metadata struct {
		Features     []string `json:"features"`
		PostFormats  []string `json:"post_formats"`
		FieldsLimits struct {
			MaxFields       int `json:"max_fields"`
			MaxRemoteFields int `json:"max_remote_fields"`
			NameLength      int `json:"name_length"`
			ValueLength     int `json:"value_length"`
		} `json:"fields_limits"`
		AccountActivationRequired bool `json:"account_activation_required"`
	} `json:"metadata"`
	VapidPublicKey string `json:"vapid_public_key"` // Pleroma-FE subscribes to Web Push with it
}

// Rule is an instance rule.
type Rule struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Hint string `json:"hint"`
}

// instanceFeatures are the Pleroma feature names of what this server does (pl-fe's and
// Pleroma-FE's feature detection); NodeInfo gives the same list (NodeInfoMetadata).
var instanceFeatures = []string{"mastodon_api", "mastodon_api_streaming", "pleroma_emoji_reactions", "polls",
	"exposable_reactions", "editing", "profile_directory", "pleroma:api/v1/notifications:include_types_filter"}

// instanceDomain is this server's domain (host[:port]).
func (s *Service) instanceDomain() string { return ap.Host(s.BaseURL) }

// instanceStreamingURL is the WebSocket origin of the streaming API.
func (s *Service) instanceStreamingURL() string {
	if rest, ok := strings.CutPrefix(s.BaseURL, "https://"); ok {
		return "wss://" + rest
	}
	return "ws://" + strings.TrimPrefix(s.BaseURL, "http://")
}

func (s *Service) instanceConfig() instanceConfig {
	var c instanceConfig
	c.URLs.Streaming = s.instanceStreamingURL()
	c.URLs.About = s.BaseURL + "/about"
	a := &c.Accounts
	a.MaxFeaturedTags, a.MaxPinnedStatuses = maxFeaturedTags, maxPinnedStatuses
	a.MaxDisplayNameLength, a.MaxNoteLength = maxDisplayNameChars, maxNoteChars
	a.MaxProfileFields, a.ProfileFieldNameLimit, a.ProfileFieldValueLimit = maxProfileFields, maxFieldNameChars, maxFieldValueChars
	c.Statuses = statusLimits{MaxCharacters: s.Limits.MaxStatusChars, MaxMediaAttachments: s.Limits.MaxMediaAttachments,
		CharactersReservedPerURL: charsPerURL}
	c.MediaAttachments = mediaLimits{SupportedMimeTypes: supportedMimeTypes, ImageSizeLimit: imageSizeLimit,
		ImageMatrixLimit: imageMatrixLimit, VideoSizeLimit: videoSizeLimit, VideoFrameRateLimit: videoFrameRateLimit,
		VideoMatrixLimit: videoMatrixLimit, DescriptionLimit: mediaDescriptionMax}
	c.Polls = pollLimits{MaxOptions: s.Limits.MaxPollOptions, MaxCharactersPerOption: s.Limits.MaxPollOptionChars,
		MinExpiration: s.Limits.MinPollExpiration, MaxExpiration: s.Limits.MaxPollExpiration}
	c.Vapid.PublicKey = s.Push.PublicKey
	return c
}

// contactAccount is the instance's contact: its first admin, nil when there is none.
func (s *Service) contactAccount(ctx context.Context) (*Account, error) {
	u, err := s.Store.FirstLocalAdmin(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a, err := s.renderAccount(ctx, u)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// instanceV2 is GET /api/v2/instance.
func (s *Service) instanceV2(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	users, err := s.Store.CountLocalUsers(ctx)
	if err != nil {
		return err
	}
	contact, err := s.contactAccount(ctx)
	if err != nil {
		return err
	}
	in := Instance{Domain: s.instanceDomain(), Title: s.instanceDomain(), Version: softwareVersion, SourceURL: softwareSource,
		Description: "", Thumbnail: instanceThumb{URL: s.BaseURL + "/static/thumbnail.png"}, Icon: []instanceIcon{},
		Languages: []string{"en"}, Configuration: s.instanceConfig(), APIVersions: map[string]int{"mastodon": mastodonAPILevel},
		Contact: instanceContact{Email: "", Account: contact}, Rules: []Rule{}, Pleroma: s.instancePleroma()}
	in.Usage.Users.ActiveMonth = users
	if in.Registrations.Enabled, err = s.registrationsOpen(ctx); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

func (s *Service) instancePleroma() instancePleroma {
	var p instancePleroma
	p.VapidPublicKey = s.Push.PublicKey
	p.Metadata.Features = instanceFeatures
	p.Metadata.PostFormats = []string{"text/plain"}
	f := &p.Metadata.FieldsLimits
	f.MaxFields, f.MaxRemoteFields, f.NameLength, f.ValueLength = maxProfileFields, 16, maxFieldNameChars, maxFieldValueChars
	return p
}
