package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of a running Egregoros. It is built once by Load and passed
// explicitly; nothing reads the environment after that.
type Config struct {
	DatabaseURL   string // EGREGOROS_DATABASE_URL: sqlite://PATH or postgres://…
	Listen        string // EGREGOROS_LISTEN: address the HTTP server binds
	DataDir       string // EGREGOROS_DATA_DIR: SQLite file, uploads, generated secrets
	Host          string // EGREGOROS_HOST: public host that ActivityPub ids are built from
	Scheme        string // EGREGOROS_SCHEME: http or https
	Port          int    // EGREGOROS_PORT: public port (omitted from URLs when it is the scheme's default)
	SecretKeyBase string // EGREGOROS_SECRET_KEY_BASE: signs session cookies and CSRF tokens
	LogLevel      slog.Level
	// ShutdownTimeout bounds how long serve waits for in-flight requests and jobs on SIGTERM.
	ShutdownTimeout time.Duration
	// NoMigrate makes serve refuse to start on an old schema instead of migrating it.
	NoMigrate bool

	// AllowPrivateFederation lifts the outbound address check and allows plain-http peers, for
	// several servers on one machine or a private network (tests). Never in production.
	AllowPrivateFederation bool
	// AuthorizedFetch requires every ActivityPub GET to be signed.
	AuthorizedFetch bool
	// SignatureStrict requires inbound signatures to cover request target, host and date, and
	// digest and content-length on bodies.
	SignatureStrict bool
	// SignatureSkew is how far a signed Date may be from now.
	SignatureSkew time.Duration
	// UploadsBaseURL is the separate origin uploads are served from (https://i.example.com);
	// empty serves them from the main origin.
	UploadsBaseURL string
	// S3 configures S3-compatible media storage; an empty bucket keeps uploads on disk.
	S3 S3
	// MediaCache stores copies of the attachments of remote posts (fetched through the
	// SSRF-safe client with the upload limits) for MediaCacheDays days.
	MediaCache     bool
	MediaCacheDays int
	// RegistrationsOpen lets anyone create an account through the API (POST /api/v1/accounts).
	RegistrationsOpen bool
	// ScheduledStatusMinOffset is how far ahead a status must be scheduled (Mastodon: 5 min).
	ScheduledStatusMinOffset time.Duration
	// SessionCookieDomain widens the session cookie to a parent domain (so that a separate
	// uploads host receives it); empty means host-only.
	SessionCookieDomain string
	// VAPIDPublicKey and VAPIDPrivateKey sign Web Push deliveries (base64url P-256 point and
	// scalar); EnsureVAPID fills them from DATA_DIR/vapid_keys when unset.
	VAPIDPublicKey, VAPIDPrivateKey string
}

// S3 is the S3-compatible object storage for uploads.
type S3 struct {
	Endpoint, Bucket, Region, AccessKeyID, SecretAccessKey string
	UseSSL, PathStyle                                      bool
}

// setting describes one configuration value: its environment names (the first is canonical),
// its flag, its default and how to apply it.
type setting struct {
	env   []string
	flag  string
	def   string
	usage string
	apply func(c *Config, v string) error
}

