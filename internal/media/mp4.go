package media

import (
	"fmt"
	"io"
)

// MP4, MOV and M4A: the top-level boxes are walked by their sizes (each must fit in the file),
// and the moov box, read whole (at most maxMoov), gives the duration (mvhd), the tracks
// (tkhd, mdhd, hdlr, stsd, stts) and iTunes cover art (udta/meta/ilst/covr).

const (
	maxMoov     = 32 << 20
	maxTopBoxes = 4096
)

type mp4Box struct {
	typ        string
	start, end int64 // the whole box
	body       int64 // where its payload starts
}

// nextBox reads the box header at off in a file (or a buffer) of length size.
func nextBox(r io.ReaderAt, size, off int64) (mp4Box, error) {
	h, err := readAt(r, size, off, min(16, size-off), 16)
	if err != nil || len(h) < 8 {
		return mp4Box{}, refuse(ErrCorrupt, "box header cut short at %d", off)
	}
	b := mp4Box{typ: string(h[4:8]), start: off, body: off + 8}
	n := int64(be.Uint32(h[:4]))
	switch n {
	case 0:
		n = size - off
	case 1:
		if len(h) < 16 {
			return mp4Box{}, refuse(ErrCorrupt, "box header cut short at %d", off)
		}
		n, b.body = int64(be.Uint64(h[8:16])), off+16
	}
	if n < b.body-off || n > size-off {
		return mp4Box{}, refuse(ErrCorrupt, "box %q of %d bytes at %d does not fit in the file", b.typ, n, off)
	}
	b.end = off + n
	return b, nil
}

// children lists the boxes inside buf[from:to].
func children(buf []byte, from, to int64) ([]mp4Box, error) {
	var out []mp4Box
	r := bytesAt(buf[:to])
	for off := from; off < to; {
		if to-off < 8 {
			return nil, refuse(ErrCorrupt, "stray bytes inside a box")
		}
		b, err := nextBox(r, to, off)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
		off = b.end
		if len(out) > 4096 {
			return nil, refuse(ErrCorrupt, "too many boxes")
		}
	}
	return out, nil
}

type bytesAt []byte

