// Package safehttp is the one outbound HTTP client of the server: every request Egregoros sends
// to another server (actor and object fetches, WebFinger, deliveries, remote media) goes through
// it. It guards against SSRF and bounds every request in size and time.
//
// The guard has two layers. CheckURL looks at a URL without any network access: http or https, a
// host, no userinfo, no literal address outside the public internet, no obfuscated numeric host
// (2130706433, 0x7f000001, 127.1, 0177.0.0.1) and no localhost. The Client runs the same check
// and then checks again at dial time, on the address the socket is about to connect to, so a
// host name that resolves (or re-resolves, DNS rebinding) to a private address is refused, on
// the first request and on every redirect alike. Proxy settings from the environment are
// ignored, since a proxy would hide the real target from the dial-time check.
// Options.AllowPrivate lifts the address checks for two servers on one machine in tests;
// schemes, sizes and timeouts still apply.
//
// Redirects are followed for GET and HEAD only, at most Options.MaxRedirects (3) of them, each
// re-checked. Any other method (a signed delivery POST) gets the 3xx response back unfollowed.
// Signature and Authorization headers are dropped on every redirect; a PrepareFunc given to
// DoPrepared runs before each request is sent, so a signed fetch is re-signed for each hop.
//
// Each request waits for a token from its remote host's token bucket (200 per 10 s by default),
// and fails with ErrRateLimited if none comes before its deadline.
//
// It imports nothing from this project.
package safehttp
