package media

import (
	"fmt"
	"image"
	"io"
	"math"
	"sort"
	"strconv"
)

// processAV reads the container of a video or audio file. The file is stored as uploaded
// (video metadata boxes blanked); its preview is the embedded cover art when there is one.
// A frame of the video itself would need a decoder we do not have, so videos without cover
// art have no preview and say so in Note.
func processAV(r io.ReaderAt, size int64, f Format, o Options) (*Result, error) {
	var info *avInfo
	var err error
	switch f {
	case MP4, MOV, M4A:
		info, err = parseMP4(r, size, f)
	case WebM:
		info, err = parseWebM(r, size)
	case MP3:
		info, err = parseMP3(r, size)
	case AAC:
		info, err = parseADTS(r, size, 0)
	case Ogg:
		info, err = parseOgg(r, size)
	case WAV:
		info, err = parseWAV(r, size)
	default:
		err = refuse(ErrUnsupported, "no parser for %s", f.MIME)
	}
	if err != nil {
		return nil, err
	}
	f = info.format
	if err := checkSize(f, size, o); err != nil {
		return nil, err
	}
	res := &Result{Format: f, Type: TypeAudio}
	var body io.Reader = io.NewSectionReader(r, 0, size)
	if info.video {
		res.Type = TypeVideo
		if int64(info.width)*int64(info.height) > o.MaxVideoPixels {
			return nil, refuse(ErrTooManyPixels, "%d×%d video is more than %d pixels", info.width, info.height, o.MaxVideoPixels)
		}
		if info.frameRate > o.MaxVideoFrameRate+0.5 {
			return nil, refuse(ErrTooManyPixels, "%.0f frames per second is more than %.0f", info.frameRate, o.MaxVideoFrameRate)
		}
		body = blanked(body, info.blank)
	}
	res.File = &Payload{Body: body, Size: size, Ext: f.Ext, MIME: f.MIME}
	res.Meta = avMeta(info, size)
	if info.cover != nil {
		if img, err := decodeCover(info.cover, o); err == nil {
			small, hash, err := preview(img, o.PreviewSize)
			if err == nil {
				res.Preview, res.Blurhash, res.Meta.Small = small.payload(), hash, sizeOf(small.w, small.h)
			}
		}
	}
	if res.Preview == nil && info.video {
		res.Note = "no preview frame: decoding video needs an external program"
	}
	return res, nil
}

// decodeCover decodes embedded cover art under the same limits as an uploaded picture.
func decodeCover(b []byte, o Options) (image.Image, error) {
	f, err := Sniff(b)
	if err != nil || f.Class != ClassImage {
		return nil, refuse(ErrUnsupported, "cover art is not a picture")
	}
	if _, err := checkPixels(bytesAt(b), int64(len(b)), f, o.MaxImagePixels); err != nil {
		return nil, err
	}
	return decodeImage(bytesAt(b), int64(len(b)))
}

// avMeta builds Mastodon's meta for video and audio.
func avMeta(info *avInfo, size int64) Meta {
	m := Meta{Original: &MetaOriginal{}}
	if info.duration > 0 {
		m.Length, m.Duration = length(info.duration), round(info.duration, 100)
		m.Original.Duration = round(info.duration, 1000)
		m.Original.Bitrate = int64(float64(size) * 8 / info.duration)
	}
	if info.video {
		s := sizeOf(info.width, info.height)
		m.Size, m.Width, m.Height, m.Aspect = s.Size, s.Width, s.Height, s.Aspect
		m.Original.Width, m.Original.Height = info.width, info.height
		if info.frameRate > 0 {
			m.FPS = int(math.Round(info.frameRate))
			m.Original.FrameRate = frameRate(info.frameRate)
		}
	}
	if info.audio {
		m.AudioEncode = info.audioCodec
		if info.sampleRate > 0 {
			m.AudioBitrate = strconv.Itoa(info.sampleRate) + " Hz"
		}
		switch info.channels {
		case 0:
		case 1:
			m.AudioChannels = "mono"
		case 2:
			m.AudioChannels = "stereo"
		default:
			m.AudioChannels = strconv.Itoa(info.channels) + " channels"
		}
	}
	return m
}

// frameRate writes a rate as a fraction the way ffprobe does ("30/1", "30000/1001").
func frameRate(fps float64) string {
	if r := math.Round(fps); math.Abs(fps-r) < 0.001 {
		return fmt.Sprintf("%d/1", int(r))
	}
	return fmt.Sprintf("%d/1000", int(math.Round(fps*1000)))
}

// blanked returns r with the 4-byte box types at the given offsets replaced by "free", which
// makes players skip the boxes (udta, meta: location, device, and other tags) without moving
// a byte of the file.
func blanked(r io.Reader, offsets []int64) io.Reader {
	if len(offsets) == 0 {
		return r
	}
	sort.Slice(offsets, func(i, j int) bool { return offsets[i] < offsets[j] })
	return &blankReader{r: r, offsets: offsets}
}

type blankReader struct {
	r       io.Reader
	pos     int64
	offsets []int64
}

func (b *blankReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	for _, o := range b.offsets {
		for i := int64(0); i < 4; i++ {
			if at := o + i - b.pos; at >= 0 && at < int64(n) {
				p[at] = "free"[i]
			}
		}
	}
	b.pos += int64(n)
	return n, err
}
