package media

// Class is what a format is, for size limits: image, video or audio.
type Class string

// The classes of accepted formats.
const (
	ClassImage Class = "image"
	ClassVideo Class = "video"
	ClassAudio Class = "audio"
)

// Mastodon's MediaAttachment types.
const (
	TypeImage   = "image"
	TypeGIFV    = "gifv"
	TypeVideo   = "video"
	TypeAudio   = "audio"
	TypeUnknown = "unknown"
)

// Format is an accepted file format: its media type, the extension stored files get, and its
// class.
type Format struct {
	MIME  string
	Ext   string
	Class Class
}

// The accepted formats. MP4 and WebM files with no video track are stored as their audio
// variants (M4A, WebMAudio).
var (
	JPEG      = Format{"image/jpeg", ".jpg", ClassImage}
	PNG       = Format{"image/png", ".png", ClassImage}
	GIF       = Format{"image/gif", ".gif", ClassImage}
	WebP      = Format{"image/webp", ".webp", ClassImage}
	MP4       = Format{"video/mp4", ".mp4", ClassVideo}
	MOV       = Format{"video/quicktime", ".mov", ClassVideo}
	WebM      = Format{"video/webm", ".webm", ClassVideo}
	M4A       = Format{"audio/mp4", ".m4a", ClassAudio}
	WebMAudio = Format{"audio/webm", ".weba", ClassAudio}
	MP3       = Format{"audio/mpeg", ".mp3", ClassAudio}
	Ogg       = Format{"audio/ogg", ".ogg", ClassAudio}
	WAV       = Format{"audio/wav", ".wav", ClassAudio}
	AAC       = Format{"audio/aac", ".aac", ClassAudio}
)

// SupportedMIMETypes lists the media types uploads may have, for /api/v2/instance.
func SupportedMIMETypes() []string {
	return []string{JPEG.MIME, PNG.MIME, GIF.MIME, WebP.MIME, MP4.MIME, MOV.MIME, WebM.MIME, M4A.MIME,
		WebMAudio.MIME, MP3.MIME, Ogg.MIME, "audio/opus", WAV.MIME, "audio/x-wav", AAC.MIME, "audio/x-m4a"}
}

// mimeByExt is the Content-Type of the files we write, by extension.
var mimeByExt = map[string]string{".jpg": JPEG.MIME, ".png": PNG.MIME, ".gif": GIF.MIME, ".webp": WebP.MIME,
	".mp4": MP4.MIME, ".mov": MOV.MIME, ".webm": WebM.MIME, ".m4a": M4A.MIME, ".weba": WebMAudio.MIME,
	".mp3": MP3.MIME, ".ogg": Ogg.MIME, ".wav": WAV.MIME, ".aac": AAC.MIME}
