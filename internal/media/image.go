package media

import (
	"bytes"
	"image"
	"image/gif"
	_ "image/jpeg" // registers the decoders that image.DecodeConfig and imaging use
	_ "image/png"
	"io"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp"
)

// decoderName is the name image.DecodeConfig reports for each accepted image format.
var decoderName = map[string]string{JPEG.MIME: "jpeg", PNG.MIME: "png", GIF.MIME: "gif", WebP.MIME: "webp"}

// checkPixels reads the image header only and refuses pictures over the pixel limit, before
// anything the size of the picture is allocated.
func checkPixels(r io.ReaderAt, size int64, f Format, limit int64) (image.Config, error) {
	cfg, name, err := image.DecodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil {
		return cfg, refuse(ErrCorrupt, "unreadable %s header: %v", f.Ext[1:], err)
	}
	if name != decoderName[f.MIME] {
		return cfg, refuse(ErrCorrupt, "%s header decodes as %s", f.Ext[1:], name)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return cfg, refuse(ErrCorrupt, "empty picture")
	}
	if int64(cfg.Width)*int64(cfg.Height) > limit {
		return cfg, refuse(ErrTooManyPixels, "%d×%d is more than %d pixels", cfg.Width, cfg.Height, limit)
	}
	return cfg, nil
}

// decodeImage decodes a still picture with its EXIF orientation applied.
func decodeImage(r io.ReaderAt, size int64) (image.Image, error) {
	img, err := imaging.Decode(io.NewSectionReader(r, 0, size), imaging.AutoOrientation(true))
	if err != nil {
		return nil, refuse(ErrCorrupt, "undecodable picture: %v", err)
	}
	return img, nil
}

// processImage re-encodes a picture, which drops EXIF and every other kind of metadata (and
// anything smuggled after the image data), and makes its preview and blurhash.
func processImage(r io.ReaderAt, size int64, f Format, o Options) (*Result, error) {
	cfg, err := checkPixels(r, size, f, o.MaxImagePixels)
	if err != nil {
		return nil, err
	}
	if f == GIF {
		frames, err := gifFrames(r, size)
		if err != nil {
			return nil, err
		}
		if frames > 1 {
			return processAnimatedGIF(r, size, cfg, frames, o)
		}
	}
	img, err := decodeImage(r, size)
	if err != nil {
		return nil, err
	}
	file, err := encodePicture(img, 90, f == PNG || f == GIF)
	if err != nil {
		return nil, err
	}
	return pictureResult(f, img, file.payload(), o)
}

// pictureResult completes a picture's result: preview, blurhash and meta.
func pictureResult(f Format, img image.Image, file *Payload, o Options) (*Result, error) {
	small, hash, err := preview(img, o.PreviewSize)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	orig := sizeOf(b.Dx(), b.Dy())
	return &Result{Format: f, Type: TypeImage, File: file, Preview: small.payload(), Blurhash: hash,
		Meta: Meta{Original: &MetaOriginal{Width: orig.Width, Height: orig.Height, Size: orig.Size, Aspect: orig.Aspect},
			Small: sizeOf(small.w, small.h)}}, nil
}

// processAnimatedGIF re-encodes every frame (dropping comments and application blocks but
// keeping timing and looping) once their total area is known to be within bounds.
func processAnimatedGIF(r io.ReaderAt, size int64, cfg image.Config, frames int, o Options) (*Result, error) {
	if area := int64(frames) * int64(cfg.Width) * int64(cfg.Height); area > o.MaxAnimationPixels {
		return nil, refuse(ErrTooManyPixels, "%d frames of %d×%d is more than %d pixels", frames, cfg.Width, cfg.Height, o.MaxAnimationPixels)
	}
	g, err := gif.DecodeAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, refuse(ErrCorrupt, "undecodable GIF: %v", err)
	}
	clean := &gif.GIF{Image: g.Image, Delay: g.Delay, Disposal: g.Disposal, LoopCount: g.LoopCount,
		Config: g.Config, BackgroundIndex: g.BackgroundIndex}
	var first image.Image
	err = gifComposite(g, func(i int, canvas *image.NRGBA) error {
		first = imaging.Clone(canvas)
		return errStop
	})
	if err != nil && err != errStop {
		return nil, err
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, clean); err != nil {
		return nil, refuse(ErrCorrupt, "GIF re-encoding failed: %v", err)
	}
	file := encoded{data: buf.Bytes(), ext: GIF.Ext}
	res, err := pictureResult(GIF, first, file.payload(), o)
	if err != nil {
		return nil, err
	}
	var total int
	for _, d := range g.Delay {
		total += d
	}
	res.Meta.Original.Duration = float64(total) / 100
	return res, nil
}
