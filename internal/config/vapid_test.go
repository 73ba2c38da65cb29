package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnsureVAPID(t *testing.T) {
	dir := t.TempDir()
	c := &Config{DataDir: dir}
	if err := c.EnsureVAPID(); err != nil {
		t.Fatal(err)
	}
	if c.VAPIDPublicKey == "" || c.VAPIDPrivateKey == "" {
		t.Fatal("no keys generated")
	}
	b, err := os.ReadFile(filepath.Join(dir, "vapid_keys"))
	if err != nil || !strings.Contains(string(b), c.VAPIDPublicKey) {
		t.Fatalf("keys file: %q %v", b, err)
	}
	again := &Config{DataDir: dir}
	if err := again.EnsureVAPID(); err != nil || again.VAPIDPublicKey != c.VAPIDPublicKey || again.VAPIDPrivateKey != c.VAPIDPrivateKey {
		t.Fatalf("second start: %v %+v", err, again)
	}

	pub, priv, err := GenerateVAPID()
	if err != nil {
		t.Fatal(err)
	}
	set := &Config{DataDir: t.TempDir(), VAPIDPublicKey: pub, VAPIDPrivateKey: priv}
	if err := set.EnsureVAPID(); err != nil || set.VAPIDPublicKey != pub {
		t.Fatalf("from settings: %v", err)
	}
	if _, err := os.Stat(filepath.Join(set.DataDir, "vapid_keys")); !os.IsNotExist(err) {
		t.Fatal("settings given, yet a file was written")
	}
	for name, bad := range map[string]*Config{
		"only public":     {DataDir: dir, VAPIDPublicKey: pub},
		"mismatched pair": {DataDir: dir, VAPIDPublicKey: c.VAPIDPublicKey, VAPIDPrivateKey: priv},
		"not base64":      {DataDir: dir, VAPIDPublicKey: "!!", VAPIDPrivateKey: priv},
	} {
		if err := bad.EnsureVAPID(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
