package web

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// multipart lets a form with files through: the body may be as large as the media service
// allows for MaxMediaAttachments files (plus 1 MB of fields), and it is parsed here, before
// the CSRF check reads its token, so that the 256 KB bound of ordinary forms does not apply.
// Other bodies go on untouched.
func (s *Service) multipart(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct != "multipart/form-data" {
			next.ServeHTTP(w, r)
			return
		}
		limit := int64(1 << 20)
		if ms := s.mediaService(); ms != nil {
			limit += ms.Options.MaxUploadSize() * int64(s.api().Limits.MaxMediaAttachments)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := r.ParseMultipartForm(1 << 20); err != nil { // larger files spill to temporary files
			he := &httpError{Status: http.StatusBadRequest, Msg: "The form could not be read. Try again.", Err: err}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				he = &httpError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("The files are larger than this server accepts (%d MB in all).", limit>>20)}
			}
			s.fail(w, r, nil, he)
			return
		}
		defer r.MultipartForm.RemoveAll()
		next.ServeHTTP(w, r)
	})
}

// upload stores one file of a form through the media service, as POST /api/v1/media does.
func (s *Service) upload(ctx context.Context, ms *media.Service, u *store.User, fh *multipart.FileHeader, alt string) (*store.Media, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ms.Upload(ctx, u, f, fh.Size, media.Attributes{Description: strings.TrimSpace(alt)})
}

// draft is an uploaded attachment as the composer shows it.
func (s *Service) draft(ms *media.Service, m *store.Media) draftMedia {
	key := m.PreviewKey
	if key == "" {
		key = m.FileKey
	}
	return draftMedia{ID: m.ID, URL: ms.URL(key), Kind: m.Kind, Alt: m.Description}
}

// uploadRefusal is the message for a refused file or attachment ("", false for a failure of
// ours).
func uploadRefusal(err error) (string, bool) {
	switch {
	case errors.Is(err, media.ErrNotFound):
		return "An attachment was not found: upload it again.", true
	case errors.Is(err, media.ErrUnsupported), errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels),
		errors.Is(err, media.ErrCorrupt), errors.Is(err, media.ErrInvalid):
		msg := err.Error()
		return "This file cannot be used: " + msg + ".", true
	}
	return apiRefusal(err)
}

// uploadMedia is POST /media/upload, what the composer's script sends each chosen file to
// (with an upload progress bar): the file goes through the media service and the answer is
// the composer's attachment item, carrying the media id (media_ids[]) and its alt text field.
// A refused file is a 422 with the reason.
func (s *Service) uploadMedia(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in to upload."}
	}
	ms := s.mediaService()
	if ms == nil {
		return &httpError{Status: http.StatusServiceUnavailable, Msg: "This server does not take uploads."}
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return &httpError{Status: http.StatusUnprocessableEntity, Msg: "Choose a file to upload."}
	}
	m, err := s.upload(r.Context(), ms, rq.user, r.MultipartForm.File["file"][0], r.PostFormValue("description"))
	if err != nil {
		if msg, ok := uploadRefusal(err); ok {
			return &httpError{Status: http.StatusUnprocessableEntity, Msg: msg, Err: err}
		}
		return err
	}
	d := s.draft(ms, m)
	d.CSRF = rq.csrf
	s.renderPartial(w, http.StatusOK, "composer-media", d)
	return nil
}
