package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// relayer subscribes the instance actor to relays: federation.Service (given as
// Options.Remote).
type relayer interface {
	SubscribeRelay(ctx context.Context, actorURL string) (*store.Relay, error)
	UnsubscribeRelay(ctx context.Context, r *store.Relay) error
}

// adminRelay is a row of the relay list.
type adminRelay struct {
	ID, APID, State, Since string
}

func (s *Service) adminRelays(ctx context.Context) ([]adminRelay, error) {
	relays, err := s.opt.Store.Relays(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]adminRelay, 0, len(relays))
	for _, r := range relays {
		out = append(out, adminRelay{ID: r.ID, APID: r.APID, State: r.State, Since: r.CreatedAt.Format("Jan 2, 2006")})
	}
	return out, nil
}

// addRelay is POST /admin/relays with url, the relay's actor: the instance actor follows it.
func (s *Service) addRelay(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	rl, ok := s.opt.Remote.(relayer)
	if !ok {
		return s.renderAdmin(w, r, rq, http.StatusServiceUnavailable, "Federation is not running on this server.")
	}
	u := strings.TrimSpace(r.PostFormValue("url"))
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Enter the relay's actor address, starting with https://.")
	}
	if _, err := rl.SubscribeRelay(r.Context(), u); err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Could not subscribe to this relay: "+err.Error())
	}
	adminDone(w, r, "relay")
	return nil
}

// removeRelay is POST /admin/relays/{id}/delete: Undo(Follow) to the relay, and it is
// forgotten.
func (s *Service) removeRelay(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	ctx := r.Context()
	relay, err := s.opt.Store.RelayByID(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if rl, ok := s.opt.Remote.(relayer); ok {
		err = rl.UnsubscribeRelay(ctx, relay)
	} else {
		_, err = s.opt.Store.DeleteRelay(ctx, relay.APID)
	}
	if err != nil {
		return err
	}
	adminDone(w, r, "relay-removed")
	return nil
}

// blockInstanceDomain is POST /admin/domain_blocks with domain, severity (silence or
// suspend), reject_media and public_comment; blocking a blocked domain changes its block.
func (s *Service) blockInstanceDomain(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	b := &store.InstanceDomainBlock{Domain: r.PostFormValue("domain"), Severity: r.PostFormValue("severity"),
		RejectMedia: r.PostFormValue("reject_media") != "", PublicComment: strings.TrimSpace(r.PostFormValue("public_comment"))}
	if b.Severity != store.SeveritySilence && b.Severity != store.SeveritySuspend {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Choose silence or suspend.")
	}
	if len([]rune(b.PublicComment)) > 1000 {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "The comment is too long (1,000 characters at most).")
	}
	d, err := store.NormalizeDomain(b.Domain)
	if err != nil || strings.EqualFold(d, strings.Split(hostOf(s.opt.BaseURL), ":")[0]) {
		return s.renderAdmin(w, r, rq, http.StatusUnprocessableEntity, "Enter another server's domain name, such as example.com.")
	}
	if err := s.opt.Store.BlockInstanceDomain(r.Context(), b); err != nil {
		return err
	}
	adminDone(w, r, "blocked")
	return nil
}

// unblockInstanceDomain is POST /admin/domain_blocks/delete with domain.
func (s *Service) unblockInstanceDomain(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := mustAdmin(rq); err != nil {
		return err
	}
	found, err := s.opt.Store.UnblockInstanceDomain(r.Context(), r.PostFormValue("domain"))
	if errors.Is(err, store.ErrBadDomain) || (err == nil && !found) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	adminDone(w, r, "unblocked")
	return nil
}

// hostOf is the host[:port] of a base URL.
func hostOf(base string) string {
	return strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
}
