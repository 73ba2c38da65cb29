package mastodon

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// Error is a failure with its HTTP status and the message the client sees. The cause is
// logged, never sent.
type Error struct {
	Status int
	Msg    string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(status int, msg string) *Error { return &Error{Status: status, Msg: msg} }

var (
	errNotFound     = errorf(http.StatusNotFound, "Record not found")
	errUnauthorized = errorf(http.StatusUnauthorized, "The access token is invalid")
	errForbidden    = errorf(http.StatusForbidden, "This action is outside the authorized scopes")
)

// badRequest is a 422 with a message about the input, as Mastodon answers validation errors.
func badRequest(msg string) *Error { return &Error{Status: http.StatusUnprocessableEntity, Msg: msg} }

// writeJSON writes v with status 200 unless given.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail writes {"error": …} for err: an *Error as it says, store.ErrNotFound as 404, a refused
// activity as 422, anything else as 500 (logged).
func fail(w http.ResponseWriter, r *http.Request, err error) {
	var me *Error
	switch {
	case errors.As(err, &me):
		if me.Status >= 500 {
			slog.Error("api error", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		}
		writeJSON(w, me.Status, map[string]string{"error": me.Msg})
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Record not found"})
	case errors.Is(err, activity.ErrInvalid):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": "Validation failed: " + err.Error()})
	default:
		slog.Error("api error", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "Internal server error"})
	}
}
