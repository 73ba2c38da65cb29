package media

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/egregoros/egregoros/internal/store"
)

// Meta is the meta object of a Mastodon MediaAttachment: original and small sizes for
// pictures; length, duration, frame rate and audio details for video and audio.
type Meta struct {
	Original *MetaOriginal `json:"original,omitempty"`
	Small    *MetaSize     `json:"small,omitempty"`
	Focus    *Focus        `json:"focus,omitempty"`

	Length        string  `json:"length,omitempty"` // H:MM:SS.ss
	Duration      float64 `json:"duration,omitempty"`
	FPS           int     `json:"fps,omitempty"`
	Size          string  `json:"size,omitempty"`
	Width         int     `json:"width,omitempty"`
	Height        int     `json:"height,omitempty"`
	Aspect        float64 `json:"aspect,omitempty"`
	AudioEncode   string  `json:"audio_encode,omitempty"`
	AudioBitrate  string  `json:"audio_bitrate,omitempty"` // Mastodon puts the sample rate here ("44100 Hz")
	AudioChannels string  `json:"audio_channels,omitempty"`
}

// MetaOriginal describes the stored file.
type MetaOriginal struct {
	Width     int     `json:"width,omitempty"`
	Height    int     `json:"height,omitempty"`
	Size      string  `json:"size,omitempty"`
	Aspect    float64 `json:"aspect,omitempty"`
	FrameRate string  `json:"frame_rate,omitempty"`
	Duration  float64 `json:"duration,omitempty"`
	Bitrate   int64   `json:"bitrate,omitempty"`
}

// MetaSize is the size of a picture.
type MetaSize struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Size   string  `json:"size"`
	Aspect float64 `json:"aspect"`
}

// Focus is the focal point of a picture, each coordinate in [-1, 1] (Mastodon's convention:
// x grows to the right, y grows upwards).
type Focus struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

func sizeOf(w, h int) *MetaSize {
	if w <= 0 || h <= 0 {
		return nil
	}
	return &MetaSize{Width: w, Height: h, Size: fmt.Sprintf("%dx%d", w, h), Aspect: round(float64(w)/float64(h), 1000)}
}

func round(f, unit float64) float64 { return math.Round(f*unit) / unit }

// length formats seconds as Mastodon's H:MM:SS.ss.
func length(sec float64) string {
	cs := int64(math.Round(sec * 100))
	return fmt.Sprintf("%d:%02d:%02d.%02d", cs/360000, cs/6000%60, cs/100%60, cs%100)
}

// RenderMeta is an attachment's meta object as the API shows it: the stored meta, with the
// focus added for pictures.
func RenderMeta(m *store.Media) map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal(m.Meta, &out)
	if m.Kind == TypeImage || m.Kind == TypeGIFV {
		out["focus"] = Focus{X: m.FocusX, Y: m.FocusY}
	}
	return out
}