var settings = []setting{
	{[]string{"EGREGOROS_DATABASE_URL"}, "database-url", "", "database: sqlite://PATH or postgres://USER@HOST/DB (default sqlite://DATA_DIR/egregoros.db)",
		func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
	{[]string{"EGREGOROS_LISTEN"}, "listen", "127.0.0.1:4000", "address the HTTP server listens on",
		func(c *Config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return fmt.Errorf("want host:port, got %q", v)
			}
			c.Listen = v
			return nil
		}},
	{[]string{"EGREGOROS_DATA_DIR"}, "data-dir", "./data", "directory for the SQLite database, uploads and generated secrets",
		func(c *Config, v string) error { c.DataDir = v; return nil }},
	{[]string{"EGREGOROS_HOST", "EGREGOROS_EXTERNAL_HOST", "PHX_HOST"}, "host", "localhost", "public host name that ActivityPub ids and URLs are built from",
		func(c *Config, v string) error {
			if v == "" || strings.ContainsAny(v, "/@ ?#") {
				return fmt.Errorf("want a bare host name, got %q", v)
			}
			c.Host = strings.ToLower(v)
			return nil
		}},
	{[]string{"EGREGOROS_SCHEME", "EGREGOROS_EXTERNAL_SCHEME", "PHX_SCHEME"}, "scheme", "http", "public URL scheme: http or https",
		func(c *Config, v string) error {
			if v != "http" && v != "https" {
				return fmt.Errorf("want http or https, got %q", v)
			}
			c.Scheme = v
			return nil
		}},
	{[]string{"EGREGOROS_PORT", "EGREGOROS_EXTERNAL_PORT", "PHX_PORT"}, "port", "4000", "public port",
		func(c *Config, v string) error {
			p, err := strconv.Atoi(v)
			if err != nil || p < 1 || p > 65535 {
				return fmt.Errorf("want a port number 1-65535, got %q", v)
			}
			c.Port = p
			return nil
		}},
	{[]string{"EGREGOROS_SECRET_KEY_BASE"}, "", "", "secret for cookies and tokens, at least 32 characters (generated into DATA_DIR/secret_key_base when unset)",
		func(c *Config, v string) error {
			if v != "" && len(v) < 32 {
				return errors.New("must be at least 32 characters")
			}
			c.SecretKeyBase = v
			return nil
		}},
	{[]string{"EGREGOROS_LOG_LEVEL"}, "log-level", "info", "debug, info, warn or error",
		func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
	{[]string{"EGREGOROS_ALLOW_PRIVATE_FEDERATION"}, "", "false", "federate with peers on private and loopback addresses, over plain http too (test set-ups only)",
		boolSetting(func(c *Config, b bool) { c.AllowPrivateFederation = b })},
	{[]string{"EGREGOROS_AUTHORIZED_FETCH"}, "", "false", "require HTTP signatures on every ActivityPub GET",
		boolSetting(func(c *Config, b bool) { c.AuthorizedFetch = b })},
	{[]string{"EGREGOROS_SIGNATURE_STRICT"}, "", "false", "require signatures to cover request target, host, date (and digest, content-length on POST)",
		boolSetting(func(c *Config, b bool) { c.SignatureStrict = b })},
	{[]string{"EGREGOROS_SIGNATURE_SKEW_SECONDS"}, "", "300", "how far a signed Date may be from now, in seconds",
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 86400 {
				return fmt.Errorf("want seconds between 1 and 86400, got %q", v)
			}
			c.SignatureSkew = time.Duration(n) * time.Second
			return nil
		}},
	{[]string{"EGREGOROS_UPLOADS_BASE_URL"}, "", "", "separate origin that serves /uploads (e.g. https://i.example.com); empty: the main origin",
		func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				return fmt.Errorf("want an origin such as https://i.example.com, got %q", v)
			}
			c.UploadsBaseURL = u.Scheme + "://" + u.Host
			return nil
		}},
	{[]string{"EGREGOROS_S3_ENDPOINT"}, "", "", "S3-compatible endpoint host[:port] for uploads (with EGREGOROS_S3_BUCKET)",
		func(c *Config, v string) error { c.S3.Endpoint = v; return nil }},
	{[]string{"EGREGOROS_S3_BUCKET"}, "", "", "S3 bucket for uploads; empty keeps uploads on disk under EGREGOROS_DATA_DIR/uploads",
		func(c *Config, v string) error { c.S3.Bucket = v; return nil }},
	{[]string{"EGREGOROS_S3_REGION"}, "", "", "S3 region",
		func(c *Config, v string) error { c.S3.Region = v; return nil }},
	{[]string{"EGREGOROS_S3_ACCESS_KEY_ID"}, "", "", "S3 access key id",
		func(c *Config, v string) error { c.S3.AccessKeyID = v; return nil }},
	{[]string{"EGREGOROS_S3_SECRET_ACCESS_KEY"}, "", "", "S3 secret access key",
		func(c *Config, v string) error { c.S3.SecretAccessKey = v; return nil }},
	{[]string{"EGREGOROS_S3_USE_SSL"}, "", "true", "talk to the S3 endpoint over https",
		boolSetting(func(c *Config, b bool) { c.S3.UseSSL = b })},
	{[]string{"EGREGOROS_S3_PATH_STYLE"}, "", "false", "path-style bucket URLs (MinIO and most self-hosted S3)",
		boolSetting(func(c *Config, b bool) { c.S3.PathStyle = b })},
	{[]string{"EGREGOROS_MEDIA_CACHE"}, "", "false", "keep copies of remote posts' attachments (fetched with the upload limits) and serve those",
		boolSetting(func(c *Config, b bool) { c.MediaCache = b })},
	{[]string{"EGREGOROS_MEDIA_CACHE_DAYS"}, "", "7", "how many days cached remote media is kept",
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 3650 {
				return fmt.Errorf("want days between 1 and 3650, got %q", v)
			}
			c.MediaCacheDays = n
			return nil
		}},
	{[]string{"EGREGOROS_REGISTRATIONS_OPEN"}, "", "false", "let anyone sign up through the API; closed, accounts are made with `egregoros user create`",
		boolSetting(func(c *Config, b bool) { c.RegistrationsOpen = b })},
	{[]string{"EGREGOROS_SCHEDULED_STATUS_MIN_OFFSET_SECONDS"}, "", "300", "how many seconds ahead a status must be scheduled",
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 86400 {
				return fmt.Errorf("want seconds between 0 and 86400, got %q", v)
			}
			c.ScheduledStatusMinOffset = time.Duration(n) * time.Second
			return nil
		}},
	{[]string{"EGREGOROS_SESSION_COOKIE_DOMAIN"}, "", "", "Domain attribute of the session cookie, e.g. example.com (empty: host-only)",
		func(c *Config, v string) error {
			if strings.ContainsAny(v, "/:@ ") {
				return fmt.Errorf("want a bare domain, got %q", v)
			}
			c.SessionCookieDomain = strings.TrimPrefix(v, ".")
			return nil
		}},
	{[]string{"EGREGOROS_VAPID_PUBLIC_KEY"}, "", "", "Web Push VAPID public key, base64url (generated into DATA_DIR/vapid_keys when unset)",
		func(c *Config, v string) error { c.VAPIDPublicKey = v; return nil }},
	{[]string{"EGREGOROS_VAPID_PRIVATE_KEY"}, "", "", "Web Push VAPID private key, base64url (set both or neither)",
		func(c *Config, v string) error { c.VAPIDPrivateKey = v; return nil }},
	{[]string{"EGREGOROS_SHUTDOWN_TIMEOUT"}, "", "20s", "how long a graceful shutdown may take",
		func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("want a positive duration such as 20s, got %q", v)
			}
			c.ShutdownTimeout = d
			return nil
		}},
}

