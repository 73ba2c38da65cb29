package activity

import (
	"strings"
	"unicode/utf8"

	"github.com/egregoros/egregoros/internal/ap"
)

// Poll bounds.
const (
	MaxPollOptions    = 20
	MaxPollOptionName = 512 // characters
)

// question handles Question: a poll. It is stored and shown like a Note.
type question struct{ note }

func init() { register(question{}) }

func (question) Type() string { return "Question" }

// Validate checks the status like a Note's, that attributedTo and actor agree when both are
// given, and that exactly one of oneOf (single choice) and anyOf (multiple choice) lists 1 to
// MaxPollOptions named options. A context is not required (Mastodon sends none).
func (question) Validate(c *Ctx, obj ap.Object) error {
	if err := validateStatus(c, obj); err != nil {
		return err
	}
	if a, b := obj.Ref("attributedTo"), obj.Ref("actor"); a != "" && b != "" && a != b {
		return ErrActorMismatch
	}
	one, anyOf := obj.Objects("oneOf"), obj.Objects("anyOf")
	if (len(one) > 0) == (len(anyOf) > 0) {
		return invalid("Question %s needs options in exactly one of oneOf and anyOf", obj.ID())
	}
	opts := pollOptions(obj)
	if len(opts) > MaxPollOptions {
		return invalid("Question %s has %d options (1 to %d)", obj.ID(), len(opts), MaxPollOptions)
	}
	for _, o := range opts {
		name := strings.TrimSpace(o.String("name"))
		if name == "" || utf8.RuneCountInString(name) > MaxPollOptionName {
			return invalid("Question %s: option names must have 1 to %d characters", obj.ID(), MaxPollOptionName)
		}
	}
	return nil
}

// pollOptions returns the options of a poll (oneOf or anyOf).
func pollOptions(obj ap.Object) []ap.Object {
	if opts := obj.Objects("oneOf"); len(opts) > 0 {
		return opts
	}
	return obj.Objects("anyOf")
}

// singleChoice reports whether a poll takes one option per voter.
func singleChoice(obj ap.Object) bool { return len(obj.Objects("oneOf")) > 0 }
