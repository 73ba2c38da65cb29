package activity

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// answer handles Answer: a poll vote. Votes come as a Note with a name replying to the
// Question, which Create turns into an Answer. Remote votes on local polls and local votes on
// remote polls are counted; the voters are kept in the Question's internal state, never
// federated.
type answer struct{}

func init() { register(answer{}) }

func (answer) Type() string { return "Answer" }

// pollInternal is the internal state of a Question: who voted for which options.
type pollInternal struct {
	Voters map[string][]string `json:"voters"`
}

// Validate requires a voter on the vote's host, an option name and the poll it replies to.
func (answer) Validate(c *Ctx, obj ap.Object) error {
	voter := obj.Author()
	if voter == "" {
		return invalid("Answer %s has no attributedTo", obj.ID())
	}
	if obj.String("attributedTo") == "" {
		obj["attributedTo"] = voter
	}
	if c.Remote() && ap.Host(voter) != ap.Host(obj.ID()) {
		return fmt.Errorf("%w: Answer %s is not on its author's host", ErrActorMismatch, obj.ID())
	}
	if !c.Remote() && !c.P.IsLocalID(voter) {
		return invalid("local Answer %s by remote actor %s", obj.ID(), voter)
	}
	name := strings.TrimSpace(obj.String("name"))
	if name == "" || utf8.RuneCountInString(name) > MaxPollOptionName {
		return invalid("Answer %s: name must have 1 to %d characters", obj.ID(), MaxPollOptionName)
	}
	obj["name"] = name
	if obj.Ref("inReplyTo") == "" {
		return invalid("Answer %s has no inReplyTo", obj.ID())
	}
	return nil
}

// Ingest accepts a vote only on a stored, open poll whose counts are ours to keep (the poll or
// the voter is local), from a voter other than its author who may see it, for an existing
// option, and once per voter and option (once per voter on a single-choice poll).
func (answer) Ingest(c *Ctx, obj ap.Object) (*store.Object, error) {
	if existing, err := storedObject(c, obj.ID()); err != nil || existing != nil {
		return existing, err // a vote seen before: nothing to check or count again
	}
	q, poll, st, err := lockPoll(c, obj.Ref("inReplyTo"))
	if err != nil {
		return nil, err
	}
	voter, name := obj.Author(), obj.String("name")
	switch {
	case !q.Local && c.Remote():
		return nil, invalid("Answer %s: the remote poll %s is counted by its own server", obj.ID(), q.APID)
	case voter == q.Actor:
		return nil, invalid("Answer %s: %s votes on their own poll", obj.ID(), voter)
	case pollClosed(c, poll):
		return nil, invalid("Answer %s: poll %s is closed", obj.ID(), q.APID)
	case pollOption(poll, name) == nil:
		return nil, invalid("Answer %s: poll %s has no option %q", obj.ID(), q.APID, name)
	case singleChoice(poll) && len(st.Voters[voter]) > 0:
		return nil, invalid("Answer %s: %s already voted on %s", obj.ID(), voter, q.APID)
	case slices.Contains(st.Voters[voter], name):
		return nil, invalid("Answer %s: %s already voted %q on %s", obj.ID(), voter, name, q.APID)
	}
	ok, err := c.Tx.CanView(c, q, voter)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, invalid("Answer %s: %s may not see poll %s", obj.ID(), voter, q.APID)
	}
	return c.store(obj)
}

// SideEffects counts the vote in the Question (the option's replies.totalItems, votersCount
// and the voters), announces the new results, and federates a local vote sent on its own
// (one inside a Create is federated by the Create).
func (answer) SideEffects(c *Ctx, obj ap.Object, row *store.Object) error {
	q, poll, st, err := lockPoll(c, obj.Ref("inReplyTo"))
	if err != nil {
		return err
	}
	voter, name := obj.Author(), obj.String("name")
	opt := pollOption(poll, name)
	replies, ok := opt["replies"].(map[string]any)
	if !ok {
		replies = map[string]any{"type": "Collection"}
		opt["replies"] = replies
	}
	replies["totalItems"] = count(replies["totalItems"]) + 1
	if len(st.Voters[voter]) == 0 {
		poll["votersCount"] = count(poll["votersCount"]) + 1
	}
	st.Voters[voter] = append(st.Voters[voter], name)
	if err := replaceInternal(c, q, poll, func(m map[string]any) { m["voters"] = st.Voters }); err != nil {
		return err
	}
	emitStatusUpdate(c, q)
	if c.depth == 1 {
		return c.DeliverLocal(row)
	}
	return nil
}

// lockPoll loads and locks the Question apID with its document and voters.
func lockPoll(c *Ctx, apID string) (*store.Object, ap.Object, *pollInternal, error) {
	q, err := c.Tx.ObjectByAPIDForUpdate(c, apID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil, invalid("vote on unknown poll %s", apID)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if q.Type != "Question" {
		return nil, nil, nil, invalid("vote on %s, a %s", apID, q.Type)
	}
	poll, err := ap.Parse(q.Data)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("activity: stored poll %s: %w", apID, err)
	}
	st := &pollInternal{}
	if len(q.Internal) > 0 {
		if err := json.Unmarshal(q.Internal, st); err != nil {
			return nil, nil, nil, fmt.Errorf("activity: internal state of %s: %w", apID, err)
		}
	}
	if st.Voters == nil {
		st.Voters = map[string][]string{}
	}
	return q, poll, st, nil
}

// replaceInternal rewrites the stored object o with the document doc and its internal state
// changed by edit (other internal keys are kept).
func replaceInternal(c *Ctx, o *store.Object, doc ap.Object, edit func(map[string]any)) error {
	internal := map[string]any{}
	if len(o.Internal) > 0 {
		if err := json.Unmarshal(o.Internal, &internal); err != nil {
			return fmt.Errorf("activity: internal state of %s: %w", o.APID, err)
		}
	}
	edit(internal)
	r, err := c.row(doc)
	if err != nil {
		return err
	}
	if r.Internal, err = json.Marshal(internal); err != nil {
		return err
	}
	if err := c.Tx.ReplaceObject(c, r); err != nil {
		return err
	}
	o.Data, o.Internal, o.Visibility, o.UpdatedAt = r.Data, r.Internal, r.Visibility, r.UpdatedAt
	return nil
}

// pollOption returns the option of a poll named name, or nil.
func pollOption(poll ap.Object, name string) ap.Object {
	for _, o := range pollOptions(poll) {
		if strings.TrimSpace(o.String("name")) == name {
			return o
		}
	}
	return nil
}

// pollClosed reports whether a poll no longer takes votes: closed is set, or endTime passed.
func pollClosed(c *Ctx, poll ap.Object) bool {
	if v, ok := poll["closed"]; ok && v != nil && v != false {
		return true
	}
	end, ok := poll.Time("endTime")
	return ok && !end.After(c.P.now())
}

// count reads a JSON count (json.Number or float64); anything else is 0.
func count(v any) int64 {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			f, _ := n.Float64()
			i = int64(f)
		}
		return max(i, 0)
	case float64:
		return max(int64(n), 0)
	case int64:
		return max(n, 0)
	case int:
		return max(int64(n), 0)
	}
	return 0
}
