package web

// emojiChoice is one emoji a picker offers, with the name screen readers announce.
type emojiChoice = struct{ Emoji, Label string }

// The composer's emoji picker offers commonEmoji, the list of the reaction picker
// (reactions.go), under the instance's custom emoji, which app.js fetches from the API's
// GET /api/v1/custom_emojis when the picker first opens and inserts as :shortcode:.
