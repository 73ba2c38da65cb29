package activity

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// ActorTypes are the ActivityStreams actor types.
var ActorTypes = map[string]bool{"Person": true, "Service": true, "Application": true, "Group": true, "Organization": true}

// UserFromActor turns a remote actor document into a users row. It checks the shape: an
// http(s) id, an inbox on the actor's host, a preferredUsername, and a public key owned by
// the actor. Callers store it with UpsertRemoteUser.
func UserFromActor(obj ap.Object) (*store.User, error) {
	id := obj.ID()
	host := ap.Host(id)
	if host == "" || !ActorTypes[obj.Type()] {
		return nil, invalid("not an actor: %q of type %q", id, obj.Type())
	}
	nick := strings.TrimSpace(obj.String("preferredUsername"))
	if nick == "" || len(nick) > 255 || strings.ContainsAny(nick, "@/ \t\n") {
		return nil, invalid("actor %s: bad preferredUsername %q", id, nick)
	}
	inbox := obj.Ref("inbox")
	if inbox == "" || ap.Host(inbox) != host {
		return nil, invalid("actor %s: inbox %q is not on its host", id, inbox)
	}
	u := &store.User{
		APID:         id,
		Nickname:     nick,
		Domain:       host,
		ActorType:    obj.Type(),
		Inbox:        inbox,
		Outbox:       sameHost(obj.Ref("outbox"), host),
		FollowersURL: sameHost(obj.Ref("followers"), host),
		FollowingURL: sameHost(obj.Ref("following"), host),
		FeaturedURL:  sameHost(obj.Ref("featured"), host),
		Name:         obj.String("name"),
		Bio:          obj.String("summary"),
		Locked:       obj.Bool("manuallyApprovesFollowers"),
		Bot:          obj.Type() == "Service" || obj.Type() == "Application",
		Discoverable: obj.Bool("discoverable"),
		MovedTo:      obj.Ref("movedTo"),
		AlsoKnownAs:  obj.IDs("alsoKnownAs"),
	}
	if url := obj.Ref("url"); strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
		u.URL = url
	}
	if ep, ok := obj.Embedded("endpoints"); ok {
		u.SharedInbox = sameHost(ep.String("sharedInbox"), host)
	}
	if icon, ok := obj.Embedded("icon"); ok {
		u.AvatarURL = httpURL(icon.Ref("url"))
	}
	if img, ok := obj.Embedded("image"); ok {
		u.HeaderURL = httpURL(img.Ref("url"))
	}
	if key, ok := obj.Embedded("publicKey"); ok {
		if owner := key.Ref("owner"); owner != "" && owner != id {
			return nil, invalid("actor %s: public key owned by %s", id, owner)
		}
		u.PublicKey = key.String("publicKeyPem")
	}
	var fields []map[string]string
	for _, a := range obj.Objects("attachment") {
		if a.Type() == "PropertyValue" && len(fields) < 16 {
			fields = append(fields, map[string]string{"name": a.String("name"), "value": a.String("value")})
		}
	}
	var emojis []map[string]string
	for _, t := range obj.Objects("tag") {
		if t.Type() == "Emoji" && len(emojis) < 64 {
			if icon, ok := t.Embedded("icon"); ok {
				emojis = append(emojis, map[string]string{"shortcode": strings.Trim(t.String("name"), ":"), "url": httpURL(icon.Ref("url"))})
			}
		}
	}
	u.Fields, _ = json.Marshal(nonNil(fields))
	u.Emojis, _ = json.Marshal(nonNil(emojis))
	u.Data, _ = json.Marshal(obj)
	now := time.Now().UTC()
	u.FetchedAt = &now
	return u, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func sameHost(u, host string) string {
	if ap.Host(u) != host {
		return ""
	}
	return u
}

func httpURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}
