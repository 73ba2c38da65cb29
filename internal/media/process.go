package media

import (
	"context"
	"io"
	"strconv"
)

// Result is a processed upload, ready to be stored.
type Result struct {
	Format   Format // what the file is (after parsing: MP4 may have become M4A)
	Type     string // the Mastodon type: image, gifv, video, audio
	File     *Payload
	Preview  *Payload // nil when none could be made without an external program
	Meta     Meta
	Blurhash string
	// Note says what could not be done, for logs and the operator ("no preview frame: …").
	Note string
}

// Payload is a file to store: its bytes (read once), size, extension and Content-Type.
type Payload struct {
	Body io.Reader
	Size int64
	Ext  string
	MIME string
}

// Process recognises an uploaded file by its bytes, checks it against the limits of o and
// turns it into what is stored: re-encoded pictures with a preview, or video and audio with
// their header metadata read (and, for video, location and other metadata boxes blanked).
// Errors wrap ErrUnsupported, ErrTooLarge, ErrTooManyPixels or ErrCorrupt.
func Process(ctx context.Context, r io.ReaderAt, size int64, o Options) (*Result, error) {
	o = o.WithDefaults()
	if size <= 0 {
		return nil, refuse(ErrUnsupported, "empty file")
	}
	if size > o.MaxUploadSize() {
		return nil, refuse(ErrTooLarge, "files may be at most %s", megabytes(o.MaxUploadSize()))
	}
	f, err := sniffReader(r, size)
	if err != nil {
		return nil, err
	}
	if err := checkSize(f, size, o); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.Class == ClassImage {
		return processImage(r, size, f, o)
	}
	return processAV(r, size, f, o)
}

func checkSize(f Format, size int64, o Options) error {
	if lim := o.limit(f.Class); size > lim {
		return refuse(ErrTooLarge, "%s files may be at most %s", f.Class, megabytes(lim))
	}
	return nil
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
