package media

import (
	"bytes"
	"io"
)

// sniffLen is how many leading bytes Sniff needs at most.
const sniffLen = 64

// Sniff names the format of a file from its first bytes (at least 64, or the whole file when
// shorter). It only recognises; the parser of the format then checks the rest. A name or a
// declared Content-Type is never consulted.
func Sniff(head []byte) (Format, error) {
	at := func(off int, s string) bool { return len(head) >= off+len(s) && string(head[off:off+len(s)]) == s }
	switch {
	case at(0, "\xFF\xD8\xFF"):
		return JPEG, nil
	case at(0, "\x89PNG\r\n\x1a\n"):
		return PNG, nil
	case at(0, "GIF87a"), at(0, "GIF89a"):
		return GIF, nil
	case at(0, "RIFF") && at(8, "WEBP"):
		return WebP, nil
	case at(0, "RIFF") && at(8, "WAVE"):
		return WAV, nil
	case at(4, "ftyp"):
		return sniffFtyp(head)
	case at(4, "moov"), at(4, "mdat"), at(4, "wide"), at(4, "free"), at(4, "skip"), at(4, "pnot"):
		return MOV, nil // QuickTime files from before ftyp existed; the parser insists on a moov
	case at(0, "\x1A\x45\xDF\xA3"):
		return WebM, nil
	case at(0, "OggS"):
		return Ogg, nil
	case at(0, "ID3"):
		return MP3, nil // or AAC behind an ID3 tag: the MP3 parser tells
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xF6 == 0xF0:
		return AAC, nil // ADTS: sync 0xFFF, layer 00
	case len(head) >= 4 && isMPEGAudioHeader(head):
		return MP3, nil
	}
	return Format{}, refuse(ErrUnsupported, "not an accepted image, video or audio format")
}

// sniffFtyp tells ISO base media files apart by their major brand.
func sniffFtyp(head []byte) (Format, error) {
	if len(head) < 12 {
		return Format{}, refuse(ErrCorrupt, "ftyp box cut short")
	}
	switch string(head[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis":
		return Format{}, refuse(ErrUnsupported, "HEIC and AVIF images are not accepted (no pure-Go decoder)")
	case "qt  ":
		return MOV, nil
	case "M4A ", "M4B ", "M4P ", "F4A ":
		return M4A, nil
	}
	return MP4, nil
}

// sniffReader reads the head of r for Sniff.
func sniffReader(r io.ReaderAt, size int64) (Format, error) {
	head := make([]byte, min(size, sniffLen))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return Format{}, refuse(ErrCorrupt, "unreadable: %v", err)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return Format{}, refuse(ErrUnsupported, "empty file")
	}
	return Sniff(head)
}
