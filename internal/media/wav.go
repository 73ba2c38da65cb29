package media

import "io"

// parseWAV reads the fmt and data chunks of a RIFF/WAVE file. The data chunk must fit in the
// file; the duration is its length over the byte rate.
func parseWAV(r io.ReaderAt, size int64) (*avInfo, error) {
	info := &avInfo{format: WAV, audio: true}
	var byteRate int64
	dataLen := int64(-1)
	off := int64(12)
	for i := 0; i < 64 && off+8 <= size; i++ {
		h, err := readAt(r, size, off, 8, 8)
		if err != nil {
			return nil, err
		}
		n := int64(le.Uint32(h[4:8]))
		body := off + 8
		switch string(h[:4]) {
		case "fmt ":
			f, err := readAt(r, size, body, n, 1024)
			if err != nil || n < 16 {
				return nil, refuse(ErrCorrupt, "bad fmt chunk")
			}
			codec := le.Uint16(f[0:2])
			info.channels, info.sampleRate = int(le.Uint16(f[2:4])), int(le.Uint32(f[4:8]))
			byteRate = int64(le.Uint32(f[8:12]))
			info.audioCodec = map[uint16]string{1: "pcm", 3: "pcm_float", 0xFFFE: "pcm"}[codec]
			if info.audioCodec == "" {
				info.audioCodec = "wav"
			}
		case "data":
			if n > size-body {
				return nil, refuse(ErrCorrupt, "data chunk runs past the end")
			}
			dataLen = n
		}
		if dataLen >= 0 && byteRate > 0 {
			break
		}
		off = body + n + n&1
	}
	if byteRate <= 0 || dataLen < 0 || info.channels == 0 {
		return nil, refuse(ErrCorrupt, "no fmt or data chunk")
	}
	info.duration = float64(dataLen) / float64(byteRate)
	return info, nil
}
