package media

import (
	"bytes"
	"context"
	"image"
	"image/gif"
	"io"
	"strings"

	"github.com/disintegration/imaging"

	"github.com/egregoros/egregoros/internal/store"
)

// The sizes Mastodon crops profile pictures to.
const (
	AvatarSize   = 400 // × 400
	HeaderWidth  = 1500
	HeaderHeight = 500
)

// ProfileImage is a stored avatar or header: the picture and its static version (the same
// for anything but an animated GIF).
type ProfileImage struct {
	URL       string
	StaticURL string
}

// Avatar crops an uploaded picture to 400 × 400 and stores it (and a static PNG/JPEG when it
// is animated) for user. The caller saves the URL on the user and then deletes the old one
// with DeleteProfileImage.
func (s *Service) Avatar(ctx context.Context, user *store.User, r io.ReaderAt, size int64) (*ProfileImage, error) {
	return s.profileImage(ctx, "avatars", user, r, size, AvatarSize, AvatarSize)
}

// Header crops an uploaded picture to 1500 × 500 and stores it, as Avatar does.
func (s *Service) Header(ctx context.Context, user *store.User, r io.ReaderAt, size int64) (*ProfileImage, error) {
	return s.profileImage(ctx, "headers", user, r, size, HeaderWidth, HeaderHeight)
}

func (s *Service) profileImage(ctx context.Context, dir string, user *store.User, r io.ReaderAt, size int64, w, h int) (*ProfileImage, error) {
	file, static, err := ProcessProfile(ctx, r, size, w, h, s.Options)
	if err != nil {
		return nil, err
	}
	base := dir + "/" + user.ID + "/" + randomToken()
	key := base + file.Ext
	if err := s.put(ctx, key, file); err != nil {
		return nil, err
	}
	out := &ProfileImage{URL: s.URL(key), StaticURL: s.URL(key)}
	if static != nil {
		skey := base + "-static" + static.Ext
		if err := s.put(ctx, skey, static); err != nil {
			s.remove(key)
			return nil, err
		}
		out.StaticURL = s.URL(skey)
	}
	return out, nil
}

// StaticURL is the static version of one of our avatar or header URLs (itself unless it is
// an animated GIF); other URLs are returned as they are.
func (s *Service) StaticURL(u string) string {
	key, ok := s.profileKey(u)
	if !ok || !strings.HasSuffix(key, GIF.Ext) {
		return u
	}
	return s.URL(strings.TrimSuffix(key, GIF.Ext) + "-static" + PNG.Ext)
}

// DeleteProfileImage deletes one of our avatar or header files (and its static version) by
// URL; URLs that are not ours are ignored.
func (s *Service) DeleteProfileImage(ctx context.Context, u string) error {
	key, ok := s.profileKey(u)
	if !ok {
		return nil
	}
	keys := []string{key}
	if strings.HasSuffix(key, GIF.Ext) {
		keys = append(keys, strings.TrimSuffix(key, GIF.Ext)+"-static"+PNG.Ext)
	}
	return s.deleteFiles(ctx, keys...)
}

func (s *Service) profileKey(u string) (string, bool) {
	prefix := s.URL("x")
	prefix = prefix[:len(prefix)-1]
	key, ok := strings.CutPrefix(u, prefix)
	if !ok || !validKey(key) || !(strings.HasPrefix(key, "avatars/") || strings.HasPrefix(key, "headers/")) {
		return "", false
	}
	return key, true
}

// ProcessProfile crops a picture to w × h (scaling it to cover the box, centred). Animated
// GIFs stay animated, every frame cropped, and come with a static first frame; other pictures
// are re-encoded (orientation applied, metadata dropped) and static is nil.
func ProcessProfile(ctx context.Context, r io.ReaderAt, size int64, w, h int, o Options) (file, static *Payload, err error) {
	o = o.WithDefaults()
	if size > o.MaxProfileSize {
		return nil, nil, refuse(ErrTooLarge, "profile pictures may be at most %s", megabytes(o.MaxProfileSize))
	}
	f, err := sniffReader(r, size)
	if err != nil {
		return nil, nil, err
	}
	if f.Class != ClassImage {
		return nil, nil, refuse(ErrUnsupported, "profile pictures must be JPEG, PNG, GIF or WebP")
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
			return animatedProfile(r, size, cfg, frames, w, h, o)
		}
	}
	img, err := decodeImage(r, size)
	if err != nil {
		return nil, nil, err
	}
	e, err := encodePicture(imaging.Fill(img, w, h, imaging.Center, imaging.Lanczos), 90, false)
	if err != nil {
		return nil, nil, err
	}
	return e.payload(), nil, nil
}

// animatedProfile crops every composed frame of an animated GIF to w×h.
func animatedProfile(r io.ReaderAt, size int64, cfg image.Config, frames, w, h int, o Options) (*Payload, *Payload, error) {
	return animatedGIF(r, size, cfg, frames, o, func(canvas *image.NRGBA) *image.NRGBA {
		return imaging.Fill(canvas, w, h, imaging.Center, imaging.Lanczos)
	})
}

// animatedGIF applies resize to every composed frame of an animated GIF, maps each back onto
// its frame's palette, and returns the new GIF and a still PNG of its first frame (StaticURL
// derives KEY-static.png).
func animatedGIF(r io.ReaderAt, size int64, cfg image.Config, frames int, o Options, resize func(*image.NRGBA) *image.NRGBA) (*Payload, *Payload, error) {
	if area := int64(frames) * int64(cfg.Width) * int64(cfg.Height); area > o.MaxAnimationPixels {
		return nil, nil, refuse(ErrTooManyPixels, "%d frames of %d×%d is more than %d pixels", frames, cfg.Width, cfg.Height, o.MaxAnimationPixels)
	}
	g, err := gif.DecodeAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, nil, refuse(ErrCorrupt, "undecodable GIF: %v", err)
	}
	out := &gif.GIF{Delay: g.Delay, LoopCount: g.LoopCount}
	var static encoded
	err = gifComposite(g, func(i int, canvas *image.NRGBA) error {
		frame := resize(canvas)
		if i == 0 {
			b := frame.Bounds()
			out.Config = image.Config{Width: b.Dx(), Height: b.Dy()}
			var err error
			if static, err = encodePicture(frame, 90, true); err != nil {
				return err
			}
		}
		// Each frame is the whole composed picture, so the previous one is cleared first.
		out.Image = append(out.Image, quantize(frame, g.Image[i].Palette))
		out.Disposal = append(out.Disposal, gif.DisposalBackground)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	out.Delay = out.Delay[:len(out.Image)]
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, out); err != nil {
		return nil, nil, refuse(ErrCorrupt, "GIF re-encoding failed: %v", err)
	}
	file := encoded{data: buf.Bytes(), ext: GIF.Ext}
	return file.payload(), static.payload(), nil
}
