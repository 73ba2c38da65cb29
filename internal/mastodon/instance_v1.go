package mastodon

import "net/http"

// instanceV1 is the V1Instance entity of GET /api/v1/instance, with the Pleroma fields
// Pleroma-FE reads its limits from.
type instanceV1 struct {
	URI              string `json:"uri"`
	Title            string `json:"title"`
	ShortDescription string `json:"short_description"`
	Description      string `json:"description"`
	Email            string `json:"email"`
	Version          string `json:"version"`
	URLs             struct {
		StreamingAPI string `json:"streaming_api"`
	} `json:"urls"`
	Stats struct {
		UserCount   int `json:"user_count"`
		StatusCount int `json:"status_count"`
		DomainCount int `json:"domain_count"`
	} `json:"stats"`
	Thumbnail        *string  `json:"thumbnail"`
	Languages        []string `json:"languages"`
	Registrations    bool     `json:"registrations"`
	ApprovalRequired bool     `json:"approval_required"`
	InvitesEnabled   bool     `json:"invites_enabled"`
	Configuration    struct {
		Accounts struct {
			MaxFeaturedTags int `json:"max_featured_tags"`
		} `json:"accounts"`
		Statuses         statusLimits `json:"statuses"`
		MediaAttachments mediaLimits  `json:"media_attachments"`
		Polls            pollLimits   `json:"polls"`
	} `json:"configuration"`
	ContactAccount *Account `json:"contact_account"`
	Rules          []Rule   `json:"rules"`

	// Pleroma
	MaxTootChars int             `json:"max_toot_chars"`
	PollLimits   map[string]int  `json:"poll_limits"`
	UploadLimit  int             `json:"upload_limit"`
	Pleroma      instancePleroma `json:"pleroma"`
}

// instanceV1Handler is GET /api/v1/instance.
func (s *Service) instanceV1Handler(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	var in instanceV1
	var err error
	if in.Stats.UserCount, err = s.Store.CountLocalUsers(ctx); err != nil {
		return err
	}
	if in.Stats.StatusCount, err = s.Store.CountLocalStatuses(ctx); err != nil {
		return err
	}
	if in.Stats.DomainCount, err = s.Store.CountRemoteDomains(ctx); err != nil {
		return err
	}
	if in.ContactAccount, err = s.contactAccount(ctx); err != nil {
		return err
	}
	c := s.instanceConfig()
	in.URI, in.Title, in.Version = s.instanceDomain(), s.instanceDomain(), softwareVersion
	in.URLs.StreamingAPI = c.URLs.Streaming
	in.Thumbnail = strPtr(s.BaseURL + "/static/thumbnail.png")
	in.Languages, in.Rules = []string{"en"}, []Rule{}
	if in.Registrations, err = s.registrationsOpen(ctx); err != nil {
		return err
	}
	in.Configuration.Accounts.MaxFeaturedTags = maxFeaturedTags
	in.Configuration.Statuses, in.Configuration.MediaAttachments, in.Configuration.Polls = c.Statuses, c.MediaAttachments, c.Polls
	in.MaxTootChars, in.UploadLimit = s.Limits.MaxStatusChars, videoSizeLimit
	in.PollLimits = map[string]int{"max_options": c.Polls.MaxOptions, "max_option_chars": c.Polls.MaxCharactersPerOption,
		"min_expiration": c.Polls.MinExpiration, "max_expiration": c.Polls.MaxExpiration}
	in.Pleroma = s.instancePleroma()
	writeJSON(w, http.StatusOK, in)
	return nil
}
