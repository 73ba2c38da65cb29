package safehttp

import (
	"crypto/x509"
	"time"

	"golang.org/x/time/rate"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultMaxBodyBytes          = 1_000_000
	DefaultConnectTimeout        = 5 * time.Second
	DefaultTLSHandshakeTimeout   = 5 * time.Second
	DefaultResponseHeaderTimeout = 10 * time.Second
	DefaultTimeout               = 20 * time.Second
	DefaultMaxRedirects          = 3
	DefaultPerHostRate           = rate.Limit(20) // 200 requests per 10 s
	DefaultPerHostBurst          = 200
)

// Options configure a Client. Zero fields take the Default… values.
type Options struct {
	// UserAgent is sent on every request that has none; see UserAgent.
	UserAgent string
	// AllowPrivate lifts the address checks (EGREGOROS_ALLOW_PRIVATE_FEDERATION), so that two
	// servers on one machine can federate in tests. Schemes, sizes and timeouts still apply.
	AllowPrivate bool
	// MaxBodyBytes caps a response body; WithMaxBodyBytes overrides it per request.
	MaxBodyBytes int64
	// ConnectTimeout bounds one TCP connect.
	ConnectTimeout time.Duration
	// TLSHandshakeTimeout bounds the TLS handshake.
	TLSHandshakeTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for response headers once the request is written.
	ResponseHeaderTimeout time.Duration
	// Timeout bounds a whole call: rate-limit wait, redirects and reading the body. A shorter
	// ctx deadline wins; WithRequestTimeout overrides it per request.
	Timeout time.Duration
	// MaxRedirects is how many redirects a GET or HEAD follows; negative follows none.
	MaxRedirects int
	// PerHostRate is each remote host's steady request rate; rate.Inf disables the limit.
	PerHostRate rate.Limit
	// PerHostBurst is how many requests a host may get at once.
	PerHostBurst int
	// RootCAs verifies servers' certificates; nil uses the system roots.
	RootCAs *x509.CertPool
	// Resolver resolves host names before dialing; nil uses the system resolver. The
	// dial-time address check applies either way. Tests use it to fake DNS.
	Resolver Resolver
}

// UserAgent returns the User-Agent Egregoros sends: "Egregoros/<version> (+<baseURL>)".
func UserAgent(version, baseURL string) string {
	return "Egregoros/" + version + " (+" + baseURL + ")"
}

func (o Options) withDefaults() Options {
	if o.UserAgent == "" {
		o.UserAgent = "Egregoros"
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.TLSHandshakeTimeout <= 0 {
		o.TLSHandshakeTimeout = DefaultTLSHandshakeTimeout
	}
	if o.ResponseHeaderTimeout <= 0 {
		o.ResponseHeaderTimeout = DefaultResponseHeaderTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.PerHostRate <= 0 {
		o.PerHostRate = DefaultPerHostRate
	}
	if o.PerHostBurst <= 0 {
		o.PerHostBurst = DefaultPerHostBurst
	}
	return o
}
