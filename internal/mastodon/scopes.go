package mastodon

import (
	"slices"
	"strings"
)

// Scope names. A granular scope (read:statuses) is granted by its parent (read); the legacy
// follow scope grants the follow, block and mute scopes; admin:read grants admin:read:*.
const (
	ScopeRead    = "read"
	ScopeWrite   = "write"
	ScopeFollow  = "follow"
	ScopePush    = "push"
	ScopeProfile = "profile"
)

var knownScopes = []string{
	"read", "write", "follow", "push", "profile",
	"read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters", "read:follows",
	"read:lists", "read:mutes", "read:notifications", "read:search", "read:statuses",
	"write:accounts", "write:blocks", "write:bookmarks", "write:conversations", "write:favourites",
	"write:filters", "write:follows", "write:lists", "write:media", "write:mutes", "write:notifications",
	"write:reports", "write:statuses",
	"admin:read", "admin:write",
	"admin:read:accounts", "admin:read:reports", "admin:read:domain_allows", "admin:read:domain_blocks",
	"admin:read:ip_blocks", "admin:read:email_domain_blocks", "admin:read:canonical_email_blocks",
	"admin:write:accounts", "admin:write:reports", "admin:write:domain_allows", "admin:write:domain_blocks",
	"admin:write:ip_blocks", "admin:write:email_domain_blocks", "admin:write:canonical_email_blocks",
}

// parseScopes splits a space- (or +-, or comma-) separated scope list, refusing unknown scopes.
// An empty list means "read", as Mastodon defaults.
func parseScopes(s string) ([]string, bool) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '+' || r == ',' })
	if len(f) == 0 {
		return []string{ScopeRead}, true
	}
	var out []string
	for _, sc := range f {
		if !slices.Contains(knownScopes, sc) {
			return nil, false
		}
		if !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out, true
}

// grants reports whether the scopes a token holds include need.
func grants(have []string, need string) bool {
	if need == "" {
		return true
	}
	for _, h := range have {
		if h == need {
			return true
		}
		if strings.HasPrefix(need, h+":") { // read grants read:statuses; admin:read grants admin:read:accounts
			return true
		}
		if h == ScopeFollow && (need == "read:follows" || need == "write:follows" || need == "read:blocks" ||
			need == "write:blocks" || need == "read:mutes" || need == "write:mutes") {
			return true
		}
		if need == ScopeProfile && (h == "read:accounts" || h == ScopeRead) {
			return true
		}
	}
	return false
}

// subset reports whether every scope of want is granted by have (an app's scopes bound what a
// token may ask for).
func subset(want, have []string) bool {
	for _, w := range want {
		if !grants(have, w) {
			return false
		}
	}
	return true
}
