package safehttp

import (
	"fmt"
	"net/http"
)

// checkRedirect is the http.Client redirect policy: GET and HEAD follow up to
// Options.MaxRedirects redirects, each URL checked like the first, without the previous hop's
// signature, and prepared again; other methods get the 3xx response back.
func (c *Client) checkRedirect(prepare PrepareFunc) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if m := via[0].Method; m != http.MethodGet && m != http.MethodHead || c.opt.MaxRedirects < 0 {
			return http.ErrUseLastResponse
		}
		if len(via) > c.opt.MaxRedirects {
			return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.opt.MaxRedirects)
		}
		if err := checkURL(req.URL, c.opt.AllowPrivate); err != nil {
			return err
		}
		// A signature for the previous hop must not reach the next host, which could replay it.
		req.Header.Del("Signature")
		req.Header.Del("Authorization")
		return c.beforeSend(req, prepare)
	}
}
