// Package markup is the one HTML safety boundary of the server: every piece
// of user-controlled content that ends up in HTML (remote posts, local posts,
// bios, display names rendered as HTML) goes through this package, and
// nothing else in the project emits user content unescaped. It imports
// nothing from this project.
//
// It has four jobs:
//
//   - [Sanitize] cleans HTML received from other servers down to a small,
//     Mastodon-compatible allowlist (links, mentions, hashtags, custom emoji
//     and basic text formatting).
//   - [Format] turns a local user's plain text into HTML: it escapes the
//     text and links URLs, @mentions and #hashtags, then runs the result
//     through [Sanitize] as a last safety net.
//   - [StripTags], [Hashtags] and [NormalizeHashtag] derive plain text and
//     tags for summaries, search and notifications.
//   - [Emojify] shows the custom emoji :shortcode:s in the text of already
//     safe HTML (or escaped plain text) as images, for the web UI.
//
// # How Sanitize works
//
// Sanitizing is done in two independent allowlist layers, so that a bug in
// either one alone does not produce unsafe output:
//
//  1. bluemonday (the engine) removes every element, attribute and URL
//     scheme that is not on the allowlist, drops the content of script-like
//     elements, escapes all text and adds rel/target to links. A small
//     token-level pre-pass (prepass.go) first irons out two bluemonday
//     quirks that would otherwise leak the text of "<script/>...</script>"
//     or swallow a post after a stray "</iframe>".
//  2. The result is parsed with the HTML5 tree builder (the same algorithm
//     browsers use) and rendered again by a strict renderer of our own. It
//     closes unclosed tags, filters class attributes token by token (which
//     bluemonday cannot do: it matches whole attribute values), enforces the
//     custom-emoji rules for img, forces rel="nofollow noopener noreferrer"
//     and re-checks every URL. It only ever writes allowlisted elements and
//     attributes, with every text and attribute value escaped.
//
// # How Format works
//
// Conceptually Format escapes first and linkifies second. In practice the
// linkifier scans the raw text and every piece of it (plain text, link text
// and href alike) is written through one escaping function exactly once,
// which is equivalent and leaves no room for double escaping or for an
// escaped "&amp;lt;" turning back into markup.
package markup
