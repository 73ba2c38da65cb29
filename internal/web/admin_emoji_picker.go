package web

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// The reaction picker of every card offers the custom emoji of this server; they are read at
// most every pickerEmojiFor per store (the admin page's changes drop the copy at once, those
// of `egregoros emoji` show within that time).
const pickerEmojiFor = 10 * time.Second

type pickerEmojiCopy struct {
	mu    sync.Mutex
	at    time.Time
	list  []*store.CustomEmoji
	local map[string]bool   // ":shortcode:"
	still map[string]string // URL → static URL of the animated ones (emoji_render.go)
}

var pickerEmojiCopies sync.Map // *store.Store → *pickerEmojiCopy

func (s *Service) pickerCopy() *pickerEmojiCopy {
	c, _ := pickerEmojiCopies.LoadOrStore(s.opt.Store, &pickerEmojiCopy{})
	return c.(*pickerEmojiCopy)
}

// pickerEmoji are the custom emoji the reaction picker offers (visible in pickers).
func (s *Service) pickerEmoji() []*store.CustomEmoji {
	c := s.pickerCopy()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.local == nil || time.Since(c.at) > pickerEmojiFor {
		list, err := s.opt.Store.CustomEmojis(context.Background())
		if err != nil {
			slog.Error("web: custom emoji", slog.String("error", err.Error()))
			return c.list
		}
		c.at, c.list, c.local, c.still = time.Now(), nil, map[string]bool{}, map[string]string{}
		for _, e := range list {
			c.local[":"+e.Shortcode+":"] = true
			if e.StaticURL != "" && e.StaticURL != e.URL {
				c.still[e.URL] = e.StaticURL
			}
			if e.VisibleInPicker {
				c.list = append(c.list, e)
			}
		}
	}
	return c.list
}

// localReaction reports whether a reaction's emoji is a custom emoji of this server (which
// the card's reaction button can add or take back like a unicode one).
func (s *Service) localReaction(emoji string) bool {
	s.pickerEmoji()
	c := s.pickerCopy()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.local[emoji]
}

// forgetPickerEmoji drops the copy after a change on the admin page.
func (s *Service) forgetPickerEmoji() {
	c := s.pickerCopy()
	c.mu.Lock()
	c.local = nil
	c.mu.Unlock()
}
