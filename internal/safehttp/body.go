package safehttp

import (
	"bytes"
	"fmt"
	"io"
	"math"
)

// readBody reads r to the end into a buffer that grows by doubling (no quadratic copying),
// failing with ErrTooLarge as soon as it holds more than limit bytes. A known contentLength
// sizes the buffer up front, and one over limit fails before reading.
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d is over %d bytes", ErrTooLarge, contentLength, limit)
	}
	var buf bytes.Buffer
	if contentLength > 0 {
		buf.Grow(int(contentLength) + bytes.MinRead) // room to see EOF without growing
	}
	n := limit
	if n < math.MaxInt64 {
		n++ // one byte more tells "exactly at the limit" from "over it"
	}
	read, err := buf.ReadFrom(io.LimitReader(r, n))
	if err != nil {
		return nil, err
	}
	if read > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}
