package mastodon

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/egregoros/egregoros/internal/store"
)

// IdempotencyWindow is how long an Idempotency-Key of POST /api/v1/statuses is remembered.
const IdempotencyWindow = time.Hour

// maxIdempotencyKey bounds the header (it is stored as a digest).
const maxIdempotencyKey = 512

// idempotentPost runs post (createStatus without the header check) at most once per
// Idempotency-Key of a user within IdempotencyWindow: a repeated request answers the status
// the first one posted, rendered afresh. A repeat while the first is still running is a 409;
// when the first fails, or its status is gone, the key is free again.
func (s *Service) idempotentPost(w http.ResponseWriter, r *http.Request, v *viewer, key string, post handler) error {
	ctx := r.Context()
	if len(key) > maxIdempotencyKey {
		return badRequest("Validation failed: Idempotency-Key is too long")
	}
	for range 2 {
		apID, reserved, err := s.Store.ReserveIdempotencyKey(ctx, v.user.ID, key, time.Now().Add(-IdempotencyWindow))
		if err != nil {
			return err
		}
		if reserved {
			return s.postOnce(w, r, v, key, post)
		}
		if apID == "" {
			break
		}
		o, err := s.Store.ObjectByAPID(ctx, apID)
		if err == nil {
			return s.respondStatus(w, r, v, o)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := s.Store.ReleaseIdempotencyKey(ctx, v.user.ID, key); err != nil { // its status was deleted
			return err
		}
	}
	return errorf(http.StatusConflict, "A request with this Idempotency-Key is still being processed")
}

// postOnce runs post for a reserved key, without the header, and records the status it
// answers; a failure frees the key.
func (s *Service) postOnce(w http.ResponseWriter, r *http.Request, v *viewer, key string, post handler) error {
	ctx := r.Context()
	r = r.Clone(ctx)
	r.Header.Del("Idempotency-Key")
	rec := &statusRecorder{ResponseWriter: w}
	err := post(rec, r, v)
	var st struct {
		URI string `json:"uri"`
	}
	if err == nil && rec.code == http.StatusOK && json.Unmarshal(rec.body.Bytes(), &st) == nil && st.URI != "" {
		if err := s.Store.CompleteIdempotencyKey(ctx, v.user.ID, key, st.URI); err != nil {
			// The status is posted and answered; a retry will post again.
			slog.Error("idempotency key", slog.String("error", err.Error()))
		}
		return nil
	}
	if rerr := s.Store.ReleaseIdempotencyKey(ctx, v.user.ID, key); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

// statusRecorder passes a response through while keeping its status code and body.
type statusRecorder struct {
	http.ResponseWriter
	code int
	body bytes.Buffer
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	s.body.Write(b)
	return s.ResponseWriter.Write(b)
}
