package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

// static holds the built CSS and JavaScript (make assets writes them; they are committed).
//
//go:embed static
var static embed.FS

// asset is one embedded file with its checksum.
type asset struct {
	data []byte
	sum  string // first 16 hex digits of its SHA-256
	mime string
}

// assetSet serves the static files under checksum URLs, /assets/{sum}/{name}: a changed file
// gets a new URL, so every URL can be cached for a year.
type assetSet struct {
	files map[string]*asset
}

func loadAssets() (*assetSet, error) {
	a := &assetSet{files: map[string]*asset{}}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		a.files[name] = &asset{data: b, sum: hex.EncodeToString(sum[:8]), mime: mime.TypeByExtension(path.Ext(name))}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load assets: %w", err)
	}
	for _, need := range []string{"app.css", "app.js", "htmx.min.js", "htmx-sse.min.js"} {
		if a.files[need] == nil {
			return nil, fmt.Errorf("web: asset %s is missing (run make assets)", need)
		}
	}
	return a, nil
}

// url is the checksum URL of an asset; templates call it as {{asset "app.css"}}.
func (a *assetSet) url(name string) (string, error) {
	f := a.files[name]
	if f == nil {
		return "", fmt.Errorf("web: unknown asset %q", name)
	}
	return "/assets/" + f.sum + "/" + name, nil
}

// serveAsset is GET /assets/{sum}/{name}. A stale checksum is 404: the page that asked for it
// is older than this binary and will be reloaded with the new URL.
func (s *Service) serveAsset(w http.ResponseWriter, r *http.Request) {
	f := s.assets.files[r.PathValue("name")]
	if f == nil || f.sum != r.PathValue("sum") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if f.mime != "" {
		h.Set("Content-Type", f.mime)
	}
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+f.sum+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}
