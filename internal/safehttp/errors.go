package safehttp

import "errors"

// Errors returned, wrapped with details, by CheckURL and the Client; test them with errors.Is.
var (
	// ErrUnsafeURL means a URL or the address it resolved to is not a permitted target.
	ErrUnsafeURL = errors.New("safehttp: unsafe URL")
	// ErrTooLarge means the response body is longer than the allowed maximum.
	ErrTooLarge = errors.New("safehttp: response body too large")
	// ErrRateLimited means the remote host's rate limit gave no token before the deadline.
	ErrRateLimited = errors.New("safehttp: rate limited")
	// ErrTooManyRedirects means a GET was redirected more often than Options.MaxRedirects.
	ErrTooManyRedirects = errors.New("safehttp: too many redirects")
)
