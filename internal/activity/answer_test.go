package activity_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/stream"
)

// localPoll publishes a poll by a local user (kind "oneOf" or "anyOf") and returns its id.
func (e *env) localPoll(author, kind string, to []any, names ...string) string {
	e.t.Helper()
	id := e.p.NewObjectID()
	q := obj("id", id, "type", "Question", "attributedTo", author, "content", "which?", "to", to,
		kind, options(names...), "endTime", time.Now().Add(24*time.Hour).UTC().Format(time.RFC3339), "votersCount", 0)
	e.mustIngest(obj("id", id+"/activity", "type", "Create", "actor", author, "object", map[string]any(q), "to", to), fromLocal)
	return id
}

// vote is fixtures/ap/rebased/mastodon-vote.json: a Create of a Note with a name replying to
// the poll, addressed to its author.
func vote(id, voter, poll, pollAuthor, name string) ap.Object {
	n := obj("attributedTo", voter, "id", id, "inReplyTo", poll, "name", name, "to", pollAuthor, "type", "Note")
	return obj("@context", "https://www.w3.org/ns/activitystreams", "actor", voter, "id", id+"/activity", "nickname", "rin",
		"object", map[string]any(n), "to", pollAuthor, "type", "Create")
}

// tally returns each option's count and votersCount of a stored poll.
func (e *env) tally(poll string) (map[string]int64, int64) {
	e.t.Helper()
	q := e.stored(poll)
	out := map[string]int64{}
	for _, key := range []string{"oneOf", "anyOf"} {
		for _, o := range q.Objects(key) {
			r, _ := o.Embedded("replies")
			out[o.String("name")] = countOf(r["totalItems"])
		}
	}
	return out, countOf(q["votersCount"])
}

func TestAnswerCountsRemoteVoteOnLocalPoll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	rin := e.remote("rin", "remote.test")
	poll := e.localPoll(alice, "oneOf", []any{ap.Public}, "yes", "no")
	e.drain()

	v := vote(rin+"#votes/387", rin, poll, alice, "yes")
	e.mustIngest(v, toInbox(alice))
	ans := e.row(rin + "#votes/387")
	if ans.Type != "Answer" || ans.InReplyTo != poll || ans.Visibility != ap.VisibilityDirect {
		t.Fatalf("answer row = %+v", ans)
	}
	if counts, voters := e.tally(poll); counts["yes"] != 1 || counts["no"] != 0 || voters != 1 {
		t.Fatalf("tally = %v, %d voters", counts, voters)
	}
	in := e.internal(poll)["voters"].(map[string]any)
	if got, _ := in[rin].([]any); len(got) != 1 || got[0] != "yes" {
		t.Fatalf("internal voters = %v", in)
	}
	if _, leaked := e.stored(poll)["voters"]; leaked {
		t.Fatal("voters in the federated document")
	}
	if !eventFor(e.drain(), stream.EventStatusUpdate, poll) {
		t.Fatal("no status update for the poll")
	}
	if len(e.deliver.got()) != 1 { // only the poll's Create
		t.Fatalf("deliveries = %v", e.deliver.got())
	}
	// Delivered again: counted once.
	e.mustIngest(vote(rin+"#votes/387", rin, poll, alice, "yes"), toInbox(alice))
	if counts, voters := e.tally(poll); counts["yes"] != 1 || voters != 1 {
		t.Fatalf("after repeat: %v, %d voters", counts, voters)
	}
}

func TestAnswerRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	rin := e.remote("rin", "remote.test")
	bob := e.remote("bob", "remote.test")
	single := e.localPoll(alice, "oneOf", []any{ap.Public}, "yes", "no")
	multi := e.localPoll(alice, "anyOf", []any{ap.Public}, "red", "green")
	private := e.localPoll(alice, "oneOf", []any{alice + "/followers"}, "a", "b")
	remotePoll := rin + "/statuses/1"
	e.mustIngest(mastodonQuestion(t, rin, remotePoll), fromFetched)
	closed := e.p.NewObjectID()
	e.mustIngest(obj("id", closed, "type", "Question", "attributedTo", alice, "content", "old", "to", []any{ap.Public},
		"oneOf", options("a"), "endTime", "2020-01-01T00:00:00Z"), fromLocal)
	e.mustIngest(vote(rin+"#votes/1", rin, single, alice, "yes"), fromInbox)
	e.mustIngest(vote(rin+"#votes/2", rin, multi, alice, "red"), fromInbox)

	cases := map[string]struct {
		doc    ap.Object
		origin activity.Origin
	}{
		"double vote":                {vote(rin+"#votes/3", rin, single, alice, "yes"), fromInbox},
		"second option, single":      {vote(rin+"#votes/4", rin, single, alice, "no"), fromInbox},
		"same option twice, multi":   {vote(rin+"#votes/5", rin, multi, alice, "red"), fromInbox},
		"unknown option":             {vote(rin+"#votes/6", rin, multi, alice, "blue"), fromInbox},
		"unknown poll":               {vote(rin+"#votes/7", rin, e.p.NewObjectID(), alice, "yes"), fromInbox},
		"not a poll":                 {vote(rin+"#votes/8", rin, e.localNote(alice, "x"), alice, "yes"), fromInbox},
		"followers-only, not one":    {vote(bob+"#votes/9", bob, private, alice, "a"), fromInbox},
		"closed poll":                {vote(rin+"#votes/10", rin, closed, alice, "a"), fromInbox},
		"remote vote on remote poll": {vote(bob+"#votes/11", bob, remotePoll, rin, "Dunno"), fromInbox},
		"own poll":                   {vote(e.p.NewObjectID(), alice, single, alice, "no"), fromLocal},
		"vote from another host":     {vote("https://evil.test/votes/12", rin, multi, alice, "green"), fromInbox},
		"answer without name":        {obj("id", rin+"#votes/16", "type", "Answer", "attributedTo", rin, "inReplyTo", multi), fromInbox},
		"answer without poll":        {obj("id", rin+"#votes/17", "type", "Answer", "attributedTo", rin, "name", "red"), fromInbox},
		"no name": {func() ap.Object {
			v := vote(rin+"#votes/13", rin, multi, alice, "green")
			delete(v["object"].(map[string]any), "name")
			return v
		}(), fromInbox},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.ingest(c.doc, c.origin)
			wantInvalid(t, err, nil)
			t.Log(err)
			inner, ok := c.doc.Embedded("object")
			if !ok {
				inner = c.doc
			}
			if e.exists(inner.ID()) {
				t.Fatal("refused vote stored")
			}
		})
	}
	if counts, voters := e.tally(single); counts["yes"] != 1 || counts["no"] != 0 || voters != 1 {
		t.Fatalf("single: %v, %d voters", counts, voters)
	}
	if counts, voters := e.tally(multi); counts["red"] != 1 || counts["green"] != 0 || voters != 1 {
		t.Fatalf("multi: %v, %d voters", counts, voters)
	}
	if counts, _ := e.tally(private); counts["a"] != 0 {
		t.Fatalf("private: %v", counts)
	}

	// A multiple-choice poll takes another option from the same voter; a follower may vote
	// on a followers-only poll.
	e.mustIngest(vote(rin+"#votes/14", rin, multi, alice, "green"), fromInbox)
	if counts, voters := e.tally(multi); counts["red"] != 1 || counts["green"] != 1 || voters != 1 {
		t.Fatalf("multi: %v, %d voters", counts, voters)
	}
	e.follow(bob, alice)
	e.mustIngest(vote(bob+"#votes/15", bob, private, alice, "a"), fromInbox)
	if counts, _ := e.tally(private); counts["a"] != 1 {
		t.Fatalf("private: %v", counts)
	}
}

func TestAnswerLocalVoteOnRemotePoll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	rin := e.remote("rin", "remote.test")
	poll := rin + "/statuses/102070944809637304"
	e.mustIngest(mastodonQuestion(t, rin, poll), fromFetched)
	e.drain()

	id := e.p.NewObjectID()
	e.mustIngest(vote(id, alice, poll, rin, "Dunno"), fromLocal)
	if counts, voters := e.tally(poll); counts["Dunno"] != 1 || counts["Everyone knows that!"] != 1 || voters != 1 {
		t.Fatalf("tally = %v, %d voters", counts, voters)
	}
	// The Create carries the vote; the Answer inside it is not federated on its own.
	if got := e.deliver.got(); len(got) != 1 || got[0] != id+"/activity" {
		t.Fatalf("deliveries = %v", got)
	}
	if !eventFor(e.drain(), stream.EventStatusUpdate, poll) {
		t.Fatal("no status update")
	}
	// A vote sent bare (not in a Create) is federated itself.
	poll2 := rin + "/statuses/2"
	e.mustIngest(mastodonQuestion(t, rin, poll2), fromFetched)
	bare := e.p.NewObjectID()
	e.mustIngest(obj("id", bare, "type", "Answer", "attributedTo", alice, "name", "Dunno", "inReplyTo", poll2, "to", rin), fromLocal)
	if got := e.deliver.got(); len(got) != 2 || got[1] != bare {
		t.Fatalf("deliveries = %v", got)
	}
}

func TestAnswerConcurrentVotesAllCount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.local("alice")
	poll := e.localPoll(alice, "oneOf", []any{ap.Public}, "yes", "no")
	const n = 8
	var voters []string
	for i := range n {
		voters = append(voters, e.remote(fmt.Sprintf("v%d", i), "remote.test"))
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i, v := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.ingest(vote(fmt.Sprintf("%s#votes/%d", v, i), v, poll, alice, "yes"), fromInbox)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if counts, got := e.tally(poll); counts["yes"] != n || got != n {
		t.Fatalf("tally = %v, %d voters; want %d", counts, got, n)
	}
	if in := e.internal(poll)["voters"].(map[string]any); len(in) != n {
		t.Fatalf("internal voters = %d", len(in))
	}
}
