package media

import (
	"bufio"
	"io"
)

// MP3: an optional ID3v2 tag (cover art is read from it), then MPEG-1/2/2.5 Layer III frames,
// walked one by one to the end: the frame count gives the exact duration, and a file cut in
// the middle of a frame is refused. ID3v1 and APEv2 tags at the end are allowed.

var (
	mp3Bitrates = [2][16]int{ // kbit/s, Layer III: [MPEG-1, MPEG-2/2.5][index]
		{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
		{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
	}
	mp3Rates = [4][3]int{ // Hz: [version bits][index]
		{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000},
	}
)

// mp3Frame is one decoded frame header.
type mp3Frame struct {
	mpeg1      bool
	sampleRate int
	length     int // bytes, header included
	samples    int
	mono       bool
}

// isMPEGAudioHeader reports whether b starts with a valid MPEG audio Layer III frame header.
func isMPEGAudioHeader(b []byte) bool {
	_, ok := parseMP3Header(b)
	return ok
}

func parseMP3Header(b []byte) (mp3Frame, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return mp3Frame{}, false
	}
	version, layer := (b[1]>>3)&3, (b[1]>>1)&3
	brIdx, srIdx := b[2]>>4, (b[2]>>2)&3
	if version == 1 || layer != 1 || brIdx == 0 || brIdx == 15 || srIdx == 3 {
		return mp3Frame{}, false // reserved version, not Layer III, free or bad bitrate, bad rate
	}
	f := mp3Frame{mpeg1: version == 3, sampleRate: mp3Rates[version][srIdx], mono: b[3]>>6 == 3}
	row, coef := 1, 72
	f.samples = 576
	if f.mpeg1 {
		row, coef, f.samples = 0, 144, 1152
	}
	f.length = coef*mp3Bitrates[row][brIdx]*1000/f.sampleRate + int(b[2]>>1&1)
	return f, f.length > 4
}

// parseMP3 walks the frames of an MP3 file (or hands over to AAC when the ID3 tag hides ADTS).
func parseMP3(r io.ReaderAt, size int64) (*avInfo, error) {
	info := &avInfo{format: MP3, audio: true, audioCodec: "mp3"}
	start := int64(0)
	if tagLen, cover, err := readID3(r, size); err != nil {
		return nil, err
	} else if tagLen > 0 {
		start, info.cover = tagLen, cover
	}
	head, err := readAt(r, size, start, min(4, size-start), 4)
	if err != nil {
		return nil, err
	}
	if len(head) >= 2 && head[0] == 0xFF && head[1]&0xF6 == 0xF0 {
		aac, err := parseADTS(r, size, start)
		if err == nil {
			aac.cover = info.cover
		}
		return aac, err
	}
	br := bufio.NewReaderSize(io.NewSectionReader(r, start, size-start), 64<<10)
	frames, pos, first := 0, start, true
	var f0 mp3Frame
	for {
		hdr, err := br.Peek(4)
		if len(hdr) == 0 && err == io.EOF {
			break
		}
		f, ok := parseMP3Header(hdr)
		if !ok {
			if frames > 0 && mp3Trailer(br, size-pos) {
				break
			}
			return nil, refuse(ErrCorrupt, "no MPEG audio frame at offset %d", pos)
		}
		if frames == 0 {
			f0 = f
		} else if f.sampleRate != f0.sampleRate || f.mpeg1 != f0.mpeg1 {
			return nil, refuse(ErrCorrupt, "inconsistent MPEG frame at offset %d", pos)
		}
		if int64(f.length) > size-pos {
			return nil, refuse(ErrCorrupt, "last frame cut short")
		}
		if first {
			first = false
			if b, _ := br.Peek(min(f.length, 64)); isXingFrame(b, f) {
				if _, err := br.Discard(f.length); err != nil {
					return nil, refuse(ErrCorrupt, "read: %v", err)
				}
				pos += int64(f.length)
				continue // the Xing/Info frame holds no audio
			}
		}
		if _, err := br.Discard(f.length); err != nil {
			return nil, refuse(ErrCorrupt, "read: %v", err)
		}
		pos += int64(f.length)
		frames++
	}
	if frames == 0 {
		return nil, refuse(ErrCorrupt, "no MPEG audio frames")
	}
	info.sampleRate = f0.sampleRate
	info.channels = 2
	if f0.mono {
		info.channels = 1
	}
	info.duration = float64(frames*f0.samples) / float64(f0.sampleRate)
	return info, nil
}

// isXingFrame reports whether the frame starting in b is a Xing/Info (or VBRI) header frame.
func isXingFrame(b []byte, f mp3Frame) bool {
	side := 17
	switch {
	case f.mpeg1 && !f.mono:
		side = 32
	case !f.mpeg1 && f.mono:
		side = 9
	}
	at := func(off int, s string) bool { return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s }
	return at(4+side, "Xing") || at(4+side, "Info") || at(36, "VBRI")
}

// mp3Trailer reports whether what follows the last frame is a tag or padding we accept.
func mp3Trailer(br *bufio.Reader, rest int64) bool {
	b, _ := br.Peek(int(min(rest, 11)))
	switch {
	case len(b) >= 3 && string(b[:3]) == "TAG" && rest == 128:
		return true
	case len(b) >= 8 && string(b[:8]) == "APETAGEX", len(b) >= 6 && string(b[:6]) == "LYRICS":
		return true
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return rest <= 4096 // a little zero padding
}
