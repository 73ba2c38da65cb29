// Package web drives the web UI in a real browser: Debian's chromium through chromedp, behind
// the e2e build tag (`make e2e`). Each test starts the server in-process on loopback with a
// fresh database, runs one flow as a person would, and saves screenshots under /tmp (always
// for the main pages, and on failure).
package web
