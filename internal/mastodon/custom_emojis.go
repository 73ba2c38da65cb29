package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// customEmojis is GET /api/v1/custom_emojis: the custom emoji of this server.
func (s *Service) customEmojis(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.Store.CustomEmojis(r.Context())
	if err != nil {
		return err
	}
	out := make([]CustomEmoji, 0, len(list))
	for _, e := range list {
		out = append(out, customEmojiOf(e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// pleromaEmoji is GET /api/v1/pleroma/emoji and /api/pleroma/emoji: the custom emoji of this
// server by shortcode ({"blobcat": {"image_url": …, "tags": […]}}), the same set as
// /api/v1/custom_emojis; the tags are the category, if any.
func (s *Service) pleromaEmoji(w http.ResponseWriter, r *http.Request, v *viewer) error {
	list, err := s.Store.CustomEmojis(r.Context())
	if err != nil {
		return err
	}
	type pleromaEmoji struct {
		ImageURL string   `json:"image_url"`
		Tags     []string `json:"tags"`
	}
	out := make(map[string]pleromaEmoji, len(list))
	for _, e := range list {
		pe := pleromaEmoji{ImageURL: e.URL, Tags: []string{}}
		if e.Category != "" {
			pe.Tags = append(pe.Tags, e.Category)
		}
		out[e.Shortcode] = pe
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// customEmojiOf is the CustomEmoji entity of a custom emoji of this server.
func customEmojiOf(e *store.CustomEmoji) CustomEmoji {
	ce := CustomEmoji{Shortcode: e.Shortcode, URL: e.URL, StaticURL: e.StaticURL, VisibleInPicker: e.VisibleInPicker}
	if e.Category != "" {
		ce.Category = strPtr(e.Category)
	}
	return ce
}

// localEmoji is the custom emoji of this server with the shortcode.
func (s *Service) localEmoji(ctx context.Context, shortcode string) (CustomEmoji, bool) {
	if !store.ValidShortcode(shortcode) {
		return CustomEmoji{}, false
	}
	e, err := s.Store.CustomEmojiByShortcode(ctx, shortcode)
	if err != nil {
		return CustomEmoji{}, false
	}
	return customEmojiOf(e), true
}

// shortcodeRE finds :shortcode: in a text.
var shortcodeRE = regexp.MustCompile(`:([A-Za-z0-9_]{2,64}):`)

// usedEmoji returns the custom emoji of this server that texts use as :shortcode:, in the
// order they first appear.
func (s *Service) usedEmoji(ctx context.Context, texts ...string) ([]*store.CustomEmoji, error) {
	var codes []string
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range shortcodeRE.FindAllStringSubmatch(t, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				codes = append(codes, m[1])
			}
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	found, err := s.Store.CustomEmojisByShortcode(ctx, codes)
	if err != nil {
		return nil, err
	}
	var out []*store.CustomEmoji
	for _, c := range codes {
		if e := found[c]; e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// emojiTag is the ActivityPub Emoji tag of a custom emoji of this server, as Mastodon and
// Pleroma send them: remote servers show :shortcode: with its icon.
func emojiTag(e *store.CustomEmoji) map[string]any {
	return map[string]any{"id": e.URL, "type": "Emoji", "name": ":" + e.Shortcode + ":",
		"updated": e.CreatedAt.UTC().Format(time.RFC3339),
		"icon":    map[string]any{"type": "Image", "mediaType": e.MIME, "url": e.URL}}
}

// emojiTags are the Emoji tags of the custom emoji of this server that texts use.
func (s *Service) emojiTags(ctx context.Context, texts ...string) ([]any, error) {
	used, err := s.usedEmoji(ctx, texts...)
	if err != nil {
		return nil, err
	}
	tags := make([]any, 0, len(used))
	for _, e := range used {
		tags = append(tags, emojiTag(e))
	}
	return tags, nil
}

// profileEmojis sets u.Emojis (what the actor document's tag and the Account's emojis come
// from) to the custom emoji of this server its name, bio and fields use.
func (s *Service) profileEmojis(ctx context.Context, u *store.User, src profileSource) error {
	texts := []string{u.Name, src.Note}
	for _, f := range src.Fields {
		texts = append(texts, f.Name, f.Value)
	}
	used, err := s.usedEmoji(ctx, texts...)
	if err != nil {
		return err
	}
	list := make([]map[string]string, 0, len(used))
	for _, e := range used {
		list = append(list, map[string]string{"shortcode": e.Shortcode, "url": e.URL})
	}
	u.Emojis, err = json.Marshal(list)
	return err
}

// ErrEmojiTaken is AddCustomEmoji's answer for a shortcode already in use.
var ErrEmojiTaken = errors.New("a custom emoji with this shortcode already exists")

// ErrBadShortcode is AddCustomEmoji's answer for a shortcode that is not 2 to 64 letters,
// digits and underscores.
var ErrBadShortcode = errors.New("a shortcode is 2 to 64 letters (a-z, A-Z), digits and underscores")

// ErrBadCategory is AddCustomEmoji's answer for a category over 64 bytes.
var ErrBadCategory = errors.New("a category is at most 64 characters")

// AddCustomEmoji adds a custom emoji from its picture (the command line and the admin page):
// the picture goes through ms (PNG, GIF or WebP, at most 256 KB, scaled to fit 128 × 128);
// errors wrap ErrBadShortcode, ErrBadCategory, ErrEmojiTaken or one of media's refusals.
func AddCustomEmoji(ctx context.Context, st *store.Store, ms *media.Service, shortcode, category string, r io.ReaderAt, size int64) (*store.CustomEmoji, error) {
	if !store.ValidShortcode(shortcode) {
		return nil, fmt.Errorf("%w: %q", ErrBadShortcode, shortcode)
	}
	if len(category) > 64 {
		return nil, ErrBadCategory
	}
	if _, err := st.CustomEmojiByShortcode(ctx, shortcode); err == nil {
		return nil, fmt.Errorf("%w: :%s:", ErrEmojiTaken, shortcode)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	img, err := ms.Emoji(ctx, shortcode, r, size)
	if err != nil {
		return nil, err
	}
	e := &store.CustomEmoji{Shortcode: shortcode, FileKey: img.FileKey, StaticKey: img.StaticKey, URL: img.URL,
		StaticURL: img.StaticURL, MIME: img.MIME, Category: category, VisibleInPicker: true}
	if err := st.AddCustomEmoji(ctx, e); err != nil {
		_ = ms.DeleteEmoji(context.WithoutCancel(ctx), img.FileKey, img.StaticKey)
		if errors.Is(err, store.ErrTaken) {
			return nil, fmt.Errorf("%w: :%s:", ErrEmojiTaken, shortcode)
		}
		return nil, err
	}
	return e, nil
}

// RemoveCustomEmoji removes a custom emoji and its files (store.ErrNotFound when there is
// none). Statuses that used it keep their Emoji tags; their images are gone.
func RemoveCustomEmoji(ctx context.Context, st *store.Store, ms *media.Service, shortcode string) error {
	e, err := st.RemoveCustomEmoji(ctx, shortcode)
	if err != nil {
		return err
	}
	return ms.DeleteEmoji(ctx, e.FileKey, e.StaticKey)
}
