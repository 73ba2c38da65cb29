package media

import (
	"errors"
	"fmt"
)

// The ways an upload is refused. Errors returned by Process and Service wrap one of them;
// the text after the sentinel says why, and is safe to show to the uploader.
var (
	// ErrUnsupported: the bytes are not one of the accepted formats.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrTooLarge: the file is over the size limit of its kind.
	ErrTooLarge = errors.New("file too large")
	// ErrTooManyPixels: the picture or video frame is over the pixel limit (checked before
	// decoding, so decompression bombs cost nothing).
	ErrTooManyPixels = errors.New("dimensions too large")
	// ErrCorrupt: the file claims a format but does not follow it (truncated, inconsistent).
	ErrCorrupt = errors.New("file is damaged or truncated")
	// ErrInvalid: a description or focus is out of bounds.
	ErrInvalid = errors.New("invalid media attribute")
	// ErrNotFound: no such file in the storage, or no such attachment for this user.
	ErrNotFound = errors.New("media not found")
)

// refuse wraps a sentinel with a detail for the uploader.
func refuse(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
