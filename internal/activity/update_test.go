package activity_test

import (
	"testing"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// mastodonUpdatePerson is fixtures/ap/rebased/mastodon-update.json for the actor at id.
func mastodonUpdatePerson(t *testing.T, updateID, actor, id string) ap.Object {
	return doc(t, `{"type": "Update", "id": "`+updateID+`", "actor": "`+actor+`",
  "object": {"url": "https://remote.test/@gargron", "type": "Person", "summary": "<p>Some bio</p>",
    "publicKey": {"publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", "owner": "`+id+`", "id": "`+id+`#main-key"},
    "preferredUsername": "gargron", "outbox": "`+id+`/outbox", "name": "gargle", "manuallyApprovesFollowers": false,
    "inbox": "`+id+`/inbox", "id": "`+id+`", "following": "`+id+`/following", "followers": "`+id+`/followers",
    "endpoints": {"sharedInbox": "https://remote.test/inbox"},
    "attachment": [{"type": "PropertyValue", "name": "foo", "value": "updated"}, {"type": "PropertyValue", "name": "foo1", "value": "updated"}],
    "icon": {"type": "Image", "mediaType": "image/jpeg", "url": "https://remote.test/avatars/fd7f8ae0b3ffedc9.jpeg"},
    "image": {"type": "Image", "mediaType": "image/png", "url": "https://remote.test/headers/850b3448fa5fd477.png"}}}`)
}

// updateOf wraps a new version of a status in an Update by actor.
func updateOf(id, actor string, n ap.Object) ap.Object {
	return obj("id", id, "type", "Update", "actor", actor, "object", map[string]any(n), "to", n["to"], "cc", n["cc"])
}

func TestUpdateRemoteActorProfile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	gargron := e.remote("gargron", "remote.test")
	e.mustIngest(mastodonUpdatePerson(t, gargron+"#updates/1519563538", gargron, gargron), fromInbox)
	u, err := e.st.UserByAPID(e.ctx, gargron)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "gargle" || u.Bio != "<p>Some bio</p>" || u.AvatarURL != "https://remote.test/avatars/fd7f8ae0b3ffedc9.jpeg" ||
		u.Local || string(u.Fields) == "[]" {
		t.Fatalf("user = %+v", u)
	}
	if !e.exists(gargron + "#updates/1519563538") {
		t.Fatal("Update not stored")
	}
}

func TestUpdateOfAnotherActorIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "remote.test")
	alice := e.local("alice")
	_, err := e.ingest(mastodonUpdatePerson(t, eve+"#updates/1", eve, bob), fromInbox)
	wantInvalid(t, err, activity.ErrNotOwner)
	if u, _ := e.st.UserByAPID(e.ctx, bob); u.Name == "gargle" {
		t.Fatal("bob's profile changed by eve")
	}
	// Not even a local user's, whose id a remote Update cannot carry.
	_, err = e.ingest(mastodonUpdatePerson(t, eve+"#updates/2", eve, alice), fromInbox)
	wantInvalid(t, err, activity.ErrLocalID)
	// Nor a local user another's.
	carol := e.local("carol")
	_, err = e.ingest(mastodonUpdatePerson(t, e.p.NewObjectID(), carol, alice), fromLocal)
	wantInvalid(t, err, activity.ErrNotOwner)
}

func TestUpdateLocalProfileIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	id := e.p.NewObjectID()
	person := obj("id", alice, "type", "Person", "preferredUsername", "alice", "inbox", alice+"/inbox", "name", "Alice")
	e.mustIngest(obj("id", id, "type", "Update", "actor", alice, "object", map[string]any(person), "to", []any{ap.Public}), fromLocal)
	if got := e.deliver.got(); len(got) != 1 || got[0] != id {
		t.Fatalf("deliveries = %v", got)
	}
	if u, _ := e.st.UserByAPID(e.ctx, alice); !u.Local {
		t.Fatal("local user overwritten")
	}
}

func TestUpdateNoteEditKeepsHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "first")
	e.mustIngest(obj("id", e.p.NewObjectID(), "type", "Announce", "actor", alice, "object", note, "to", []any{ap.Public}), fromLocal)
	e.drain()

	v2 := publicNote(bob, note, "second")
	v2["updated"] = "2026-11-02T10:00:00Z"
	e.mustIngest(updateOf(note+"#updates/1", bob, v2), fromInbox)
	if got := e.stored(note).String("content"); got != "second" {
		t.Fatalf("content = %q", got)
	}
	hist, _ := e.internal(note)["history"].([]any)
	if len(hist) != 1 || hist[0].(map[string]any)["content"] != "first" || hist[0].(map[string]any)["at"] != "2026-11-01T10:00:00Z" {
		t.Fatalf("history = %v", hist)
	}
	if !eventFor(e.drain(), stream.EventStatusUpdate, note) {
		t.Fatal("no status update")
	}
	if ns := e.notifs(alice, store.NotifyUpdate); len(ns) != 1 || ns[0].Object != note || ns[0].Actor != bob {
		t.Fatalf("booster not told: %+v", e.notifications(alice))
	}

	// Same Update again, the same version under another Update, an older version: nothing.
	e.mustIngest(updateOf(note+"#updates/1", bob, v2), fromInbox)
	e.mustIngest(updateOf(note+"#updates/2", bob, v2), fromInbox)
	old := publicNote(bob, note, "stale")
	old["updated"] = "2026-11-01T12:00:00Z"
	e.mustIngest(updateOf(note+"#updates/3", bob, old), fromInbox)
	if got := e.stored(note).String("content"); got != "second" {
		t.Fatalf("content = %q", got)
	}
	if hist, _ := e.internal(note)["history"].([]any); len(hist) != 1 {
		t.Fatalf("history = %v", hist)
	}
	if evs := e.drain(); len(evs) != 0 {
		t.Fatalf("events = %+v", evs)
	}

	// A version without addressing keeps the stored addressing.
	v3 := obj("id", note, "type", "Note", "attributedTo", bob, "content", "third")
	e.mustIngest(obj("id", note+"#updates/4", "type", "Update", "actor", bob, "object", map[string]any(v3)), fromInbox)
	if r := e.row(note); r.Visibility != ap.VisibilityPublic {
		t.Fatalf("visibility = %s", r.Visibility)
	}
}

func TestUpdateOfSomeoneElsesNoteIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	bob := e.remote("bob", "remote.test")
	eve := e.remote("eve", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "bob's words")
	mine := e.localNote(alice, "alice's words")

	// The new version names bob as author but eve sends it.
	_, err := e.ingest(updateOf("https://remote.test/eve/updates/1", eve, publicNote(bob, note, "eve's words")), fromInbox)
	wantInvalid(t, err, activity.ErrNotOwner)
	// eve claims authorship of bob's stored note.
	_, err = e.ingest(updateOf("https://remote.test/eve/updates/2", eve, publicNote(eve, note, "eve's words")), fromInbox)
	wantInvalid(t, err, activity.ErrNotOwner)
	// Nor can eve introduce an unseen note in bob's name.
	_, err = e.ingest(updateOf("https://remote.test/eve/updates/4", eve, publicNote(bob, "https://remote.test/notes/2", "eve's words")), fromInbox)
	wantInvalid(t, err, activity.ErrNotOwner)
	if e.exists("https://remote.test/notes/2") {
		t.Fatal("note stored in bob's name")
	}
	// A remote Update cannot carry a local id, even by "its author".
	_, err = e.ingest(updateOf("https://remote.test/eve/updates/3", eve, publicNote(eve, mine, "eve's words")), fromInbox)
	wantInvalid(t, err, activity.ErrLocalID)
	// A local user cannot edit a remote note.
	_, err = e.ingest(updateOf(e.p.NewObjectID(), alice, publicNote(alice, note, "alice's words")), fromLocal)
	wantInvalid(t, err, activity.ErrNotOwner)
	if e.stored(note).String("content") != "bob's words" || e.stored(mine).String("content") != "alice's words" {
		t.Fatal("note changed")
	}
	for _, id := range []string{"https://remote.test/eve/updates/1", "https://remote.test/eve/updates/2"} {
		if e.exists(id) {
			t.Fatalf("refused Update %s stored", id)
		}
	}
}

