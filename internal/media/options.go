package media

// Options bounds what uploads may be. The zero value of a field means its default; the
// defaults are Mastodon's, and /api/v2/instance must advertise the values in force.
type Options struct {
	MaxImageSize   int64 // bytes; default 16 MB
	MaxVideoSize   int64 // bytes; default 100 MB
	MaxAudioSize   int64 // bytes; default 100 MB
	MaxProfileSize int64 // avatars and headers, bytes; default 8 MB
	// MaxImagePixels bounds width × height of images; default 7680 × 4320.
	MaxImagePixels int64
	// MaxVideoPixels bounds the frame size of videos when the container states it; default
	// 3840 × 2160.
	MaxVideoPixels int64
	// MaxVideoFrameRate refuses videos whose container states a higher rate; default 120.
	MaxVideoFrameRate float64
	// MaxAnimationPixels bounds the sum of the frame sizes of an animated GIF (each decoded
	// frame costs a byte per pixel); default 64 M.
	MaxAnimationPixels int64
	// PreviewSize is the longest side of previews; default 640.
	PreviewSize int
	// AsyncSize: through POST /api/v2/media, pictures larger than this many bytes are
	// processed by a job, as video and audio always are; default 4 MB, so that a
	// 12-megapixel photo (5 to 6 MB, over a second of processing, see BENCHMARKS.md) does
	// not hold the request.
	AsyncSize int64
}

// Mastodon's defaults.
const (
	defaultImageSize       = 16 << 20
	defaultVideoSize       = 100 << 20
	defaultProfileSize     = 8 << 20
	defaultImagePixels     = 7680 * 4320
	defaultVideoPixels     = 3840 * 2160
	defaultFrameRate       = 120
	defaultAnimationPixels = 64 << 20
	defaultPreviewSize     = 640
	defaultAsyncSize       = 4 << 20
)

// WithDefaults returns o with every zero field set to its default.
func (o Options) WithDefaults() Options {
	set := func(p *int64, d int64) {
		if *p <= 0 {
			*p = d
		}
	}
	set(&o.MaxImageSize, defaultImageSize)
	set(&o.MaxVideoSize, defaultVideoSize)
	set(&o.MaxAudioSize, defaultVideoSize)
	set(&o.MaxProfileSize, defaultProfileSize)
	set(&o.MaxImagePixels, defaultImagePixels)
	set(&o.MaxVideoPixels, defaultVideoPixels)
	set(&o.MaxAnimationPixels, defaultAnimationPixels)
	set(&o.AsyncSize, defaultAsyncSize)
	if o.MaxVideoFrameRate <= 0 {
		o.MaxVideoFrameRate = defaultFrameRate
	}
	if o.PreviewSize <= 0 {
		o.PreviewSize = defaultPreviewSize
	}
	return o
}

// MaxUploadSize is the largest file any upload may be: the bound for request bodies.
func (o Options) MaxUploadSize() int64 {
	o = o.WithDefaults()
	return max(o.MaxImageSize, o.MaxVideoSize, o.MaxAudioSize)
}

// limit is the size limit of a class.
func (o Options) limit(c Class) int64 {
	switch c {
	case ClassImage:
		return o.MaxImageSize
	case ClassVideo:
		return o.MaxVideoSize
	}
	return o.MaxAudioSize
}
