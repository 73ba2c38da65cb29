package mastodon

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/media"
)

// uploadMedia is POST /api/v1/media and, with async, POST /api/v2/media: multipart file,
// thumbnail (for video and audio), description and focus. v1 processes the file before it
// answers. v2 does too for pictures up to media.Options.AsyncSize (200, finished); video,
// audio and larger pictures are processed by a job and v2 answers 202 with a null url
// (GET /api/v1/media/:id then says 206 until it is done).
func (s *Service) uploadMedia(async bool) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		ms := s.mediaService()
		if ms == nil {
			return errorf(http.StatusServiceUnavailable, "Media uploads are not available")
		}
		limit := ms.Options.MaxUploadSize()
		r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
			return badRequest("Validation failed: File can't be blank")
		}
		if err := r.ParseMultipartForm(1 << 20); err != nil { // larger files spill to a temp file
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return errorf(http.StatusRequestEntityTooLarge, fmt.Sprintf("File is larger than %d MB", limit>>20))
			}
			return badRequest("Validation failed: the upload is malformed")
		}
		defer r.MultipartForm.RemoveAll()
		files := r.MultipartForm.File["file"]
		if len(files) == 0 {
			return badRequest("Validation failed: File can't be blank")
		}
		attrs := media.Attributes{Description: formValue(r, "description")}
		if f := formValue(r, "focus"); f != "" {
			focus, err := media.ParseFocus(f)
			if err != nil {
				return mediaError(err)
			}
			attrs.Focus = focus
		}
		thumb, err := readThumbnail(r.Context(), ms, r.MultipartForm.File["thumbnail"])
		if err != nil {
			return err
		}
		file, err := files[0].Open()
		if err != nil {
			return err
		}
		defer file.Close()
		upload := ms.Upload
		if async {
			upload = ms.UploadAsync
		}
		m, err := upload(r.Context(), v.user, file, files[0].Size, attrs)
		if err != nil {
			return mediaError(err)
		}
		if thumb != nil && (m.Kind == media.TypeVideo || m.Kind == media.TypeAudio) { // ignored for pictures
			if m, err = ms.SetThumbnail(r.Context(), v.user.ID, m.ID, thumb); err != nil {
				return mediaError(err)
			}
		}
		a := renderMedia(ms, m)
		if m.ProcessedAt == nil && async {
			writeJSON(w, http.StatusAccepted, processing(a))
			return nil
		}
		writeJSON(w, http.StatusOK, a)
		return nil
	}
}

// showMedia is GET /api/v1/media/:id: the caller's own attachment; 206 while processing.
func (s *Service) showMedia(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ms := s.mediaService()
	if ms == nil {
		return errNotFound
	}
	m, err := ms.Get(r.Context(), v.user.ID, r.PathValue("id"))
	if err != nil {
		return mediaError(err)
	}
	if m.ProcessingError != "" {
		return &Error{Status: http.StatusUnprocessableEntity, Msg: "Error processing the uploaded file: " + m.ProcessingError}
	}
	if m.ProcessedAt == nil {
		writeJSON(w, http.StatusPartialContent, processing(renderMedia(ms, m)))
		return nil
	}
	writeJSON(w, http.StatusOK, renderMedia(ms, m))
	return nil
}

// updateMedia is PUT /api/v1/media/:id: description and focus of an unattached attachment.
func (s *Service) updateMedia(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ms := s.mediaService()
	if ms == nil {
		return errNotFound
	}
	p, err := parseParams(w, r, ms.Options.WithDefaults().MaxImageSize+maxBodyBytes) // with a thumbnail
	if err != nil {
		return err
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var desc *string
	var focus *media.Focus
	if p.Has("description") {
		d := p.String("description")
		desc = &d
	}
	if p.Has("focus") && p.String("focus") != "" {
		f, err := media.ParseFocus(p.String("focus"))
		if err != nil {
			return mediaError(err)
		}
		focus = &f
	}
	var thumbFiles []*multipart.FileHeader
	if f := p.File("thumbnail"); f != nil {
		thumbFiles = append(thumbFiles, f)
	}
	thumb, err := readThumbnail(r.Context(), ms, thumbFiles)
	if err != nil {
		return err
	}
	m, err := ms.Update(r.Context(), v.user.ID, r.PathValue("id"), desc, focus)
	if err != nil {
		return mediaError(err)
	}
	if thumb != nil {
		if m, err = ms.SetThumbnail(r.Context(), v.user.ID, m.ID, thumb); err != nil {
			return mediaError(err)
		}
	}
	if m.ProcessedAt == nil { // as Mastodon: 206 while processing
		writeJSON(w, http.StatusPartialContent, processing(renderMedia(ms, m)))
		return nil
	}
	writeJSON(w, http.StatusOK, renderMedia(ms, m))
	return nil
}

// readThumbnail processes the thumbnail file of a request, nil when there is none; a refused
// picture is 422 with the reason.
func readThumbnail(ctx context.Context, ms *media.Service, files []*multipart.FileHeader) (*media.Thumbnail, error) {
	if len(files) == 0 {
		return nil, nil
	}
	f, err := files[0].Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := media.ProcessThumbnail(ctx, f, files[0].Size, ms.Options)
	if err != nil {
		e := mediaError(err)
		if me, ok := e.(*Error); ok && me.Status == http.StatusUnprocessableEntity {
			me.Msg = "Validation failed: Thumbnail " + err.Error()
		}
		return nil, e
	}
	return t, nil
}

// mediaError turns the media package's refusals into Mastodon's answers: 404 for a missing
// attachment, 422 with the reason for a refused file or attribute.
func mediaError(err error) error {
	switch {
	case errors.Is(err, media.ErrNotFound):
		return errNotFound
	case errors.Is(err, media.ErrUnsupported), errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels),
		errors.Is(err, media.ErrCorrupt), errors.Is(err, media.ErrInvalid):
		return &Error{Status: http.StatusUnprocessableEntity, Msg: "Validation failed: " + err.Error(), Err: err}
	}
	return err
}

func formValue(r *http.Request, k string) string {
	if vs := r.MultipartForm.Value[k]; len(vs) > 0 {
		return strings.TrimSpace(vs[0])
	}
	return ""
}
