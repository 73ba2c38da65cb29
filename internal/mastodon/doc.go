// Package mastodon is the Mastodon-compatible client API (with the Pleroma extensions
// Pleroma-FE and pl-fe use), OAuth, and streaming. Entities are wire structs separate from the
// store's; renderers turn stored objects into them. Mastodon words (status, favourite, reblog)
// live only here; inside, the vocabulary is ActivityPub's.
//
// It imports ap, markup, store, stream, auth and activity.
package mastodon
