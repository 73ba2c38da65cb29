// Package web is the server-rendered browser UI: sign-in sessions with CSRF protection, the
// home and public timelines, profiles, threads (the canonical /@nick/id status URL), the
// composer and the like / boost / bookmark actions, and live updates over Server-Sent Events.
//
// Pages are html/template files embedded with go:embed and parsed once at start-up; one
// partial per fragment (templates/partials) serves both full pages and live updates. Every
// piece of user content goes through markup.Sanitize (the HTML safety boundary) before it
// reaches a template; html/template escapes everything else. Reading works with JavaScript
// off; htmx (vendored under static/) adds in-place actions and live updates. No inline
// scripts: a Content-Security-Policy forbids them.
//
// A card's reply, edit and delete open dialogs (modal.go, edit.go) that fall back to plain
// pages without JavaScript; cards carry the viewer's keyword filters (filters.go, with the
// API's matching); remote_follow.go follows accounts across servers (WebFinger's subscribe
// template, /authorize_interaction).
//
// Visibility is never decided here: timelines, threads and profiles come from the store's
// queries, which apply the one visibility rule (store/visibility.go) and the viewer's blocks
// and mutes, and single statuses are checked with store.CanView.
//
// It imports ap, markup, store, stream, auth, activity, media and mastodon (whose handlers
// the composer, polls, reactions, autocomplete and profile settings run through
// mastodon.ServeAs, so that they validate exactly as the API does); never federation or
// server.
package web
