// Package httpsig signs and verifies HTTP signatures between ActivityPub servers: the
// draft-cavage "Signature" header that Mastodon, Pleroma/Akkoma, Misskey and GoToSocial send,
// and RFC 9421 HTTP Message Signatures ("Signature-Input" + "Signature") that newer Mastodon
// accepts, with the body digests of both (Digest, RFC 3230; Content-Digest, RFC 9530).
//
// Verification is split in two steps because the key is not known up front: Parse reads the
// signature headers (bounded, it never trusts their size) and yields the keyId, from which the
// caller derives the actor (ActorID), fetches its key (ParsePublicKeyPEM) and calls Verify.
// Verify checks the signature, the Date/created window, the body digest and, in strict mode,
// that the signature covers enough of the request. Errors are the sentinel values in errors.go,
// wrapped with detail, so an inbox can answer 401 with a reason.
//
// The package is pure: no database, no network; Verify reads the clock only through
// Options.Now (signing stamps Date and created with time.Now). It imports nothing from this
// project; federation imports it. Outgoing requests are signed with github.com/42wim/httpsig
// (draft-cavage); the RFC 9421 signature base is built here on top of github.com/dunglas/httpsfv
// (RFC 8941 structured fields) and crypto/* primitives, and tested against the RFC's vectors.
package httpsig
