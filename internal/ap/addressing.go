package ap

import "slices"

// Visibility levels, as the Mastodon API names them.
const (
	VisibilityPublic   = "public"   // Public in to: listed on public timelines
	VisibilityUnlisted = "unlisted" // Public in cc or audience only
	VisibilityPrivate  = "private"  // followers-only: the author's followers collection addressed
	VisibilityDirect   = "direct"   // only the addressed actors
)

// AddressFields are the properties that address an object.
var AddressFields = []string{"to", "cc", "bto", "bcc", "audience"}

// Recipients returns every id the object is addressed to, in field order, deduplicated.
func (o Object) Recipients() []string {
	var out []string
	for _, f := range AddressFields {
		for _, id := range o.IDs(f) {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// Visibility derives the visibility level from the addressing. followersURL is the author's
// followers collection ("" when unknown; then <author>/followers is assumed, as Mastodon,
// Pleroma and GoToSocial all name it).
func (o Object) Visibility(followersURL string) string {
	if slices.Contains(o.IDs("to"), Public) {
		return VisibilityPublic
	}
	if slices.Contains(o.IDs("cc"), Public) || slices.Contains(o.IDs("audience"), Public) {
		return VisibilityUnlisted
	}
	if followersURL == "" {
		if a := o.Author(); a != "" {
			followersURL = a + "/followers"
		}
	}
	if followersURL != "" && slices.Contains(o.Recipients(), followersURL) {
		return VisibilityPrivate
	}
	return VisibilityDirect
}
