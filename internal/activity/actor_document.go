package activity

import (
	"encoding/json"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// ActorContext is the JSON-LD context of our actor and object documents.
var ActorContext = []any{
	"https://www.w3.org/ns/activitystreams",
	"https://w3id.org/security/v1",
	map[string]any{
		"manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
		"sensitive":                 "as:sensitive",
		"Hashtag":                   "as:Hashtag",
		"movedTo":                   map[string]any{"@id": "as:movedTo", "@type": "@id"},
		"alsoKnownAs":               map[string]any{"@id": "as:alsoKnownAs", "@type": "@id"},
		"toot":                      "http://joinmastodon.org/ns#",
		"featured":                  map[string]any{"@id": "toot:featured", "@type": "@id"},
		"discoverable":              "toot:discoverable",
		"Emoji":                     "toot:Emoji",
		"schema":                    "http://schema.org#",
		"PropertyValue":             "schema:PropertyValue",
		"value":                     "schema:value",
	},
}

// ActorDocument renders a local user as its ActivityPub actor: what /users/NICK serves and
// what an Update of a profile carries. baseURL gives the shared inbox.
func ActorDocument(u *store.User, baseURL string) map[string]any {
	var fields []struct{ Name, Value string }
	_ = json.Unmarshal(u.Fields, &fields)
	attachment := []any{}
	for _, f := range fields {
		attachment = append(attachment, map[string]any{"type": "PropertyValue", "name": f.Name, "value": f.Value})
	}
	var emojis []struct {
		Shortcode string `json:"shortcode"`
		URL       string `json:"url"`
	}
	_ = json.Unmarshal(u.Emojis, &emojis)
	tags := []any{}
	for _, e := range emojis {
		tags = append(tags, map[string]any{"type": "Emoji", "name": ":" + e.Shortcode + ":",
			"icon": map[string]any{"type": "Image", "url": e.URL}})
	}
	aka := u.AlsoKnownAs
	if aka == nil {
		aka = []string{}
	}
	url := u.URL
	if url == "" {
		url = u.APID
	}
	doc := map[string]any{
		"@context": ActorContext,
		"id":       u.APID, "type": u.ActorType, "preferredUsername": u.Nickname, "name": u.Name, "summary": u.Bio,
		"url": url, "inbox": u.Inbox, "outbox": u.Outbox, "followers": u.FollowersURL,
		"following": u.FollowingURL, "manuallyApprovesFollowers": u.Locked, "discoverable": u.Discoverable,
		"published":  u.CreatedAt.UTC().Format(time.RFC3339),
		"endpoints":  map[string]any{"sharedInbox": baseURL + "/inbox"},
		"publicKey":  map[string]any{"id": u.APID + "#main-key", "owner": u.APID, "publicKeyPem": u.PublicKey},
		"attachment": attachment, "tag": tags, "alsoKnownAs": aka,
	}
	if u.FeaturedURL != "" {
		doc["featured"] = u.FeaturedURL
	}
	if u.AvatarURL != "" {
		doc["icon"] = map[string]any{"type": "Image", "url": u.AvatarURL}
	}
	if u.HeaderURL != "" {
		doc["image"] = map[string]any{"type": "Image", "url": u.HeaderURL}
	}
	if u.MovedTo != "" {
		doc["movedTo"] = u.MovedTo
	}
	return doc
}
