package federation

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/httpsig"
	"github.com/egregoros/egregoros/internal/store"
)

// verifySignature checks a request's HTTP signature and returns the signing actor. A cached
// key that fails is refreshed once (key rotation).
func (s *Service) verifySignature(ctx context.Context, r *http.Request, body []byte) (*store.User, error) {
	p, err := httpsig.Parse(r)
	if err != nil {
		return nil, err
	}
	actorID := httpsig.ActorID(p.KeyID)
	if actorID == "" || s.checkTarget(actorID) != nil {
		return nil, httpsig.ErrBadSignature
	}
	opt := httpsig.Options{Strict: s.Strict, Skew: s.Skew}
	try := func(u *store.User) error {
		pub, err := httpsig.ParsePublicKeyPEM(u.PublicKey)
		if err != nil {
			return err
		}
		return httpsig.Verify(r, body, p, pub, opt)
	}
	u, err := s.Actor(ctx, actorID)
	if err != nil {
		return nil, err
	}
	if err := try(u); err != nil {
		if !errors.Is(err, httpsig.ErrBadSignature) && !errors.Is(err, httpsig.ErrUnsupported) {
			return nil, err
		}
		fresh, ferr := s.FetchActor(ctx, actorID)
		if ferr != nil {
			return nil, err
		}
		if err := try(fresh); err != nil {
			return nil, err
		}
		return fresh, nil
	}
	return u, nil
}

// inbox serves POST /inbox (shared) and POST /users/{nickname}/inbox: rate limit per client
// IP first, bound the body, verify the signature, check that the signer is the activity's
// actor, enqueue, answer 202. Nothing is ingested inside the request. A delivery signed by a
// key of a suspended domain, or by a suspended account, is answered 202 and dropped.
func (s *Service) inbox(w http.ResponseWriter, r *http.Request) {
	if ok, secs := s.inboxLimiter().allow(clientIP(r) + " " + r.URL.Path); !ok {
		retryAfter(w, secs)
		return
	}
	ctx := r.Context()
	inboxUser := ""
	if nick := r.PathValue("nickname"); nick != "" {
		u, err := s.localActor(ctx, nick)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusNotFound, "Record not found")
			return
		}
		if err != nil {
			writeError(w, http.StatusInternalServerError, "Internal server error")
			return
		}
		if _, deleted, err := s.Store.LocalActorDeletedAt(ctx, u.APID); err != nil || deleted {
			if err != nil {
				writeError(w, http.StatusInternalServerError, "Internal server error")
			} else {
				writeError(w, http.StatusGone, "Account deleted")
			}
			return
		}
		inboxUser = u.APID
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, ap.MaxPayloadBytes))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "Payload too large")
		return
	}
	doc, err := ap.Parse(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "Malformed ActivityPub document")
		return
	}
	if refused, err := s.refusedKey(ctx, r); err != nil || refused { // a suspended domain (domain_blocks.go)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "Internal server error")
		} else {
			dropDelivery(w)
		}
		return
	}
	signer, err := s.verifySignature(ctx, r, body)
	if err != nil {
		// A server announcing the deletion of an actor whose key is already gone: nothing
		// to verify against and nothing to do.
		if doc.Type() == "Delete" && doc.Ref("object") == doc.Ref("actor") {
			if _, uerr := s.Store.UserByAPID(ctx, doc.Ref("actor")); errors.Is(uerr, store.ErrNotFound) {
				w.WriteHeader(http.StatusAccepted)
				return
			}
		}
		slog.Info("inbox signature refused", slog.String("error", err.Error()), slog.String("ip", clientIP(r)))
		writeError(w, http.StatusUnauthorized, "Invalid signature: "+err.Error())
		return
	}
	actor := doc.Ref("actor")
	if actor == "" {
		actor = doc.Author()
	}
	if actor != signer.APID {
		writeError(w, http.StatusUnauthorized, "Signer is not the activity's actor")
		return
	}
	if signer.SuspendedAt != nil { // a suspended account: dropped (domain_blocks.go)
		dropDelivery(w)
		return
	}
	if err := s.Enqueue(ctx, body, inboxUser); err != nil {
		slog.Error("inbox enqueue", slog.String("error", err.Error()))
		writeError(w, http.StatusServiceUnavailable, "Try again later")
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
