package media

import (
	"io"
	"math"
	"math/bits"
)

// WebM (EBML): the header must name the webm doctype; inside the Segment, Info gives the
// duration and Tracks the codecs, picture size and frame rate. Elements are skipped by their
// sizes and each must fit in the Segment, which must fit in the file. Parsing stops at the
// first Cluster once Info and Tracks have been read.

const (
	ebmlHeaderID   = 0x1A45DFA3
	ebmlDocType    = 0x4282
	ebmlSegment    = 0x18538067
	ebmlInfo       = 0x1549A966
	ebmlTracks     = 0x1654AE6B
	ebmlCluster    = 0x1F43B675
	ebmlTimescale  = 0x2AD7B1
	ebmlDuration   = 0x4489
	ebmlTrackEntry = 0xAE
	ebmlTrackType  = 0x83
	ebmlCodecID    = 0x86
	ebmlDefaultDur = 0x23E383
	ebmlVideo      = 0xE0
	ebmlAudio      = 0xE1
	ebmlPixelW     = 0xB0
	ebmlPixelH     = 0xBA
	ebmlSampleRate = 0xB5
	ebmlChannels   = 0x9F

	maxEBMLMaster = 1 << 20 // Info and Tracks are read whole up to this size
)

type ebmlElem struct {
	id       uint32
	data     int64 // offset of the payload
	size     int64 // -1 when unknown
	headSize int64
}

// ebmlVint decodes a variable-length integer; keepMarker is true for element ids.
func ebmlVint(b []byte, keepMarker bool) (uint64, int, bool) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, false
	}
	n := bits.LeadingZeros8(b[0]) + 1
	if n > 8 || len(b) < n || (keepMarker && n > 4) {
		return 0, 0, false
	}
	v := uint64(b[0])
	if !keepMarker {
		v &= 0xFF >> n
	}
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n, true
}

// ebmlHead parses an element header from b (the bytes at offset off).
func ebmlHead(b []byte, off int64) (ebmlElem, bool) {
	id, n, ok := ebmlVint(b, true)
	if !ok {
		return ebmlElem{}, false
	}
	sz, m, ok := ebmlVint(b[n:], false)
	if !ok {
		return ebmlElem{}, false
	}
	e := ebmlElem{id: uint32(id), data: off + int64(n+m), size: int64(sz), headSize: int64(n + m)}
	if sz == 1<<(7*m)-1 {
		e.size = -1
	}
	return e, true
}

// ebmlAt reads the element header at off in the file.
func ebmlAt(r io.ReaderAt, size, off int64) (ebmlElem, error) {
	b, err := readAt(r, size, off, min(12, size-off), 12)
	if err != nil {
		return ebmlElem{}, err
	}
	e, ok := ebmlHead(b, off)
	if !ok {
		return ebmlElem{}, refuse(ErrCorrupt, "bad EBML element at %d", off)
	}
	return e, nil
}

// ebmlKids splits a master element's payload into its children.
func ebmlKids(buf []byte) ([]ebmlElem, error) {
	var out []ebmlElem
	for off := int64(0); off < int64(len(buf)); {
		e, ok := ebmlHead(buf[off:], off)
		if !ok || e.size < 0 || e.size > int64(len(buf))-e.data {
			return nil, refuse(ErrCorrupt, "bad EBML child element")
		}
		out = append(out, e)
		off = e.data + e.size
	}
	return out, nil
}

func ebmlUint(b []byte) uint64 {
	var v uint64
	for _, c := range b[:min(len(b), 8)] {
		v = v<<8 | uint64(c)
	}
	return v
}

func ebmlFloat(b []byte) float64 {
	switch len(b) {
	case 4:
		return float64(math.Float32frombits(be.Uint32(b)))
	case 8:
		return math.Float64frombits(be.Uint64(b))
	}
	return 0
}

