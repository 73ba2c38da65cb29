package web

import (
	"html/template"
	"strings"

	"github.com/egregoros/egregoros/internal/markup"
	"github.com/egregoros/egregoros/internal/mastodon"
)

// Cards and profiles show custom emoji as images: the :shortcode:s of a status and of an
// account are those of the API's Status and Account emojis (a status's Emoji tags, which
// posts of this server get for the instance's emoji when written; an account's stored
// emoji), and markup.Emojify puts them in the text. The animated emoji of this server are
// shown still to who prefers reduced motion: their Emoji tags carry one URL, the still one is
// the stored emoji's (admin_emoji_picker.go keeps them at hand).

// emojiMap indexes custom emoji by shortcode for markup.Emojify.
func (s *Service) emojiMap(list []mastodon.CustomEmoji) map[string]markup.Emoji {
	if len(list) == 0 {
		return nil
	}
	m := make(map[string]markup.Emoji, len(list))
	for _, e := range list {
		m[e.Shortcode] = markup.Emoji{URL: e.URL, StaticURL: s.stillEmoji(e.URL, e.StaticURL)}
	}
	return m
}

// stillEmoji is the still image of the emoji at url: that of the custom emoji of this server
// with that URL, else static.
func (s *Service) stillEmoji(url, static string) string {
	s.pickerEmoji()
	c := s.pickerCopy()
	c.mu.Lock()
	defer c.mu.Unlock()
	if still, ok := c.still[url]; ok {
		return still
	}
	return static
}

// reactionEmojiHTML is a reaction's emoji as text, a custom one (":shortcode:") as the image
// its chip on the card c shows.
func reactionEmojiHTML(emoji string, c *card) template.HTML {
	if c != nil && strings.HasPrefix(emoji, ":") {
		for _, r := range c.Reactions {
			if r.Emoji == emoji && r.URL != "" {
				code := strings.Trim(emoji, ":")
				return emojifyText(emoji, map[string]markup.Emoji{code: {URL: r.URL, StaticURL: r.Still}})
			}
		}
	}
	return template.HTML(template.HTMLEscapeString(emoji))
}

// emojifyHTML shows the custom emoji of safe HTML (markup.Sanitize's output).
func emojifyHTML(safe string, emojis map[string]markup.Emoji) template.HTML {
	return template.HTML(markup.Emojify(safe, emojis))
}

// emojifyText escapes plain text and shows its custom emoji.
func emojifyText(text string, emojis map[string]markup.Emoji) template.HTML {
	return template.HTML(markup.Emojify(template.HTMLEscapeString(text), emojis))
}
