package mastodon

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/media"
	"github.com/egregoros/egregoros/internal/store"
)

// profileUploads are the avatar and header files of an update_credentials request, stored
// before the profile is saved: on failure the new files are removed, on success the old ones.
type profileUploads struct {
	ms       *media.Service
	stored   []string // URLs of the new files, removed if the update fails
	replaced []string // URLs of the previous files, removed once the update is saved
}

// storeProfileImages processes the avatar and header files of p (when given) and sets their
// URLs on u. Refused files are 422 with the reason.
func (s *Service) storeProfileImages(ctx context.Context, u *store.User, p *params) (*profileUploads, error) {
	pu := &profileUploads{ms: s.mediaService()}
	for _, f := range []struct {
		field string
		dst   *string
		store func(context.Context, *store.User, io.ReaderAt, int64) (*media.ProfileImage, error)
	}{{"avatar", &u.AvatarURL, pu.ms.Avatar}, {"header", &u.HeaderURL, pu.ms.Header}} {
		fh := p.File(f.field)
		if fh == nil {
			continue
		}
		if pu.ms == nil {
			pu.discard()
			return nil, badRequest("Validation failed: avatar and header uploads are not available on this server")
		}
		file, err := fh.Open()
		if err != nil {
			pu.discard()
			return nil, err
		}
		img, err := f.store(ctx, u, file, fh.Size)
		file.Close()
		if err != nil {
			pu.discard()
			return nil, profileError(f.field, err)
		}
		pu.stored = append(pu.stored, img.URL)
		if *f.dst != "" {
			pu.replaced = append(pu.replaced, *f.dst)
		}
		*f.dst = img.URL
	}
	return pu, nil
}

// removeTimeout bounds the removal of replaced files, which runs after the request.
const removeTimeout = 30 * time.Second

// profileError is mediaError naming the field, as Mastodon does ("Avatar …").
func profileError(field string, err error) error {
	e := mediaError(err)
	if me, ok := e.(*Error); ok && me.Status == http.StatusUnprocessableEntity {
		name := "Avatar"
		if field == "header" {
			name = "Header"
		}
		me.Msg = "Validation failed: " + name + " " + err.Error()
	}
	return e
}

// discard removes the files stored by this request (the update failed).
func (pu *profileUploads) discard() {
	if pu == nil || pu.ms == nil {
		return
	}
	for _, u := range pu.stored {
		pu.removeFile(u)
	}
	pu.stored = nil
}

// commit removes the files the update replaced.
func (pu *profileUploads) commit() {
	if pu == nil || pu.ms == nil {
		return
	}
	for _, u := range pu.replaced {
		pu.removeFile(u)
	}
	pu.replaced = nil
}

func (pu *profileUploads) removeFile(u string) {
	ctx, cancel := context.WithTimeout(context.Background(), removeTimeout)
	defer cancel()
	if err := pu.ms.DeleteProfileImage(ctx, u); err != nil {
		slog.Warn("profile image left in storage", slog.String("url", u), slog.String("error", err.Error()))
	}
}

// deleteProfileImage is DELETE /api/v1/profile/avatar and /api/v1/profile/header: the image
// is removed (the account shows the default again), the Update federated, and the
// CredentialAccount returned. Deleting an image there is none of succeeds too.
func (s *Service) deleteProfileImage(header bool) handler {
	return func(w http.ResponseWriter, r *http.Request, v *viewer) error {
		ctx := r.Context()
		u := v.user
		dst := &u.AvatarURL
		if header {
			dst = &u.HeaderURL
		}
		if old := *dst; old != "" {
			*dst = ""
			if err := s.Store.UpdateUser(ctx, u); err != nil {
				return err
			}
			if err := s.federateProfile(ctx, u); err != nil {
				return err
			}
			if ms := s.mediaService(); ms != nil {
				(&profileUploads{ms: ms, replaced: []string{old}}).commit()
			}
		}
		a, err := s.credentialAccount(ctx, u)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, a)
		return nil
	}
}

// staticImage is the static version of an avatar or header URL (itself unless it is one of
// our animated ones).
func (s *Service) staticImage(u string) string {
	if ms := s.mediaService(); ms != nil {
		return ms.StaticURL(u)
	}
	return u
}

// profileBodyLimit bounds an update_credentials body: two profile pictures and the fields.
func (s *Service) profileBodyLimit() int64 {
	if ms := s.mediaService(); ms != nil {
		return 2*ms.Options.WithDefaults().MaxProfileSize + maxBodyBytes
	}
	return maxBodyBytes
}
