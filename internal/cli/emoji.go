package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

const emojiUsage = "usage: egregoros emoji add SHORTCODE FILE [--category C] | list | remove SHORTCODE"

// emoji is `egregoros emoji add|list|remove`: the custom emoji of this server, as on the
// admin page. The picture (PNG, GIF or WebP, at most 256 KB) goes to the media storage,
// scaled to fit 128 × 128.
func emoji(e *env, args []string) error {
	if len(args) == 0 {
		return usagef(emojiUsage)
	}
	sub, args := args[0], args[1:]
	fs := e.flags("emoji " + sub)
	var category string
	want := 0
	switch sub {
	case "add":
		fs.StringVar(&category, "category", "", "the picker's category for the emoji")
		want = 2
	case "remove":
		want = 1
	case "list":
	default:
		return usagef("unknown emoji command %q (want add, list or remove)", sub)
	}
	pos, err := e.parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != want {
		return usagef(emojiUsage)
	}
	if want > 0 && !store.ValidShortcode(pos[0]) {
		return usagef("bad shortcode %q: %v", pos[0], mastodon.ErrBadShortcode)
	}
	var file *os.File
	if sub == "add" {
		if file, err = os.Open(pos[1]); err != nil {
			return err
		}
		defer file.Close()
	}
	cfg, err := e.load(fs)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckSchema(ctx); err != nil {
		return err
	}
	switch sub {
	case "list":
		list, err := st.CustomEmojis(ctx)
		if err != nil {
			return err
		}
		for _, em := range list {
			cat := em.Category
			if cat == "" {
				cat = "-"
			}
			fmt.Fprintf(e.stdout, ":%s:\t%s\t%s\n", em.Shortcode, cat, em.URL)
		}
		return nil
	}
	ms, closeMedia, err := mediaService(cfg, st, nil)
	if err != nil {
		return err
	}
	defer closeMedia()
	if sub == "remove" {
		err := mastodon.RemoveCustomEmoji(ctx, st, ms, pos[0])
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no custom emoji :%s:", pos[0])
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed :%s:\n", pos[0])
		return nil
	}
	info, err := file.Stat()
	if err != nil {
		return err
	}
	em, err := mastodon.AddCustomEmoji(ctx, st, ms, pos[0], category, file, info.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	fmt.Fprintf(e.stdout, "added :%s: %s\n", em.Shortcode, em.URL)
	return nil
}
