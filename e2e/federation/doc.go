// Package federation_test starts two egregoros servers as separate processes on loopback,
// each with its own database, and drives them through their public interfaces only (the
// command line, the Mastodon client API, ActivityPub) to prove that they federate.
package federation_test
