package media

import (
	"encoding/binary"
	"io"
)

// Helpers for the container parsers: every read is bounded by the file size and by a cap,
// so a header that lies about a length costs at most the cap.

var (
	be = binary.BigEndian
	le = binary.LittleEndian
)

// readAt reads n bytes at off, refusing reads past the end of the file or larger than max.
func readAt(r io.ReaderAt, size, off, n, max int64) ([]byte, error) {
	if off < 0 || n < 0 || off > size || n > size-off {
		return nil, refuse(ErrCorrupt, "length %d at offset %d runs past the end (%d bytes)", n, off, size)
	}
	if n > max {
		return nil, refuse(ErrCorrupt, "a header of %d bytes is larger than the %d allowed", n, max)
	}
	buf := make([]byte, n)
	if k, err := r.ReadAt(buf, off); k < len(buf) {
		return nil, refuse(ErrCorrupt, "read at %d: %v", off, err)
	}
	return buf, nil
}
