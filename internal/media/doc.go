// Package media takes uploads apart and puts them back safely: it recognises a file by its
// bytes (never its name), bounds its size and pixel count before decoding, re-encodes images
// (orientation applied, metadata dropped) with a preview and a blurhash, reads the duration
// and dimensions of video and audio from their container headers in pure Go, crops avatars and
// headers, keeps the files behind a small Storage interface (disk or S3), and serves them
// under /uploads/ with the visibility of the status they belong to.
//
// It imports store (the media_attachments table and the visibility rule) and ap, nothing else
// from this project; the Mastodon API and the web UI call it.
package media
