package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// adminEmojiSection is the admin page's "Custom emoji" section (partials/admin_emoji.html):
// the emoji of this server, a form to upload one and a button to remove each.
type adminEmojiSection struct {
	CSRF   string
	Emoji  []*store.CustomEmoji
	Upload bool // the media service is there
}

func init() {
	adminNotices["emoji-added"] = "Custom emoji added."
	adminNotices["emoji-removed"] = "Custom emoji removed."
}

// adminEmojiRoutes mounts the section's forms: both CSRF-checked, 404 to non-admins.
func (s *Service) adminEmojiRoutes(mux *http.ServeMux) {
	mux.Handle("POST /admin/emoji", s.multipart(s.form(s.addEmoji)))
	mux.Handle("POST /admin/emoji/{shortcode}/delete", s.form(s.removeEmoji))
}

// adminEmoji is the template function the admin page includes the section with.
func (s *Service) adminEmoji(csrf string) adminEmojiSection {
	list, err := s.opt.Store.CustomEmojis(context.Background())
	if err != nil {
		slog.Error("web: custom emoji", slog.String("error", err.Error()))
	}
	return adminEmojiSection{CSRF: csrf, Emoji: list, Upload: s.mediaService() != nil}
}

// addEmoji is POST /admin/emoji (multipart: shortcode, category, file): a custom emoji from
// its picture, as `egregoros emoji add` does.
func (s *Service) addEmoji(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	ms := s.mediaService()
	if ms == nil {
		return s.renderAdmin(w, r, rq, http.StatusServiceUnavailable, "Uploads are not available on this server.")
	}
	code := strings.Trim(strings.TrimSpace(r.PostFormValue("shortcode")), ":")
	category := strings.TrimSpace(r.PostFormValue("category"))
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) != 1 {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Choose one picture (PNG, GIF or WebP).")
	}
	fh := r.MultipartForm.File["file"][0]
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = mastodon.AddCustomEmoji(r.Context(), s.opt.Store, ms, code, category, f, fh.Size)
	switch {
	case errors.Is(err, mastodon.ErrBadShortcode), errors.Is(err, mastodon.ErrBadCategory), errors.Is(err, mastodon.ErrEmojiTaken):
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Custom emoji: "+err.Error()+".")
	case err != nil:
		if msg, ok := uploadRefusal(err); ok {
			return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, msg)
		}
		return err
	}
	s.forgetPickerEmoji()
	adminDone(w, r, "emoji-added")
	return nil
}

// removeEmoji is POST /admin/emoji/{shortcode}/delete: the emoji and its files.
func (s *Service) removeEmoji(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	ms := s.mediaService()
	if ms == nil {
		return s.renderAdmin(w, r, rq, http.StatusServiceUnavailable, "Uploads are not available on this server.")
	}
	err := mastodon.RemoveCustomEmoji(r.Context(), s.opt.Store, ms, r.PathValue("shortcode"))
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	s.forgetPickerEmoji()
	adminDone(w, r, "emoji-removed")
	return nil
}
