// Package media takes uploads apart and puts them back safely: it recognises a file by its
// bytes (never its name), bounds its size and pixel count before decoding, re-encodes images
// (orientation applied, metadata dropped) with a preview and a blurhash, reads the duration
// and dimensions of video and audio from their container headers in pure Go, crops avatars and
// headers, keeps the files behind a small Storage interface (disk or S3), and serves them
// under /uploads/ with the visibility of the status they belong to.
//
// Uploads through POST /api/v2/media that are video, audio or large pictures are processed by
// a job (async.go: UploadAsync, then ProcessPending from a River job); video and audio may
// get a thumbnail sent by the uploader (thumbnail.go). With the media cache on (cache.go),
// the attachments of remote posts are fetched through safehttp with the same limits and kept
// as rows like uploads' (RemoteURL set), served with the post's visibility and pruned by age.
//
// It imports store (the media_attachments table and the visibility rule), ap and safehttp,
// nothing else from this project; the Mastodon API, the web UI and the jobs call it.
package media
