package httpsig

import "errors"

// Errors returned by Parse, Verify and ParsePublicKeyPEM. They are wrapped with detail; test them with errors.Is.
var (
	// ErrNoSignature means the request carries no Signature, Authorization: Signature or
	// Signature-Input header.
	ErrNoSignature = errors.New("httpsig: no signature")
	// ErrMalformed means a signature header is present but cannot be parsed, or is over the
	// size and count bounds.
	ErrMalformed = errors.New("httpsig: malformed signature")
	// ErrUnsupported means an algorithm, key type or covered component we do not handle.
	ErrUnsupported = errors.New("httpsig: unsupported")
	// ErrMissingHeaders means the signature does not cover what the policy requires
	// (request target, date, and in strict mode host, digest, content-length), or a covered
	// header is absent from the request.
	ErrMissingHeaders = errors.New("httpsig: required header not signed or missing")
	// ErrClockSkew means the signed Date (or the RFC 9421 created parameter) is further from
	// now than Options.Skew, in either direction.
	ErrClockSkew = errors.New("httpsig: date outside the allowed clock skew")
	// ErrExpired means the signature's expires parameter is in the past.
	ErrExpired = errors.New("httpsig: signature expired")
	// ErrDigestMismatch means a Digest or Content-Digest header does not match the body, or
	// names no algorithm we can check.
	ErrDigestMismatch = errors.New("httpsig: body digest mismatch")
	// ErrBadSignature means the signature does not verify with the given key.
	ErrBadSignature = errors.New("httpsig: bad signature")
	// ErrBadKey is returned by ParsePublicKeyPEM for anything that is not a usable public key.
	ErrBadKey = errors.New("httpsig: bad public key")
)