func (b bytesAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func parseMP4(r io.ReaderAt, size int64, f Format) (*avInfo, error) {
	var moov *mp4Box
	for off, i := int64(0), 0; off < size; i++ {
		if i > maxTopBoxes {
			return nil, refuse(ErrCorrupt, "too many top-level boxes")
		}
		b, err := nextBox(r, size, off)
		if err != nil {
			return nil, err
		}
		if b.typ == "moov" {
			if moov != nil {
				return nil, refuse(ErrCorrupt, "two moov boxes")
			}
			moov = &b
		}
		off = b.end
	}
	if moov == nil {
		return nil, refuse(ErrCorrupt, "no moov box")
	}
	buf, err := readAt(r, size, moov.start, moov.end-moov.start, maxMoov)
	if err != nil {
		return nil, err
	}
	info := &avInfo{format: f}
	if err := parseMoov(info, buf, moov.start); err != nil {
		return nil, err
	}
	switch {
	case info.video:
		if f.Class != ClassVideo {
			info.format = MP4
		}
	case info.audio:
		info.format = M4A
	default:
		return nil, refuse(ErrUnsupported, "no audio or video track")
	}
	return info, nil
}

// parseMoov reads the moov box in buf (which starts at fileOff in the file).
func parseMoov(info *avInfo, buf []byte, fileOff int64) error {
	kids, err := children(buf, 8, int64(len(buf)))
	if err != nil {
		return err
	}
	for _, b := range kids {
		p := buf[b.body:b.end]
		switch b.typ {
		case "mvhd":
			if scale, dur, ok := mp4Duration(p, 8, 16); ok && scale > 0 {
				info.duration = float64(dur) / float64(scale)
			}
		case "trak":
			if err := parseTrak(info, buf, b, fileOff); err != nil {
				return err
			}
		case "udta", "meta":
			info.blank = append(info.blank, fileOff+b.start+4)
			if info.cover == nil {
				info.cover = findCover(buf, b)
			}
		}
	}
	return nil
}

// mp4Duration reads (timescale, duration) from a version 0/1 full box whose fields start at
// off0 (version 0) or off1 (version 1) after the version/flags word.
func mp4Duration(p []byte, off0, off1 int) (uint32, uint64, bool) {
	if len(p) < 4 {
		return 0, 0, false
	}
	if p[0] == 1 {
		if len(p) < 4+off1+12 {
			return 0, 0, false
		}
		q := p[4+off1:]
		return be.Uint32(q[:4]), be.Uint64(q[4:12]), true
	}
	if len(p) < 4+off0+8 {
		return 0, 0, false
	}
	q := p[4+off0:]
	return be.Uint32(q[:4]), uint64(be.Uint32(q[4:8])), true
}

// parseTrak reads one track: its kind (hdlr), display size (tkhd), codec (stsd) and frame
// rate (stts over mdhd).
func parseTrak(info *avInfo, buf []byte, trak mp4Box, fileOff int64) error {
	var handler, codec string
	var w, h, channels, rate int
	var scale uint32
	var dur, samples uint64
	err := walkBoxes(buf, trak, func(b mp4Box) error {
		p := buf[b.body:b.end]
		switch b.typ {
		case "tkhd":
			w, h = tkhdSize(p)
		case "mdhd":
			scale, dur, _ = mp4Duration(p, 8, 16)
		case "hdlr": // the first one is mdia's; QuickTime has a second, for the data, in minf
			if len(p) >= 12 && handler == "" {
				handler = string(p[8:12])
			}
		case "stsd":
			if len(p) >= 16 {
				codec = string(p[12:16])
			}
			if len(p) >= 8+36 && handler == "soun" {
				e := p[8:]
				channels, rate = int(be.Uint16(e[24:26])), int(be.Uint32(e[32:36])>>16)
			}
		case "stts":
			if len(p) >= 8 {
				n := int(be.Uint32(p[4:8]))
				for i := 0; i < n && 8+8*i+8 <= len(p); i++ {
					samples += uint64(be.Uint32(p[8+8*i:]))
				}
			}
		case "udta", "meta":
			info.blank = append(info.blank, fileOff+b.start+4)
		}
		return nil
	})
	if err != nil {
		return err
	}
	switch handler {
	case "vide":
		if info.video || w == 0 || h == 0 {
			return nil // the first video track with a picture counts
		}
		info.video, info.width, info.height = true, w, h
		if scale > 0 && dur > 0 && samples > 0 {
			info.frameRate = float64(samples) * float64(scale) / float64(dur)
		}
	case "soun":
		if info.audio {
			return nil
		}
		info.audio, info.audioCodec, info.channels, info.sampleRate = true, mp4Codec(codec), channels, rate
	}
	return nil
}

// walkBoxes calls fn on every box below parent, descending into the containers a track has.
func walkBoxes(buf []byte, parent mp4Box, fn func(mp4Box) error) error {
	kids, err := children(buf, parent.body, parent.end)
	if err != nil {
		return err
	}
	for _, b := range kids {
		if err := fn(b); err != nil {
			return err
		}
		switch b.typ {
		case "mdia", "minf", "stbl", "edts":
			if err := walkBoxes(buf, b, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// tkhdSize reads a track's display size, swapped when its matrix turns it by 90°.
func tkhdSize(p []byte) (int, int) {
	off := 76 // version 0: 72 bytes of fields ending with the 36-byte matrix; width, height follow
	if len(p) > 0 && p[0] == 1 {
		off = 88
	}
	if len(p) < off+8 {
		return 0, 0
	}
	w, h := int(be.Uint32(p[off:])>>16), int(be.Uint32(p[off+4:])>>16)
	m := p[off-36:]
	if b, c := int32(be.Uint32(m[4:8])), int32(be.Uint32(m[12:16])); b != 0 && c != 0 && be.Uint32(m[0:4]) == 0 {
		w, h = h, w
	}
	return w, h
}

// findCover finds udta/meta/ilst/covr/data below b and returns its picture bytes.
func findCover(buf []byte, b mp4Box) []byte {
	from := b.body
	if b.typ == "meta" && b.end-b.body >= 4 && be.Uint32(buf[b.body:]) == 0 {
		from += 4 // ISO meta is a full box; QuickTime's is not
	}
	kids, err := children(buf, from, b.end)
	if err != nil {
		return nil
	}
	for _, k := range kids {
		switch k.typ {
		case "meta", "ilst", "covr":
			if c := findCover(buf, k); c != nil {
				return c
			}
		case "data":
			if b.typ == "covr" && k.end-k.body > 8 {
				return buf[k.body+8 : k.end]
			}
		}
	}
	return nil
}

func mp4Codec(fourcc string) string {
	switch fourcc {
	case "mp4a":
		return "aac"
	case "Opus":
		return "opus"
	case ".mp3":
		return "mp3"
	case "alac":
		return "alac"
	case "":
		return "unknown"
	}
	return fmt.Sprintf("%q", fourcc)[1:5]
}
