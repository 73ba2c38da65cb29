package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite://./data/egregoros.db" || c.Listen != "127.0.0.1:4000" || c.BaseURL() != "http://localhost:4000" {
		t.Fatalf("defaults: %+v base %s", c, c.BaseURL())
	}
}

func TestAliasesAndFlagsOverride(t *testing.T) {
	c, err := Load(env(map[string]string{"PHX_HOST": "Example.COM", "PHX_SCHEME": "https", "EGREGOROS_EXTERNAL_PORT": "443"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != "https://example.com" || c.Authority() != "example.com" {
		t.Fatalf("base %s authority %s", c.BaseURL(), c.Authority())
	}
	// The canonical name wins over an alias.
	c, _ = Load(env(map[string]string{"EGREGOROS_HOST": "a.test", "PHX_HOST": "b.test"}), nil)
	if c.Host != "a.test" {
		t.Fatalf("host %s", c.Host)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	RegisterFlags(fs)
	if err := fs.Parse([]string{"--port", "4721", "--host", "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	c, err = Load(env(map[string]string{"EGREGOROS_PORT": "80"}), fs)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != "http://127.0.0.1:4721" || c.Authority() != "127.0.0.1:4721" {
		t.Fatalf("flag override: %s", c.BaseURL())
	}
}

func TestInvalidValuesNameTheSetting(t *testing.T) {
	for k, v := range map[string]string{
		"EGREGOROS_PORT": "0", "EGREGOROS_SCHEME": "gopher", "EGREGOROS_LISTEN": "nope",
		"EGREGOROS_HOST": "a/b", "EGREGOROS_SECRET_KEY_BASE": "short", "EGREGOROS_LOG_LEVEL": "loud",
		"EGREGOROS_DATABASE_URL": "mysql://x", "EGREGOROS_SHUTDOWN_TIMEOUT": "-1s", "PHX_PORT": "x",
	} {
		_, err := Load(env(map[string]string{k: v}), nil)
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: error %v does not name the setting", k, v, err)
		}
	}
}

func TestSecretGeneratedOnceIntoDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c := &Config{DataDir: dir}
	if err := c.EnsureSecret(); err != nil {
		t.Fatal(err)
	}
	first := c.SecretKeyBase
	c2 := &Config{DataDir: dir}
	if err := c2.EnsureSecret(); err != nil {
		t.Fatal(err)
	}
	if len(first) < 32 || c2.SecretKeyBase != first {
		t.Fatalf("secret %q then %q", first, c2.SecretKeyBase)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "secret_key_base")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode %v", fi.Mode())
	}
}

func TestRedactHidesPassword(t *testing.T) {
	c := &Config{DatabaseURL: "postgres://u:hunter2@db:5432/x"}
	if got := c.Redacted(); strings.Contains(got, "hunter2") || !strings.Contains(got, "u:***@db") {
		t.Fatalf("redacted %q", got)
	}
}

// TestDocumented keeps docs/configuration.md complete: every setting and alias is in its table.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range Settings() {
		names := []string{s[0]}
		if s[1] != "" {
			names = append(names, strings.Split(s[1], ", ")...)
		}
		for _, n := range names {
			if !strings.Contains(doc, "`"+n+"`") {
				t.Errorf("%s is not in docs/configuration.md", n)
			}
		}
		if s[2] != "" && !strings.Contains(doc, "`--"+s[2]+"`") {
			t.Errorf("flag --%s is not in docs/configuration.md", s[2])
		}
	}
}
