package media

import (
	"bytes"
	"io"
)

// Ogg: the first page must open an Opus or Vorbis stream; the last page must end exactly at
// the end of the file (so a cut file is refused) and its granule position gives the duration.
// Both pages' CRCs are checked.

const oggTail = 128 << 10 // bytes read from the end to find the last page

func parseOgg(r io.ReaderAt, size int64) (*avInfo, error) {
	first, err := readAt(r, size, 0, min(size, 27+255+255*255), 27+255+255*255)
	if err != nil {
		return nil, err
	}
	page, n, ok := oggPage(first)
	if !ok || page.flags&2 == 0 {
		return nil, refuse(ErrCorrupt, "first Ogg page is damaged")
	}
	info := &avInfo{format: Ogg, audio: true}
	pkt := page.body
	preskip, rate := int64(0), int64(0)
	switch {
	case len(pkt) >= 19 && string(pkt[:8]) == "OpusHead":
		info.audioCodec, info.channels = "opus", int(pkt[9])
		preskip, rate, info.sampleRate = int64(le.Uint16(pkt[10:12])), 48000, int(le.Uint32(pkt[12:16]))
	case len(pkt) >= 16 && string(pkt[:7]) == "\x01vorbis":
		info.audioCodec, info.channels = "vorbis", int(pkt[11])
		info.sampleRate = int(le.Uint32(pkt[12:16]))
		rate = int64(info.sampleRate)
	default:
		return nil, refuse(ErrUnsupported, "only Opus and Vorbis streams are accepted in Ogg")
	}
	if rate <= 0 || info.channels == 0 {
		return nil, refuse(ErrCorrupt, "bad Ogg stream header")
	}
	if int64(n) == size {
		return info, nil
	}
	tailStart := max(0, size-oggTail)
	tail, err := readAt(r, size, tailStart, size-tailStart, oggTail)
	if err != nil {
		return nil, err
	}
	for i := bytes.LastIndex(tail, []byte("OggS")); i >= 0; i = bytes.LastIndex(tail[:i], []byte("OggS")) {
		last, n, ok := oggPage(tail[i:])
		if !ok || last.serial != page.serial {
			continue
		}
		if i+n != len(tail) {
			return nil, refuse(ErrCorrupt, "the file does not end with a whole Ogg page")
		}
		if last.granule >= 0 {
			info.duration = float64(max(0, last.granule-preskip)) / float64(rate)
		}
		return info, nil
	}
	return nil, refuse(ErrCorrupt, "no final Ogg page")
}

type oggPageInfo struct {
	flags   byte
	granule int64
	serial  uint32
	body    []byte // the page's payload (the first packet of a BOS page)
}

// oggPage parses the page at the start of b and returns it with its length; ok is false when
// it is cut short or its CRC is wrong.
func oggPage(b []byte) (oggPageInfo, int, bool) {
	if len(b) < 27 || string(b[:4]) != "OggS" || b[4] != 0 {
		return oggPageInfo{}, 0, false
	}
	nseg := int(b[26])
	if len(b) < 27+nseg {
		return oggPageInfo{}, 0, false
	}
	bodyLen := 0
	for _, l := range b[27 : 27+nseg] {
		bodyLen += int(l)
	}
	n := 27 + nseg + bodyLen
	if len(b) < n {
		return oggPageInfo{}, 0, false
	}
	want := le.Uint32(b[22:26])
	if oggCRC(b[:22], []byte{0, 0, 0, 0}, b[26:n]) != want {
		return oggPageInfo{}, 0, false
	}
	return oggPageInfo{flags: b[5], granule: int64(le.Uint64(b[6:14])), serial: le.Uint32(b[14:18]),
		body: b[27+nseg : n]}, n, true
}

var oggTable = func() (t [256]uint32) {
	for i := range t {
		c := uint32(i) << 24
		for range 8 {
			if c&0x80000000 != 0 {
				c = c<<1 ^ 0x04C11DB7
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

// oggCRC is Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, initial value 0) over parts.
func oggCRC(parts ...[]byte) uint32 {
	var c uint32
	for _, p := range parts {
		for _, x := range p {
			c = c<<8 ^ oggTable[byte(c>>24)^x]
		}
	}
	return c
}
