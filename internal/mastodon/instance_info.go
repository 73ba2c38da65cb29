package mastodon

import (
	"net/http"
	"strconv"
	"time"
)

// instanceStarted stands for when the instance texts last changed: they are not editable yet.
var instanceStarted = time.Now().UTC()

// instancePeers is GET /api/v1/instance/peers: the domains of the accounts this server knows.
func (s *Service) instancePeers(w http.ResponseWriter, r *http.Request, v *viewer) error {
	domains, err := s.Store.RemoteDomains(r.Context())
	if err != nil {
		return err
	}
	if domains == nil {
		domains = []string{}
	}
	writeJSON(w, http.StatusOK, domains)
	return nil
}

// activityWeeks is how many weeks GET /api/v1/instance/activity covers.
const activityWeeks = 12

// instanceActivity is GET /api/v1/instance/activity: local statuses and registrations per
// week (weeks start on Monday, UTC), the current week first. Logins are not counted.
func (s *Service) instanceActivity(w http.ResponseWriter, r *http.Request, v *viewer) error {
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	week := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	out := make([]map[string]string, 0, activityWeeks)
	for i := 0; i < activityWeeks; i++ {
		from := week.AddDate(0, 0, -7*i)
		statuses, registrations, err := s.Store.LocalActivity(r.Context(), from, from.AddDate(0, 0, 7))
		if err != nil {
			return err
		}
		out = append(out, map[string]string{"week": strconv.FormatInt(from.Unix(), 10),
			"statuses": strconv.Itoa(statuses), "logins": "0", "registrations": strconv.Itoa(registrations)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// DomainBlock is Mastodon's DomainBlock entity: a domain the instance blocks.
type DomainBlock struct {
	Domain   string  `json:"domain"`
	Digest   string  `json:"digest"`
	Severity string  `json:"severity"`
	Comment  *string `json:"comment"`
}

// instanceDomainBlocks is GET /api/v1/instance/domain_blocks: the instance's domain blocks,
// shown to everyone as Mastodon does when its "show domain blocks" setting is "all", with the
// SHA-256 digest of each domain and the public comment (null when there is none).
func (s *Service) instanceDomainBlocks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	blocks, err := s.Store.InstanceDomainBlocks(r.Context())
	if err != nil {
		return err
	}
	out := make([]DomainBlock, 0, len(blocks))
	for _, b := range blocks {
		d := DomainBlock{Domain: b.Domain, Digest: b.Digest(), Severity: b.Severity}
		if b.PublicComment != "" {
			d.Comment = &b.PublicComment
		}
		out = append(out, d)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// listNoneYet answers [] (rules: none yet).
func listNoneYet(w http.ResponseWriter, r *http.Request, v *viewer) error {
	writeJSON(w, http.StatusOK, []any{})
	return nil
}

// objectNoneYet answers {} (Pleroma's frontend configurations, translation languages).
func objectNoneYet(w http.ResponseWriter, r *http.Request, v *viewer) error {
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// instanceText is the ExtendedDescription and PrivacyPolicy entities.
type instanceText struct {
	UpdatedAt string `json:"updated_at"`
	Content   string `json:"content"`
}

// instanceExtendedDescription is GET /api/v1/instance/extended_description (and
// privacy_policy): empty until the admin can write them.
func (s *Service) instanceExtendedDescription(w http.ResponseWriter, r *http.Request, v *viewer) error {
	writeJSON(w, http.StatusOK, instanceText{UpdatedAt: formatTime(instanceStarted), Content: ""})
	return nil
}

// instanceTermsOfService is GET /api/v1/instance/terms_of_service: 404, as Mastodon answers
// when no terms are published.
func (s *Service) instanceTermsOfService(w http.ResponseWriter, r *http.Request, v *viewer) error {
	return errNotFound
}

// instanceLanguages is GET /api/v1/instance/languages: the languages statuses can be tagged
// with.
func (s *Service) instanceLanguages(w http.ResponseWriter, r *http.Request, v *viewer) error {
	out := make([]map[string]string, 0, len(isoLanguages))
	for _, l := range isoLanguages {
		out = append(out, map[string]string{"code": l[0], "name": l[1]})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
