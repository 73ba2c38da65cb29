package media

import (
	"context"
	"image"
	"io"

	"github.com/disintegration/imaging"
)

// Limits of a custom emoji's image.
const (
	MaxEmojiSize = 256 << 10 // bytes of the uploaded file
	EmojiSide    = 128       // larger pictures are scaled down to fit a side × side box
)

// EmojiImage is a stored custom emoji: its picture and static version (the same file unless
// the picture is an animated GIF), with keys to delete them by.
type EmojiImage struct {
	FileKey, StaticKey string
	URL, StaticURL     string
	MIME               string
}

// Emoji processes the picture of a custom emoji (PNG, GIF or WebP, at most MaxEmojiSize) and
// stores it under emoji/SHORTCODE-TOKEN. Errors wrap ErrTooLarge, ErrUnsupported,
// ErrTooManyPixels or ErrCorrupt.
func (s *Service) Emoji(ctx context.Context, shortcode string, r io.ReaderAt, size int64) (*EmojiImage, error) {
	file, static, err := ProcessEmoji(ctx, r, size, s.Options)
	if err != nil {
		return nil, err
	}
	base := "emoji/" + shortcode + "-" + randomToken()
	out := &EmojiImage{FileKey: base + file.Ext, MIME: file.MIME}
	if err := s.put(ctx, out.FileKey, file); err != nil {
		return nil, err
	}
	out.StaticKey = out.FileKey
	if static != nil {
		out.StaticKey = base + "-static" + static.Ext
		if err := s.put(ctx, out.StaticKey, static); err != nil {
			s.remove(out.FileKey)
			return nil, err
		}
	}
	out.URL, out.StaticURL = s.URL(out.FileKey), s.URL(out.StaticKey)
	return out, nil
}

// DeleteEmoji deletes the files of a custom emoji by key.
func (s *Service) DeleteEmoji(ctx context.Context, keys ...string) error {
	return s.deleteFiles(ctx, keys...)
}

// ProcessEmoji scales a custom emoji's picture to fit EmojiSide × EmojiSide (never enlarging
// it). Animated GIFs stay animated, every frame scaled, and come with a static first frame
// (PNG); other pictures are re-encoded as PNG (metadata dropped) and static is nil.
func ProcessEmoji(ctx context.Context, r io.ReaderAt, size int64, o Options) (file, static *Payload, err error) {
	o = o.WithDefaults()
	if size > MaxEmojiSize {
		return nil, nil, refuse(ErrTooLarge, "custom emoji may be at most %d KB", MaxEmojiSize>>10)
	}
	f, err := sniffReader(r, size)
	if err != nil {
		return nil, nil, err
	}
	if f != PNG && f != GIF && f != WebP {
		return nil, nil, refuse(ErrUnsupported, "custom emoji must be PNG, GIF or WebP")
	}
	cfg, err := checkPixels(r, size, f, o.MaxImagePixels)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if f == GIF {
		frames, err := gifFrames(r, size)
		if err != nil {
			return nil, nil, err
		}
		if frames > 1 {
			return animatedEmoji(r, size, cfg, frames, o)
		}
	}
	img, err := decodeImage(r, size)
	if err != nil {
		return nil, nil, err
	}
	e, err := encodePicture(imaging.Fit(img, EmojiSide, EmojiSide, imaging.Lanczos), 90, true)
	if err != nil {
		return nil, nil, err
	}
	return e.payload(), nil, nil
}

// animatedEmoji scales every composed frame of an animated GIF to fit EmojiSide.
func animatedEmoji(r io.ReaderAt, size int64, cfg image.Config, frames int, o Options) (*Payload, *Payload, error) {
	return animatedGIF(r, size, cfg, frames, o, func(canvas *image.NRGBA) *image.NRGBA {
		return imaging.Fit(canvas, EmojiSide, EmojiSide, imaging.Lanczos)
	})
}
