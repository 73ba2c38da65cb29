package media

// avInfo is what a container parser learns about a video or audio file.
type avInfo struct {
	format     Format  // the final format (MP4 may turn out to be M4A, MP3 to be AAC)
	duration   float64 // seconds, 0 when unknown
	width      int     // of the video track, 0 without one
	height     int
	frameRate  float64 // frames per second, 0 when unknown
	video      bool    // a video track exists
	audio      bool    // an audio track exists
	audioCodec string
	sampleRate int
	channels   int
	cover      []byte  // embedded cover art (JPEG or PNG bytes), nil when none
	blank      []int64 // offsets of 4-byte box types to overwrite with "free" (metadata)
}
