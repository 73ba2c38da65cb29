package media

import (
	"bufio"
	"io"
)

var adtsRates = [...]int{96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350}

// parseADTS walks the ADTS frames of a raw AAC stream from start to the end of the file:
// every frame states its length, so the count gives the duration and a cut frame is refused.
func parseADTS(r io.ReaderAt, size, start int64) (*avInfo, error) {
	br := bufio.NewReaderSize(io.NewSectionReader(r, start, size-start), 64<<10)
	info := &avInfo{format: AAC, audio: true, audioCodec: "aac"}
	pos, blocks, rateIdx := start, 0, -1
	for pos < size {
		h, err := br.Peek(7)
		if len(h) < 7 || h[0] != 0xFF || h[1]&0xF6 != 0xF0 {
			if blocks > 0 && mp3Trailer(br, size-pos) {
				break
			}
			return nil, refuse(ErrCorrupt, "no ADTS frame at offset %d (%v)", pos, err)
		}
		ri := int(h[2]>>2) & 0xF
		length := int(h[3]&3)<<11 | int(h[4])<<3 | int(h[5]>>5)
		if ri >= len(adtsRates) || length < 7 || (rateIdx >= 0 && ri != rateIdx) {
			return nil, refuse(ErrCorrupt, "bad ADTS frame at offset %d", pos)
		}
		if int64(length) > size-pos {
			return nil, refuse(ErrCorrupt, "last frame cut short")
		}
		if rateIdx < 0 {
			rateIdx = ri
			info.channels = int(h[2]&1)<<2 | int(h[3]>>6)
		}
		blocks += int(h[6]&3) + 1
		if _, err := br.Discard(length); err != nil {
			return nil, refuse(ErrCorrupt, "read: %v", err)
		}
		pos += int64(length)
	}
	if blocks == 0 {
		return nil, refuse(ErrCorrupt, "no ADTS frames")
	}
	info.sampleRate = adtsRates[rateIdx]
	info.duration = float64(blocks*1024) / float64(info.sampleRate)
	return info, nil
}
