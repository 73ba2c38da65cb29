package federation

import (
	"maps"
	"net/http"
	"strings"
)

// Software names this server in NodeInfo.
var Software = struct{ Name, Version, Repository string }{"egregoros", "0.1.0", "https://github.com/egregoros/egregoros"}

// nodeinfoIndex serves GET /.well-known/nodeinfo.
func (s *Service) nodeinfoIndex(w http.ResponseWriter, r *http.Request) {
	writeJSONType(w, http.StatusOK, "application/json; charset=utf-8", map[string]any{
		"links": []map[string]string{
			{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": s.BaseURL + "/nodeinfo/2.0"},
			{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": s.BaseURL + "/nodeinfo/2.1"},
		},
	})
}

// nodeinfo serves GET /nodeinfo/{version} (2.0 and 2.1) with real counts.
func (s *Service) nodeinfo(w http.ResponseWriter, r *http.Request) {
	version := strings.TrimSuffix(r.PathValue("version"), ".json") // Pleroma-FE asks for /nodeinfo/2.0.json
	if version != "2.0" && version != "2.1" {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	ctx := r.Context()
	users, err := s.Store.CountLocalUsers(ctx)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	posts, err := s.Store.CountLocalStatuses(ctx)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	open, err := s.Store.RegistrationsOpen(ctx, s.OpenSignups) // the admin page's choice, else the setting
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	metadata := map[string]any{
		"nodeName": s.Host(),
		// What Pleroma-FE and pl-fe look for to turn features on (pl-fe's features.ts).
		"features": []string{"mastodon_api", "mastodon_api_streaming", "pleroma_emoji_reactions", "polls",
			"exposable_reactions", "editing", "profile_directory", "pleroma:api/v1/notifications:include_types_filter"},
	}
	if s.Metadata != nil {
		extra, err := s.Metadata(ctx)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "Internal server error")
			return
		}
		maps.Copy(metadata, extra)
	}
	software := map[string]any{"name": Software.Name, "version": Software.Version}
	if version == "2.1" {
		software["repository"] = Software.Repository
		software["homepage"] = Software.Repository
	}
	doc := map[string]any{
		"version":           version,
		"software":          software,
		"protocols":         []string{"activitypub"},
		"services":          map[string]any{"inbound": []string{}, "outbound": []string{}},
		"openRegistrations": open,
		"usage": map[string]any{
			"users":      map[string]any{"total": users, "activeMonth": users, "activeHalfyear": users},
			"localPosts": posts,
		},
		"metadata": metadata,
	}
	profile := "http://nodeinfo.diaspora.software/ns/schema/" + version + "#"
	writeJSONType(w, http.StatusOK, `application/json; profile="`+profile+`"`, doc)
}
