package bench

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// The ActivityStreams documents of seeded posts, shaped like the ones the API builds
// (mastodon.buildNote) and remote servers send. Struct fields are in alphabetical order of
// their JSON names, so the encoding is byte for byte what json.Marshal of the pipeline's
// map gives.

type tagDoc struct {
	Href string `json:"href"`
	Name string `json:"name"`
	Type string `json:"type"`
}

type attachmentDoc struct {
	MediaType string `json:"mediaType"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	URL       string `json:"url"`
}

type sourceDoc struct {
	Content   string `json:"content"`
	MediaType string `json:"mediaType"`
}

type noteDoc struct {
	Attachment   []attachmentDoc `json:"attachment"`
	AttributedTo string          `json:"attributedTo"`
	CC           []string        `json:"cc"`
	Content      string          `json:"content"`
	Context      string          `json:"context"`
	Conversation string          `json:"conversation"`
	ID           string          `json:"id"`
	InReplyTo    string          `json:"inReplyTo,omitempty"`
	Published    string          `json:"published"`
	Sensitive    bool            `json:"sensitive"`
	Source       *sourceDoc      `json:"source,omitempty"`
	Tag          []tagDoc        `json:"tag"`
	To           []string        `json:"to"`
	Type         string          `json:"type"`
	URL          string          `json:"url"`
}

type createDoc struct {
	Context   string   `json:"@context"`
	Actor     string   `json:"actor"`
	CC        []string `json:"cc"`
	ID        string   `json:"id"`
	Object    *noteDoc `json:"object"`
	Published string   `json:"published"`
	To        []string `json:"to"`
	Type      string   `json:"type"`
}

type followDoc struct {
	Context string   `json:"@context"`
	Actor   string   `json:"actor"`
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	To      []string `json:"to"`
	Type    string   `json:"type"`
}

// post is what the generator decided about one post.
type post struct {
	seq       int // 1-based, in publication order; replies continue after the roots
	author    *author
	published time.Time
	rare      bool // also tagged #rare
	media     bool // has an image attachment
	parent    *rootRef
}

// rootRef is what a reply needs of its parent.
type rootRef struct {
	apID, context string
	author        *author
}

// origin is the scheme://host ids of an author start with.
func (a *author) origin(base string) string {
	if a.u.Local {
		return base
	}
	return "https://" + a.u.Domain
}

// rows builds the Note row, and unless noActivity its Create row, of p.
func (p *post) rows(base string, noActivity bool) (note, create *store.Object, ref rootRef) {
	a := p.author
	origin := a.origin(base)
	id := store.NewIDAt(p.published)
	var apID, url string
	if a.u.Local {
		apID, url = base+"/objects/"+id, base+"/@"+a.u.Nickname+"/"+id
	} else {
		apID = fmt.Sprintf("%s/statuses/%d", a.u.APID, p.seq)
		url = fmt.Sprintf("%s/@%s/%d", origin, a.u.Nickname, p.seq)
	}
	ctxID := origin + "/contexts/" + id
	to, cc := []string{ap.Public}, []string{a.u.FollowersURL}
	tags := []tagDoc{}
	text := fmt.Sprintf("Bench post %d by %s", p.seq, a.u.Nickname)
	var inReplyTo string
	if p.parent != nil {
		inReplyTo, ctxID = p.parent.apID, p.parent.context
		pa := p.parent.author
		cc = append(cc, pa.u.APID)
		tags = append(tags, tagDoc{Href: pa.u.APID, Name: "@" + pa.mention, Type: "Mention"})
		text = fmt.Sprintf(`<span class="h-card"><a href="%s" class="u-url mention">@<span>%s</span></a></span> reply %d`,
			pa.u.URL, pa.u.Nickname, p.seq)
	}
	hashtags := []string{"bench"}
	if p.rare {
		hashtags = append(hashtags, "rare")
	}
	for _, h := range hashtags {
		tags = append(tags, tagDoc{Href: origin + "/tags/" + h, Name: "#" + h, Type: "Hashtag"})
		text += fmt.Sprintf(` <a href="%s/tags/%s" class="mention hashtag" rel="tag">#<span>%s</span></a>`, origin, h, h)
	}
	attachments := []attachmentDoc{}
	if p.media {
		attachments = append(attachments, attachmentDoc{MediaType: "image/png", Name: "bench image", Type: "Document",
			URL: fmt.Sprintf("%s/media/bench/%d.png", origin, p.seq)})
	}
	published := p.published.UTC().Format(time.RFC3339)
	doc := &noteDoc{Attachment: attachments, AttributedTo: a.u.APID, CC: cc, Content: "<p>" + text + "</p>",
		Context: ctxID, Conversation: ctxID, ID: apID, InReplyTo: inReplyTo, Published: published, Tag: tags,
		To: to, Type: "Note", URL: url}
	if a.u.Local {
		doc.Source = &sourceDoc{Content: fmt.Sprintf("Bench post %d #bench", p.seq), MediaType: "text/plain"}
	}
	recipients := append(append([]string{}, to...), cc...)
	note = &store.Object{ID: id, APID: apID, Type: "Note", Actor: a.u.APID, Data: mustJSON(doc), Published: p.published,
		Local: a.u.Local, InReplyTo: inReplyTo, Context: ctxID, HasMedia: p.media, Visibility: ap.VisibilityPublic,
		InsertedAt: p.published, Recipients: recipients, Hashtags: hashtags}
	ref = rootRef{apID: apID, context: ctxID, author: a}
	if noActivity {
		return note, nil, ref
	}
	cdoc := &createDoc{Context: "https://www.w3.org/ns/activitystreams", Actor: a.u.APID, CC: cc, ID: apID + "/activity",
		Object: doc, Published: published, To: to, Type: "Create"}
	create = &store.Object{ID: store.NewIDAt(p.published), APID: cdoc.ID, Type: "Create", Actor: a.u.APID, Object: apID,
		Data: mustJSON(cdoc), Published: p.published, Local: a.u.Local, Visibility: ap.VisibilityPublic,
		InsertedAt: p.published, Recipients: recipients}
	return note, create, ref
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("bench: encode document: %v", err))
	}
	return b
}
