package media

import (
	"bytes"
	"io"
)

// maxID3Cover bounds the ID3 tag we read for cover art; larger tags are skipped, not refused.
const maxID3Cover = 8 << 20

// readID3 measures the ID3v2 tag at the start of r (0 when there is none) and returns the
// front cover (or first picture) of an ID3v2.3/2.4 APIC frame, when there is one.
func readID3(r io.ReaderAt, size int64) (int64, []byte, error) {
	if size < 10 {
		return 0, nil, nil
	}
	h, err := readAt(r, size, 0, 10, 10)
	if err != nil || string(h[:3]) != "ID3" {
		return 0, nil, err
	}
	body, ok := syncsafe(h[6:10])
	if !ok || h[3] < 2 || h[3] > 4 {
		return 0, nil, refuse(ErrCorrupt, "bad ID3v2 header")
	}
	total := 10 + body
	if h[5]&0x10 != 0 {
		total += 10 // footer
	}
	if total > size {
		return 0, nil, refuse(ErrCorrupt, "ID3 tag runs past the end")
	}
	if h[3] == 2 || h[5]&0xC0 != 0 || body > maxID3Cover {
		return total, nil, nil // v2.2, unsynchronised or extended header, or huge: no cover
	}
	tag, err := readAt(r, size, 10, body, maxID3Cover)
	if err != nil {
		return 0, nil, err
	}
	return total, id3Cover(tag, h[3]), nil
}

// syncsafe decodes a 28-bit ID3 size (7 bits per byte).
func syncsafe(b []byte) (int64, bool) {
	var n int64
	for _, c := range b {
		if c >= 0x80 {
			return 0, false
		}
		n = n<<7 | int64(c)
	}
	return n, true
}

// id3Cover finds the picture of an APIC frame in the frames of a tag.
func id3Cover(tag []byte, major byte) []byte {
	var found []byte
	for len(tag) >= 10 && tag[0] != 0 {
		id := string(tag[:4])
		n := int64(be.Uint32(tag[4:8]))
		if major == 4 {
			var ok bool
			if n, ok = syncsafe(tag[4:8]); !ok {
				return found
			}
		}
		if n > int64(len(tag)-10) {
			return found
		}
		frame, formatFlags := tag[10:10+n], tag[9]
		tag = tag[10+n:]
		if id != "APIC" || formatFlags != 0 || len(frame) < 4 {
			continue
		}
		pic, front := apicPicture(frame)
		if front {
			return pic
		}
		if found == nil {
			found = pic
		}
	}
	return found
}

// apicPicture splits an APIC frame: encoding, MIME\0, type, description\0, data.
func apicPicture(f []byte) ([]byte, bool) {
	enc := f[0]
	mimeEnd := bytes.IndexByte(f[1:], 0)
	if mimeEnd < 0 || 1+mimeEnd+2 > len(f) {
		return nil, false
	}
	typ := f[1+mimeEnd+1]
	rest := f[1+mimeEnd+2:]
	term := []byte{0}
	if enc == 1 || enc == 2 {
		term = []byte{0, 0}
	}
	i := 0
	for {
		j := bytes.Index(rest[i:], term)
		if j < 0 {
			return nil, false
		}
		i += j
		if len(term) == 1 || i%2 == 0 {
			break
		}
		i++
	}
	return rest[i+len(term):], typ == 3
}
