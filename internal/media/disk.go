package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// Disk is a Storage in a directory (DATA_DIR/uploads). Every access goes through an os.Root,
// so no key can reach outside it, symlinks included.
type Disk struct {
	root    *os.Root
	baseURL string
}

// NewDisk opens (creating it when needed) the directory dir; URLs are built on baseURL.
func NewDisk(dir, baseURL string) (*Disk, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media: uploads directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("media: uploads directory: %w", err)
	}
	return &Disk{root: root, baseURL: baseURL}, nil
}

// Close releases the directory.
func (d *Disk) Close() error { return d.root.Close() }

// Put writes the file under a temporary name and renames it into place, so a reader never
// sees half a file.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader, size int64, _ string) error {
	if !validKey(key) {
		return fmt.Errorf("media: bad storage key %q", key)
	}
	if err := d.root.MkdirAll(path.Dir(key), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := key + ".tmp-" + hex.EncodeToString(rnd[:])
	f, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	n, err := io.Copy(f, io.LimitReader(ctxReader{ctx, r}, size+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("wrote %d bytes, want %d", n, size)
	}
	if err == nil {
		err = d.root.Rename(tmp, key)
	}
	if err != nil {
		_ = d.root.Remove(tmp)
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Open opens the file under key.
func (d *Disk) Open(_ context.Context, key string) (*Blob, error) {
	if !validKey(key) {
		return nil, fmt.Errorf("media: open %s: %w", key, ErrNotFound)
	}
	f, err := d.root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("media: open %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("media: open %s: %w", key, err)
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("media: open %s: %w", key, ErrNotFound)
	}
	return &Blob{ReadSeekCloser: f, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes the file under key.
func (d *Disk) Delete(_ context.Context, key string) error {
	if !validKey(key) {
		return nil
	}
	if err := d.root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	_ = d.root.Remove(path.Dir(key)) // the per-attachment directory, once empty
	return nil
}

// URL is the public address of key.
func (d *Disk) URL(key string) string { return uploadsURL(d.baseURL, key) }

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
