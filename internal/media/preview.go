package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/bbrks/go-blurhash"
	"github.com/disintegration/imaging"
)

// encoded is a picture we wrote.
type encoded struct {
	data []byte
	ext  string
	w, h int
}

func (e encoded) payload() *Payload {
	return &Payload{Body: bytes.NewReader(e.data), Size: int64(len(e.data)), Ext: e.ext, MIME: mimeByExt[e.ext]}
}

// opaque reports whether img has no transparent pixel.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// encodePicture writes img as JPEG when it is opaque and PNG otherwise, unless png is forced.
func encodePicture(img image.Image, quality int, forcePNG bool) (encoded, error) {
	var buf bytes.Buffer
	b := img.Bounds()
	e := encoded{w: b.Dx(), h: b.Dy()}
	if forcePNG || !opaque(img) {
		e.ext = PNG.Ext
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return encoded{}, err
		}
	} else {
		e.ext = JPEG.Ext
		if n, ok := img.(*image.NRGBA); ok {
			// Opaque NRGBA is RGBA, which the encoder converts in bulk rather than per pixel.
			img = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
		}
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
			return encoded{}, err
		}
	}
	e.data = buf.Bytes()
	return e, nil
}

// preview scales img to fit in a side × side box (never enlarging) and encodes it, with the
// blurhash of the result.
func preview(img image.Image, side int) (encoded, string, error) {
	b := img.Bounds()
	small := img
	if b.Dx() > side || b.Dy() > side {
		small = imaging.Fit(img, side, side, imaging.CatmullRom)
	}
	e, err := encodePicture(small, 80, false)
	if err != nil {
		return encoded{}, "", err
	}
	hash, err := blurhash.Encode(4, 3, imaging.Fit(small, 32, 32, imaging.Box))
	if err != nil {
		hash = ""
	}
	return e, hash, nil
}