func parseWebM(r io.ReaderAt, size int64) (*avInfo, error) {
	h, err := ebmlAt(r, size, 0)
	if err != nil || h.id != ebmlHeaderID || h.size < 0 {
		return nil, refuse(ErrCorrupt, "no EBML header")
	}
	hb, err := readAt(r, size, h.data, h.size, 4096)
	if err != nil {
		return nil, err
	}
	kids, err := ebmlKids(hb)
	if err != nil {
		return nil, err
	}
	doc := ""
	for _, k := range kids {
		if k.id == ebmlDocType {
			doc = string(hb[k.data : k.data+k.size])
		}
	}
	if doc != "webm" {
		return nil, refuse(ErrUnsupported, "only WebM is accepted, not EBML doctype %q", doc)
	}
	seg, err := ebmlAt(r, size, h.data+h.size)
	if err != nil || seg.id != ebmlSegment {
		return nil, refuse(ErrCorrupt, "no Segment")
	}
	end := size
	if seg.size >= 0 {
		if seg.size > size-seg.data {
			return nil, refuse(ErrCorrupt, "the Segment runs past the end of the file")
		}
		end = seg.data + seg.size
	}
	info := &avInfo{format: WebM}
	scale, rawDur, tracks := uint64(1000000), 0.0, false
	for off, i := seg.data, 0; off < end && i < maxTopBoxes; i++ {
		e, err := ebmlAt(r, end, off)
		if err != nil {
			return nil, err
		}
		if e.id == ebmlCluster && (tracks || e.size < 0) {
			break
		}
		if e.size < 0 || e.size > end-e.data {
			return nil, refuse(ErrCorrupt, "element %#x runs past the end of the Segment", e.id)
		}
		switch e.id {
		case ebmlInfo, ebmlTracks:
			b, err := readAt(r, size, e.data, e.size, maxEBMLMaster)
			if err != nil {
				return nil, err
			}
			kids, err := ebmlKids(b)
			if err != nil {
				return nil, err
			}
			if e.id == ebmlTracks {
				tracks = true
				if err := webmTracks(info, b, kids); err != nil {
					return nil, err
				}
				break
			}
			for _, k := range kids {
				v := b[k.data : k.data+k.size]
				switch k.id {
				case ebmlTimescale:
					scale = ebmlUint(v)
				case ebmlDuration:
					rawDur = ebmlFloat(v)
				}
			}
		}
		off = e.data + e.size
	}
	if !tracks {
		return nil, refuse(ErrCorrupt, "no Tracks")
	}
	if d := rawDur * float64(scale) / 1e9; d > 0 && !math.IsInf(d, 0) {
		info.duration = d
	}
	switch {
	case info.video:
	case info.audio:
		info.format = WebMAudio
	default:
		return nil, refuse(ErrUnsupported, "no audio or video track")
	}
	return info, nil
}

// webmTracks reads the TrackEntry elements of Tracks.
func webmTracks(info *avInfo, b []byte, kids []ebmlElem) error {
	for _, t := range kids {
		if t.id != ebmlTrackEntry {
			continue
		}
		tb := b[t.data : t.data+t.size]
		fields, err := ebmlKids(tb)
		if err != nil {
			return err
		}
		var typ, defDur uint64
		var codec string
		var w, h, ch int
		var rate float64
		for _, f := range fields {
			v := tb[f.data : f.data+f.size]
			switch f.id {
			case ebmlTrackType:
				typ = ebmlUint(v)
			case ebmlCodecID:
				codec = string(v)
			case ebmlDefaultDur:
				defDur = ebmlUint(v)
			case ebmlVideo, ebmlAudio:
				sub, err := ebmlKids(v)
				if err != nil {
					return err
				}
				for _, s := range sub {
					sv := v[s.data : s.data+s.size]
					switch s.id {
					case ebmlPixelW:
						w = int(min(ebmlUint(sv), 1<<20))
					case ebmlPixelH:
						h = int(min(ebmlUint(sv), 1<<20))
					case ebmlSampleRate:
						rate = ebmlFloat(sv)
					case ebmlChannels:
						ch = int(min(ebmlUint(sv), 255))
					}
				}
			}
		}
		switch {
		case typ == 1 && !info.video && w > 0 && h > 0:
			info.video, info.width, info.height = true, w, h
			if defDur > 0 {
				info.frameRate = 1e9 / float64(defDur)
			}
		case typ == 2 && !info.audio:
			info.audio, info.channels, info.audioCodec = true, ch, webmCodec(codec)
			if rate > 0 && rate < 1e6 {
				info.sampleRate = int(rate)
			}
		}
	}
	return nil
}

func webmCodec(id string) string {
	switch id {
	case "A_OPUS":
		return "opus"
	case "A_VORBIS":
		return "vorbis"
	}
	return "unknown"
}
