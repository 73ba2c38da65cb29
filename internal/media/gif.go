package media

import (
	"bufio"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"io"
)

// gifFrames counts the frames of a GIF by walking its blocks, without decoding any: animated
// GIFs are bounded by their total frame area before gif.DecodeAll allocates it.
func gifFrames(r io.ReaderAt, size int64) (int, error) {
	br := bufio.NewReader(io.NewSectionReader(r, 0, size))
	head := make([]byte, 13)
	if _, err := io.ReadFull(br, head); err != nil {
		return 0, refuse(ErrCorrupt, "GIF header cut short")
	}
	if head[10]&0x80 != 0 {
		if _, err := br.Discard(3 << (head[10]&7 + 1)); err != nil {
			return 0, refuse(ErrCorrupt, "GIF colour table cut short")
		}
	}
	frames := 0
	for {
		c, err := br.ReadByte()
		if err == io.EOF && frames > 0 {
			return frames, nil // no trailer: tolerated, as browsers do
		}
		if err != nil {
			return 0, refuse(ErrCorrupt, "GIF cut short")
		}
		switch c {
		case 0x3B:
			return frames, nil
		case 0x21:
			if _, err := br.ReadByte(); err != nil {
				return 0, refuse(ErrCorrupt, "GIF cut short")
			}
		case 0x2C:
			d := make([]byte, 9)
			if _, err := io.ReadFull(br, d); err != nil {
				return 0, refuse(ErrCorrupt, "GIF cut short")
			}
			if d[8]&0x80 != 0 {
				if _, err := br.Discard(3 << (d[8]&7 + 1)); err != nil {
					return 0, refuse(ErrCorrupt, "GIF cut short")
				}
			}
			if _, err := br.ReadByte(); err != nil { // LZW minimum code size
				return 0, refuse(ErrCorrupt, "GIF cut short")
			}
			frames++
		default:
			return 0, refuse(ErrCorrupt, "unknown GIF block %#x", c)
		}
		if err := skipSubBlocks(br); err != nil {
			return 0, err
		}
	}
}

func skipSubBlocks(br *bufio.Reader) error {
	for {
		n, err := br.ReadByte()
		if err != nil {
			return refuse(ErrCorrupt, "GIF cut short")
		}
		if n == 0 {
			return nil
		}
		if _, err := br.Discard(int(n)); err != nil {
			return refuse(ErrCorrupt, "GIF cut short")
		}
	}
}

// errStop ends a gifComposite early without an error.
var errStop = errors.New("stop")

// gifComposite renders each frame of g onto the logical screen, honouring the disposal
// methods, and calls fn with the canvas after each frame (fn must not keep it).
func gifComposite(g *gif.GIF, fn func(i int, canvas *image.NRGBA) error) error {
	bounds := image.Rect(0, 0, g.Config.Width, g.Config.Height)
	canvas := image.NewNRGBA(bounds)
	var saved *image.NRGBA
	for i, frame := range g.Image {
		disposal := byte(0)
		if i < len(g.Disposal) {
			disposal = g.Disposal[i]
		}
		if disposal == gif.DisposalPrevious {
			saved = image.NewNRGBA(bounds)
			copy(saved.Pix, canvas.Pix)
		}
		draw.Draw(canvas, frame.Bounds(), frame, frame.Bounds().Min, draw.Over)
		if err := fn(i, canvas); err != nil {
			return err
		}
		switch disposal {
		case gif.DisposalBackground:
			draw.Draw(canvas, frame.Bounds(), image.Transparent, image.Point{}, draw.Src)
		case gif.DisposalPrevious:
			copy(canvas.Pix, saved.Pix)
		}
	}
	return nil
}

// quantize maps img onto pal, caching the nearest colour per 15-bit RGB value; pixels under
// half alpha become the palette's transparent entry when it has one.
func quantize(img *image.NRGBA, pal color.Palette) *image.Paletted {
	out := image.NewPaletted(img.Bounds(), pal)
	transparent := -1
	for i, c := range pal {
		if _, _, _, a := c.RGBA(); a == 0 {
			transparent = i
			break
		}
	}
	var cache [1 << 15]int16
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[(y-img.Rect.Min.Y)*img.Stride:]
		for x := 0; x < img.Rect.Dx(); x++ {
			p := row[x*4 : x*4+4]
			var idx int
			if p[3] < 128 && transparent >= 0 {
				idx = transparent
			} else {
				key := int(p[0]>>3)<<10 | int(p[1]>>3)<<5 | int(p[2]>>3)
				if cache[key] == 0 {
					cache[key] = int16(pal.Index(color.NRGBA{p[0], p[1], p[2], 255})) + 1
				}
				idx = int(cache[key]) - 1
			}
			out.Pix[y*out.Stride+x-out.Rect.Min.Y*out.Stride] = uint8(idx)
		}
	}
	return out
}
