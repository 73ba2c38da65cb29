package mastodon

import (
	"context"
	"encoding/json"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// actorContext is the JSON-LD context of actor documents, the same as federation.Context.
var actorContext = []any{
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

// localActorDocument renders a local user as its ActivityPub actor, with the fields of
// federation.Service.ActorDocument (which this package cannot import).
func (s *Service) localActorDocument(u *store.User) ap.Object {
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
	doc := ap.Object{
		"id": u.APID, "type": u.ActorType, "preferredUsername": u.Nickname, "name": u.Name, "summary": u.Bio,
		"url": firstNonEmpty(u.URL, u.APID), "inbox": u.Inbox, "outbox": u.Outbox, "followers": u.FollowersURL,
		"following": u.FollowingURL, "manuallyApprovesFollowers": u.Locked, "discoverable": u.Discoverable,
		"published":  u.CreatedAt.UTC().Format(time.RFC3339),
		"endpoints":  map[string]any{"sharedInbox": s.BaseURL + "/inbox"},
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

// federateProfile runs a local Update of u's actor through the pipeline, which delivers it to
// u's followers.
func (s *Service) federateProfile(ctx context.Context, u *store.User) error {
	upd := ap.Object{
		"@context": actorContext,
		"id":       s.Pipeline.NewObjectID(), "type": "Update", "actor": u.APID,
		"object": map[string]any(s.localActorDocument(u)),
		"to":     []any{ap.Public}, "cc": []any{u.FollowersURL},
	}
	_, err := s.Pipeline.Ingest(ctx, upd, activity.Origin{Source: activity.Local})
	return err
}