func boolSetting(set func(*Config, bool)) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		set(c, b)
		return nil
	}
}

// Settings lists every setting as (canonical env name, other names, flag, default, usage), for
// docs/configuration.md and its test.
func Settings() [][5]string {
	out := make([][5]string, 0, len(settings))
	for _, s := range settings {
		out = append(out, [5]string{s.env[0], strings.Join(s.env[1:], ", "), s.flag, s.def, s.usage})
	}
	return out
}

// Load builds a Config from the environment (getenv), then the flags in fs that the command
// line set. Register the flags first with RegisterFlags. Every error names the setting.
func Load(getenv func(string) string, fs *flag.FlagSet) (*Config, error) {
	c := &Config{}
	set := map[string]string{}
	if fs != nil {
		fs.Visit(func(f *flag.Flag) { set[f.Name] = f.Value.String() })
	}
	for _, s := range settings {
		v, name := s.def, s.env[0]
		for _, e := range s.env {
			if ev, ok := lookup(getenv, e); ok {
				v, name = ev, e
				break
			}
		}
		if fv, ok := set[s.flag]; ok && s.flag != "" {
			v, name = fv, "--"+s.flag
		}
		if err := s.apply(c, strings.TrimSpace(v)); err != nil {
			return nil, fmt.Errorf("config: %s: %w", name, err)
		}
	}
	if c.S3.Bucket != "" && c.S3.Endpoint == "" {
		return nil, fmt.Errorf("config: EGREGOROS_S3_ENDPOINT: required with EGREGOROS_S3_BUCKET")
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite://" + strings.TrimSuffix(filepath.ToSlash(c.DataDir), "/") + "/egregoros.db"
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite://") && !strings.HasPrefix(c.DatabaseURL, "postgres://") &&
		!strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return nil, fmt.Errorf("config: EGREGOROS_DATABASE_URL: want sqlite://PATH or postgres://…, got %q", redact(c.DatabaseURL))
	}
	return c, nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

// RegisterFlags adds a flag for every setting that has one to fs.
func RegisterFlags(fs *flag.FlagSet) {
	for _, s := range settings {
		if s.flag != "" {
			fs.String(s.flag, s.def, s.usage+" (env "+s.env[0]+")")
		}
	}
}

// BaseURL is the public origin, e.g. https://example.com or http://127.0.0.1:4721.
func (c *Config) BaseURL() string {
	if (c.Scheme == "http" && c.Port == 80) || (c.Scheme == "https" && c.Port == 443) {
		return c.Scheme + "://" + c.Host
	}
	return c.Scheme + "://" + c.Authority()
}

// Authority is the host with the port when it is not the scheme's default: the domain part of
// handles (alice@127.0.0.1:4721).
func (c *Config) Authority() string {
	if (c.Scheme == "http" && c.Port == 80) || (c.Scheme == "https" && c.Port == 443) {
		return c.Host
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// EnsureSecret fills SecretKeyBase from DATA_DIR/secret_key_base, generating that file once
// when neither the setting nor the file exists, so the zero-config start works.
func (c *Config) EnsureSecret() error {
	if c.SecretKeyBase != "" {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret_key_base")
	if b, err := os.ReadFile(path); err == nil {
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return fmt.Errorf("config: %s: secret shorter than 32 characters", path)
		}
		c.SecretKeyBase = s
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("config: EGREGOROS_SECRET_KEY_BASE: %w", err)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("config: EGREGOROS_DATA_DIR: %w", err)
	}
	buf := make([]byte, 48)
	if _, err := rand.Read(buf); err != nil {
		return err
	}
	s := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: EGREGOROS_SECRET_KEY_BASE: %w", err)
	}
	c.SecretKeyBase = s
	return nil
}

// redact hides a password in a database URL for error messages and logs.
func redact(u string) string {
	at := strings.LastIndex(u, "@")
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 {
		return u
	}
	cred := u[scheme+3 : at]
	if i := strings.Index(cred, ":"); i >= 0 {
		return u[:scheme+3] + cred[:i] + ":***" + u[at:]
	}
	return u
}

// Redacted returns the database URL with any password hidden.
func (c *Config) Redacted() string { return redact(c.DatabaseURL) }
