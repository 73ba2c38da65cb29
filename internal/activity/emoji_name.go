package activity

// IsEmoji reports whether s is exactly one unicode emoji, as the emoji of a reaction must be
// (the client API checks announcement reactions with it).
func IsEmoji(s string) bool { return singleEmoji(s) }
