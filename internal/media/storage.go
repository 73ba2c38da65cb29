package media

import (
	"context"
	"io"
	"strings"
	"time"
)

// Storage keeps the files of uploads under keys such as media/ID/NAME.jpg. Keys are chosen by
// this package, never by a client. Files under a key never change: a new version gets a new
// key, which is what makes long cache lifetimes and strong ETags safe.
type Storage interface {
	// Put stores size bytes from r under key, with a Content-Type for stores that keep one.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns the file under key; errors wrap ErrNotFound when there is none.
	Open(ctx context.Context, key string) (*Blob, error)
	// Delete removes the file under key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
	// URL is the public address of key: BASE/uploads/KEY, served by this package's handler
	// so that visibility is checked on every request.
	URL(key string) string
}

// Blob is an open stored file: seekable, for range requests.
type Blob struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
}

// validKey accepts the keys this package makes: slash-separated segments of letters, digits,
// '.', '_' and '-', none of them empty or starting with '.'.
func validKey(key string) bool {
	if key == "" || len(key) > 256 {
		return false
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return false
		}
		for _, c := range seg {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// uploadsURL joins a base URL and a key.
func uploadsURL(base, key string) string {
	return strings.TrimSuffix(base, "/") + "/uploads/" + key
}
