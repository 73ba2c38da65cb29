package activity_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/stream"
)

// mastodonQuestion is the Create of fixtures/ap/rebased/mastodon-question-activity.json (no
// context, as Mastodon sends it) with this test's ids.
func mastodonQuestion(t *testing.T, actor, id string) ap.Object {
	return doc(t, `{
  "id": "`+id+`/activity", "type": "Create", "actor": "`+actor+`", "published": "2019-05-10T09:03:36Z",
  "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": ["`+actor+`/followers"],
  "object": {
    "id": "`+id+`", "type": "Question", "summary": null, "inReplyTo": null, "published": "2019-05-10T09:03:36Z",
    "attributedTo": "`+actor+`", "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": ["`+actor+`/followers"],
    "sensitive": false, "conversation": "tag:mastodon.sdf.org,2019-05-10:objectId=15095122:objectType=Conversation",
    "content": "<p>Why is Tenshi eating a corndog so cute?</p>",
    "contentMap": {"en": "<p>Why is Tenshi eating a corndog so cute?</p>"},
    "endTime": "2099-05-11T09:03:36Z", "attachment": [], "tag": [],
    "oneOf": [
      {"type": "Note", "name": "Dunno", "replies": {"type": "Collection", "totalItems": 0}},
      {"type": "Note", "name": "Everyone knows that!", "replies": {"type": "Collection", "totalItems": 1}},
      {"type": "Note", "name": "25 char limit is dumb", "replies": {"type": "Collection", "totalItems": 0}},
      {"type": "Note", "name": "I can't even fit a funny", "replies": {"type": "Collection", "totalItems": 1}}
    ]
  }
}`)
}

// options builds poll options with these names.
func options(names ...string) []any {
	var out []any
	for _, n := range names {
		out = append(out, map[string]any{"type": "Note", "name": n, "replies": map[string]any{"type": "Collection", "totalItems": 0}})
	}
	return out
}

func TestQuestionIsStoredLikeANote(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	rin := e.remote("rinpatch", "remote.test")
	id := rin + "/statuses/102070944809637304"
	q := mastodonQuestion(t, rin, id)
	inner, _ := q.Embedded("object")
	inner["tag"] = []any{map[string]any{"type": "Mention", "href": alice}}
	inner["cc"] = []any{rin + "/followers", alice}
	q["cc"] = inner["cc"]
	e.mustIngest(q, toInbox(alice))
	row := e.row(id)
	if row.Type != "Question" || row.Actor != rin || row.Visibility != ap.VisibilityPublic {
		t.Fatalf("row = %+v", row)
	}
	if !eventFor(e.drain(), stream.EventUpdate, id) {
		t.Fatal("no timeline event")
	}
	if len(e.notifications(alice)) != 1 {
		t.Fatal("mention in a poll not notified")
	}
	if got := activity.Types(); !contains(got, "Question") {
		t.Fatal("Question not registered")
	}
}

func TestQuestionValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	n := 0
	question := func(kv ...any) ap.Object {
		n++
		o := obj("id", fmt.Sprintf("https://remote.test/q/%d", n), "type", "Question", "attributedTo", bob, "content", "?",
			"to", []any{ap.Public})
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(o, kv[i].(string))
				continue
			}
			o[kv[i].(string)] = kv[i+1]
		}
		return o
	}
	many := make([]string, activity.MaxPollOptions+1)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	cases := map[string]struct {
		doc    ap.Object
		target error
	}{
		"no options":           {question(), nil},
		"empty options":        {question("oneOf", []any{}), nil},
		"both oneOf and anyOf": {question("oneOf", options("a"), "anyOf", options("b")), nil},
		"too many options":     {question("anyOf", options(many...)), nil},
		"option without name":  {question("oneOf", []any{map[string]any{"type": "Note"}}), nil},
		"blank option name":    {question("oneOf", options("a", "  ")), nil},
		"option name too long": {question("oneOf", options(strings.Repeat("é", activity.MaxPollOptionName+1))), nil},
		"actor is not author":  {question("oneOf", options("a"), "actor", "https://remote.test/users/eve"), activity.ErrActorMismatch},
		"no author":            {question("oneOf", options("a"), "attributedTo", nil), nil},
		"other host":           {question("oneOf", options("a"), "id", "https://evil.test/q/1"), nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, fromFetched)
			wantInvalid(t, err, c.target)
		})
	}
	// Valid: 20 options, a multiple-choice poll, no content, no context, actor == author.
	ok := []ap.Object{
		question("oneOf", options(many[:activity.MaxPollOptions]...)),
		question("anyOf", options("a", "b"), "content", nil, "actor", bob),
		question("oneOf", options(strings.Repeat("é", activity.MaxPollOptionName))),
	}
	for _, o := range ok {
		if r := e.mustIngest(o, fromFetched); r.Type != "Question" {
			t.Fatalf("row = %+v", r)
		}
	}
}
