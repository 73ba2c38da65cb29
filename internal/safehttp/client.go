package safehttp

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// Client is the outbound HTTP client. It is safe for concurrent use; make one per server.
type Client struct {
	opt       Options
	dialer    *net.Dialer
	transport *http.Transport
	limiters  *hostLimiters
	permit    func(netip.AddrPort) bool // tests only: an extra address allowed at dial time
}

// Response is a finished response whose body has been read in full, within the size limit.
type Response struct {
	// Status is the HTTP status code. Non-2xx statuses are not errors.
	Status int
	// Header holds the response headers.
	Header http.Header
	// Body is the whole response body (empty for HEAD).
	Body []byte
	// FinalURL is the URL that answered, after any redirects.
	FinalURL string
}

// PrepareFunc is called on a request just before it is sent: the first one and each
// redirected one, after the rate-limit wait. Use it to sign the request.
type PrepareFunc func(*http.Request) error

// New returns a Client with opt, zero fields set to their defaults.
func New(opt Options) *Client {
	c := &Client{opt: opt.withDefaults()}
	c.dialer = &net.Dialer{
		Timeout:        c.opt.ConnectTimeout,
		KeepAlive:      30 * time.Second,
		ControlContext: c.control,
	}
	c.transport = &http.Transport{
		Proxy:                  nil, // a proxy would hide the real target from control
		DialContext:            c.dial,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: c.opt.RootCAs},
		TLSHandshakeTimeout:    c.opt.TLSHandshakeTimeout,
		ResponseHeaderTimeout:  c.opt.ResponseHeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    4,
		MaxResponseHeaderBytes: 64 << 10,
		ForceAttemptHTTP2:      true,
	}
	c.limiters = newHostLimiters(c.opt.PerHostRate, c.opt.PerHostBurst, maxTrackedHosts)
	return c
}

// Get fetches rawURL with the given extra headers (may be nil).
func (c *Client) Get(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsafeURL, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return c.Do(req)
}

// Do sends req after checking its URL and returns the response with its body read, bounded
// by the size limit. Redirects are followed for GET and HEAD only.
func (c *Client) Do(req *http.Request) (*Response, error) {
	return c.DoPrepared(req, nil)
}

// DoPrepared is Do with prepare (may be nil) called before the request and before each
// redirected request is sent, so a signed GET is signed again for every hop.
func (c *Client) DoPrepared(req *http.Request, prepare PrepareFunc) (*Response, error) {
	if err := c.checkRequest(req); err != nil {
		closeBody(req)
		return nil, err
	}
	ctx, cancel := context.WithTimeout(req.Context(), c.timeout(req.Context()))
	defer cancel()
	req = req.Clone(ctx) // the caller's headers stay untouched
	if err := c.beforeSend(req, prepare); err != nil {
		closeBody(req)
		return nil, err
	}
	hc := &http.Client{Transport: c.transport, CheckRedirect: c.checkRedirect(prepare)}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	final := resp.Request.URL.Redacted()
	var body []byte
	if req.Method != http.MethodHead {
		body, err = readBody(resp.Body, resp.ContentLength, c.maxBody(ctx))
		if err != nil {
			return nil, fmt.Errorf("safehttp: %s %s: %w", resp.Request.Method, final, err)
		}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body, FinalURL: resp.Request.URL.String()}, nil
}

func (c *Client) checkRequest(req *http.Request) error {
	if req.URL == nil {
		return fmt.Errorf("%w: request without URL", ErrUnsafeURL)
	}
	return checkURL(req.URL, c.opt.AllowPrivate)
}

// closeBody closes the body of a request that will not be sent, as http.Client.Do would.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// beforeSend sets the User-Agent, waits for the host's rate limit and runs prepare.
func (c *Client) beforeSend(req *http.Request, prepare PrepareFunc) error {
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", c.opt.UserAgent)
	}
	if err := c.limiters.wait(req.Context(), req.URL.Hostname()); err != nil {
		return err
	}
	if prepare != nil {
		if err := prepare(req); err != nil {
			return fmt.Errorf("safehttp: prepare %s %s: %w", req.Method, req.URL.Redacted(), err)
		}
	}
	return nil
}

// CloseIdleConnections closes the connections kept open for reuse.
func (c *Client) CloseIdleConnections() {
	c.transport.CloseIdleConnections()
}
