package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/testutil"
)

const base = "http://localhost:4000"

// newService is a media service on a fresh database with its files in a temporary directory.
func newService(t testing.TB) *media.Service {
	t.Helper()
	st := testutil.NewStore(t)
	disk, err := media.NewDisk(t.TempDir(), base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { disk.Close() })
	return &media.Service{Store: st, Storage: disk}
}

// newUser stores a local user.
func newUser(t testing.TB, st *store.Store, nick string) *store.User {
	t.Helper()
	u := &store.User{APID: base + "/users/" + nick, Nickname: nick, Local: true, FollowersURL: base + "/users/" + nick + "/followers"}
	if err := st.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// testdata reads a committed sample (see testdata/generate.sh).
func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gradient is a w×h opaque picture with some structure (so that orientation is visible:
// the top-left quarter is red).
func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func jpegOf(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// animatedGIF is a frames-long w×h animation with a comment block (which must not survive).
func animatedGIF(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	pal := color.Palette{color.Transparent, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}, color.White}
	g := &gif.GIF{LoopCount: 0}
	for i := range frames {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				p.SetColorIndex(x, y, uint8(1+(x/4+y/4+i)%3))
			}
		}
		g.Image = append(g.Image, p)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// Insert a comment extension after the header and colour table: 0x21 0xFE, sub-blocks.
	comment := append([]byte{0x21, 0xFE, 13}, []byte("SECRET-GIF-XX")...)
	comment = append(comment, 0)
	at := 13
	if b[10]&0x80 != 0 {
		at += 3 * (2 << (b[10] & 7))
	}
	return append(append(append([]byte{}, b[:at]...), comment...), b[at:]...)
}

// withEXIF inserts an APP1 Exif segment (big-endian TIFF, IFD0 with Orientation and an
// ImageDescription holding marker) after the SOI of a JPEG.
func withEXIF(jpg []byte, orientation uint16, marker string) []byte {
	desc := []byte(marker + "\x00")
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2A")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	binary.Write(&tiff, binary.BigEndian, uint16(2)) // two entries
	// 0x010E ImageDescription, ASCII, count, offset after the IFD
	binary.Write(&tiff, binary.BigEndian, []uint16{0x010E, 2})
	binary.Write(&tiff, binary.BigEndian, []uint32{uint32(len(desc)), 8 + 2 + 2*12 + 4})
	// 0x0112 Orientation, SHORT, 1, value
	binary.Write(&tiff, binary.BigEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{orientation, 0})
	binary.Write(&tiff, binary.BigEndian, uint32(0)) // no next IFD
	tiff.Write(desc)
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// pngHeader is a PNG signature and IHDR chunk claiming w×h, with a correct CRC and no data.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

// mp4Box writes an ISO box.
func mp4Box(typ string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(n))
	out = append(out, typ...)
	for _, p := range payload {
		out = append(out, p...)
	}
	return out
}

// syntheticMP4 is a structurally valid MP4 with one video track of w×h at fps for seconds,
// whose mdat holds mdatSize bytes of filler: what the container parser reads, without codec
// data (nothing here decodes frames). A udta box carries a marker that must be blanked.
func syntheticMP4(w, h int, fps, seconds float64, mdatSize int, marker string) []byte {
	u32 := func(vs ...uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.BigEndian.AppendUint32(b, v)
		}
		return b
	}
	const scale = 1000
	dur := uint32(seconds * scale)
	frames := uint32(seconds * fps)
	mvhd := mp4Box("mvhd", u32(0, 0, 0, scale, dur), make([]byte, 80))
	tkhd := mp4Box("tkhd", u32(0, 0, 0, 1, 0, dur, 0, 0, 0, 0), u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000),
		u32(uint32(w)<<16, uint32(h)<<16))
	mdhd := mp4Box("mdhd", u32(0, 0, 0, scale, dur, 0))
	hdlr := mp4Box("hdlr", u32(0, 0), []byte("vide"), make([]byte, 13))
	entry := mp4Box("avc1", make([]byte, 24), []byte{byte(w >> 8), byte(w), byte(h >> 8), byte(h)}, make([]byte, 50))
	stsd := mp4Box("stsd", u32(0, 1), entry)
	stts := mp4Box("stts", u32(0, 1, frames, uint32(float64(scale)/fps)))
	stbl := mp4Box("stbl", stsd, stts)
	minf := mp4Box("minf", stbl)
	mdia := mp4Box("mdia", mdhd, hdlr, minf)
	trak := mp4Box("trak", tkhd, mdia)
	udta := mp4Box("udta", mp4Box("\xa9xyz", []byte(marker)))
	moov := mp4Box("moov", mvhd, trak, udta)
	ftyp := mp4Box("ftyp", []byte("isom"), u32(0x200), []byte("isomiso2avc1mp41"))
	mdat := mp4Box("mdat", bytes.Repeat([]byte{0x5A}, mdatSize))
	return append(append(ftyp, moov...), mdat...)
}

// process runs media.Process on b with opts.
func process(b []byte, opts media.Options) (*media.Result, error) {
	return media.Process(context.Background(), bytes.NewReader(b), int64(len(b)), opts)
}

func keyOf(u string) string { return strings.TrimPrefix(u, base+"/uploads/") }

// openFile reads a stored file by URL.
func openFile(t testing.TB, s *media.Service, u string) []byte {
	t.Helper()
	b, err := s.Storage.Open(context.Background(), keyOf(u))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	data, err := io.ReadAll(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func checkSize(t testing.TB, s *media.Service, u string, w, h int) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(openFile(t, s, u)))
	if err != nil || cfg.Width != w || cfg.Height != h {
		t.Fatalf("%s: %d×%d (%v), want %d×%d", u, cfg.Width, cfg.Height, err, w, h)
	}
}

func openGIF(t testing.TB, s *media.Service, u string) *gif.GIF {
	t.Helper()
	g, err := gif.DecodeAll(bytes.NewReader(openFile(t, s, u)))
	if err != nil {
		t.Fatal(err)
	}
	return g
}