func TestUpdateShapes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	note := e.remoteNote(bob, "https://remote.test/notes/1", "x")
	poll := publicNote(bob, note, "now a poll")
	poll["type"] = "Question"
	poll["oneOf"] = options("a")
	cases := map[string]ap.Object{
		"object not embedded": obj("id", "https://remote.test/u/1", "type", "Update", "actor", bob, "object", note),
		"unsupported type":    updateOf("https://remote.test/u/2", bob, obj("id", "https://remote.test/c/1", "type", "Collection")),
		"type changes":        updateOf("https://remote.test/u/3", bob, poll),
		"invalid new version": updateOf("https://remote.test/u/4", bob, obj("id", note, "type", "Note", "attributedTo", bob)),
		"id on another host":  updateOf("https://evil.test/u/5", bob, publicNote(bob, note, "y")),
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(o, fromInbox)
			wantInvalid(t, err, nil)
			t.Log(err)
		})
	}
}

func TestUpdateOfUnseenNoteIngestsIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bob := e.remote("bob", "remote.test")
	n := publicNote(bob, "https://remote.test/notes/9", "edited before we saw it")
	e.mustIngest(updateOf(n.ID()+"#updates/1", bob, n), fromInbox)
	if e.row(n.ID()).Type != "Note" {
		t.Fatal("note not stored")
	}
	evs := e.drain()
	if !eventFor(evs, stream.EventUpdate, n.ID()) || eventFor(evs, stream.EventStatusUpdate, n.ID()) {
		t.Fatalf("events = %+v", evs)
	}
	if _, ok := e.internal(n.ID())["history"]; ok {
		t.Fatal("history for a new note")
	}
}

func TestUpdateLocalEditIsDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	note := e.localNote(alice, "typo")
	id := e.p.NewObjectID()
	v2 := obj("id", note, "type", "Note", "attributedTo", alice, "content", "fixed", "to", []any{ap.Public})
	e.mustIngest(obj("id", id, "type", "Update", "actor", alice, "object", map[string]any(v2), "to", []any{ap.Public}), fromLocal)
	if e.stored(note).String("content") != "fixed" {
		t.Fatal("not edited")
	}
	if got := e.deliver.got(); len(got) != 2 || got[1] != id {
		t.Fatalf("deliveries = %v", got)
	}
	if !e.row(note).Local {
		t.Fatal("edited note no longer local")
	}
}

func TestUpdateOfPollResultsKeepsVoters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	rin := e.remote("rin", "remote.test")
	poll := rin + "/statuses/1"
	e.mustIngest(mastodonQuestion(t, rin, poll), fromFetched)
	e.mustIngest(vote(e.p.NewObjectID(), alice, poll, rin, "Dunno"), fromLocal)

	// rin's server sends fresh results: the same poll with new counts.
	fresh, _ := mastodonQuestion(t, rin, poll).Embedded("object")
	fresh["oneOf"].([]any)[0].(map[string]any)["replies"] = map[string]any{"type": "Collection", "totalItems": 5}
	e.mustIngest(updateOf(poll+"#updates/1", rin, fresh), fromInbox)
	if counts, _ := e.tally(poll); counts["Dunno"] != 5 {
		t.Fatalf("tally = %v", counts)
	}
	in := e.internal(poll)
	if voters, _ := in["voters"].(map[string]any); voters[alice] == nil {
		t.Fatalf("internal = %v", in)
	}
	if _, ok := in["history"]; ok {
		t.Fatal("new results recorded as an edit")
	}
	// So a second local vote is still refused.
	_, err := e.ingest(vote(e.p.NewObjectID(), alice, poll, rin, "Dunno"), fromLocal)
	wantInvalid(t, err, nil)
}
