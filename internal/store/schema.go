package store

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
)

// SchemaFingerprint identifies the embedded migrations of both dialects, so that test
// databases built from a migrated template are rebuilt when a migration changes.
func SchemaFingerprint() string {
	h := sha256.New()
	_ = fs.WalkDir(migrationFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrationFS.ReadFile(path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}
