package activity

import (
	"errors"
	"fmt"
)

// Errors the pipeline returns; callers (inbox job, API) map them to outcomes. Every
// validation failure wraps ErrInvalid, so a job can discard instead of retrying.
var (
	ErrInvalid       = errors.New("invalid activity")
	ErrUnknownType   = fmt.Errorf("%w: unknown type", ErrInvalid)
	ErrLocalID       = fmt.Errorf("%w: remote activity uses an id on this server", ErrInvalid)
	ErrNotOwner      = fmt.Errorf("%w: actor does not own the target", ErrInvalid)
	ErrNotTargeted   = fmt.Errorf("%w: not addressed to, and not concerning, this inbox", ErrInvalid)
	ErrTooLarge      = fmt.Errorf("%w: too large", ErrInvalid)
	ErrActorMismatch = fmt.Errorf("%w: actor mismatch", ErrInvalid)
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// MissingError says that a document cannot be applied yet because it needs another one that
// is not stored (a Move's target actor). It does not wrap ErrInvalid: the inbox job fetches
// ID and tries again, and retries with backoff while that fetch fails.
type MissingError struct {
	Doc string // the document that waits
	ID  string // what it needs
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("activity: %s needs %s, which is not stored yet", e.Doc, e.ID)
}
