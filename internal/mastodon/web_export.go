package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/store"
)

// Operations the web UI runs through ServeAs: each is the handler of the API route named
// beside it, so that a post, a vote, a reaction or a profile change made in the browser goes
// through exactly the validation and the code of the client API.
const (
	OpPostStatus        = "post_status"        // POST /api/v1/statuses
	OpVote              = "vote"               // POST /api/v1/polls/{id}/votes
	OpReact             = "react"              // PUT /api/v1/pleroma/statuses/{id}/reactions/{emoji}
	OpUnreact           = "unreact"            // DELETE /api/v1/pleroma/statuses/{id}/reactions/{emoji}
	OpUpdateCredentials = "update_credentials" // PATCH /api/v1/accounts/update_credentials
	OpSearch            = "search"             // GET /api/v2/search

	OpScheduledStatuses = "scheduled_statuses" // GET /api/v1/scheduled_statuses
	OpReschedule        = "reschedule"         // PUT /api/v1/scheduled_statuses/{id}
	OpCancelScheduled   = "cancel_scheduled"   // DELETE /api/v1/scheduled_statuses/{id}
	OpCustomEmojis      = "custom_emojis"      // GET /api/v1/custom_emojis
	OpBlocks            = "blocks"             // GET /api/v1/blocks
	OpMutes             = "mutes"              // GET /api/v1/mutes
	OpDomainBlocks      = "domain_blocks"      // GET /api/v1/domain_blocks
	OpUnblock           = "unblock"            // POST /api/v1/accounts/{id}/unblock
	OpUnmute            = "unmute"             // POST /api/v1/accounts/{id}/unmute
	OpUnblockDomain     = "unblock_domain"     // DELETE /api/v1/domain_blocks
)

func (s *Service) webOp(op string) handler {
	switch op {
	case OpPostStatus:
		return s.createStatus
	case OpVote:
		return s.votePoll
	case OpReact:
		return s.react
	case OpUnreact:
		return s.unreact
	case OpUpdateCredentials:
		return s.updateCredentials
	case OpSearch:
		return s.search
	case OpScheduledStatuses:
		return s.scheduledStatuses
	case OpReschedule:
		return s.rescheduleStatus
	case OpCancelScheduled:
		return s.cancelScheduled
	case OpCustomEmojis:
		return s.customEmojis
	case OpBlocks:
		return s.listBlocks
	case OpMutes:
		return s.listMutes
	case OpDomainBlocks:
		return s.domainBlocks
	case OpUnblock:
		return s.unblockAccount
	case OpUnmute:
		return s.unmuteAccount
	case OpUnblockDomain:
		return s.unblockDomain
	}
	return s.statusOp(op) // statuses_web.go
}

// Languages are the ISO 639-1 languages (code, English name) a status may have, as GET
// /api/v1/instance/languages lists them; the web composer offers them. Read-only.
func Languages() [][2]string { return isoLanguages }

// ServeAs runs the API handler of op for the signed-in web user u (nil: a visitor, for
// OpSearch only) on r: its query and form (urlencoded or multipart, read by the handler as it
// reads a client's) and the path values given. It returns the JSON the API would answer, or
// the API's refusal as an *Error (Status and the message a client would see; a missing
// record and a refused activity too, as the API answers them).
func (s *Service) ServeAs(r *http.Request, u *store.User, op string, pathValues map[string]string) (json.RawMessage, error) {
	h := s.webOp(op)
	if h == nil {
		return nil, fmt.Errorf("mastodon: unknown web operation %q", op)
	}
	var v *viewer
	if u != nil {
		v = &viewer{user: u, scopes: []string{"read", "write", "follow"}}
	} else if op != OpSearch {
		return nil, errUnauthorized
	}
	r2 := r.Clone(context.WithValue(r.Context(), ctxKey{}, v))
	r2.Header.Del("Idempotency-Key") // the web UI's forms carry CSRF tokens, not idempotency keys
	for k, val := range pathValues {
		r2.SetPathValue(k, val)
	}
	rec := &capture{header: http.Header{}, status: http.StatusOK}
	if err := h(rec, r2, v); err != nil {
		var me *Error
		switch { // as fail answers them
		case errors.As(err, &me):
		case errors.Is(err, store.ErrNotFound):
			err = &Error{Status: http.StatusNotFound, Msg: "Record not found", Err: err}
		case errors.Is(err, activity.ErrInvalid):
			err = &Error{Status: http.StatusUnprocessableEntity, Msg: "Validation failed: " + err.Error(), Err: err}
		}
		return nil, err
	}
	if rec.status >= 400 {
		return nil, &Error{Status: rec.status, Msg: http.StatusText(rec.status)}
	}
	return rec.body.Bytes(), nil
}

// capture is the ResponseWriter ServeAs gives a handler.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header         { return c.header }
func (c *capture) WriteHeader(status int)      { c.status = status }
func (c *capture) Write(b []byte) (int, error) { return c.body.Write(b) }

// Timeline runs timeline query t for the web user u (nil: a visitor) exactly as the API runs
// it: without what the viewer hides (blocked domains, exclusive lists' accounts in home) and,
// for home, with the public posts of the tags the viewer follows.
func (s *Service) Timeline(ctx context.Context, u *store.User, t store.Timeline) ([]*store.Object, error) {
	return s.organizedTimeline(ctx, &viewer{user: u}, t)
}
