package mastodon

import (
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/idna"

	"github.com/egregoros/egregoros/internal/store"
)

// normalizeDomain returns a domain as blocks store it (lowercase ASCII, punycode), false when
// it is not a host name.
func normalizeDomain(s string) (string, bool) {
	s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	if s == "" || len(s) > 253 || strings.ContainsAny(s, "/:@ \t?#") {
		return "", false
	}
	a, err := idna.Lookup.ToASCII(s)
	if err != nil || a == "" {
		return "", false
	}
	for _, label := range strings.Split(a, ".") {
		if label == "" || len(label) > 63 {
			return "", false
		}
	}
	return a, true
}

// domainParam reads the domain parameter.
func (s *Service) domainParam(w http.ResponseWriter, r *http.Request) (string, error) {
	p, err := deleteParams(w, r)
	if err != nil {
		return "", err
	}
	raw := p.String("domain")
	if strings.TrimSpace(raw) == "" {
		return "", badRequest("Validation failed: Domain can't be blank")
	}
	d, ok := normalizeDomain(raw)
	if !ok {
		return "", badRequest("Validation failed: Domain is invalid")
	}
	if own, _, _ := strings.Cut(s.instanceDomain(), ":"); strings.EqualFold(d, own) {
		return "", badRequest("Validation failed: Domain is this server's own")
	}
	return d, nil
}

// domainBlocks is GET /api/v1/domain_blocks: the domains the viewer blocks, latest first,
// paged by the block (Link header; 100 by default, at most 200).
func (s *Service) domainBlocks(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, _, err := page(r, 200)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("limit") == "" {
		p.Limit = 100
	}
	rels, err := s.Store.RelationshipPage(r.Context(), store.RelDomainBlock, v.user.APID, true, p)
	if err != nil {
		return err
	}
	out := make([]string, 0, len(rels))
	for _, rel := range rels {
		out = append(out, rel.Object)
	}
	if len(rels) > 0 {
		setLink(w, r, s, rels[0].ID, rels[len(rels)-1].ID)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// blockDomain is POST /api/v1/domain_blocks: the viewer no longer sees statuses and
// notifications from the domain; as Mastodon does, the viewer stops following its accounts,
// its accounts stop following the viewer (a Reject each) and their requests are rejected.
func (s *Service) blockDomain(w http.ResponseWriter, r *http.Request, v *viewer) error {
	ctx := r.Context()
	d, err := s.domainParam(w, r)
	if err != nil {
		return err
	}
	me := v.user.APID
	if _, err := s.Store.PutRelationship(ctx, &store.Relationship{Type: store.RelDomainBlock, Actor: me, Object: d}); err != nil {
		return err
	}
	if err := s.Store.DeleteNotificationsFromDomain(ctx, v.user.ID, d); err != nil {
		return err
	}
	for _, typ := range []string{store.RelFollow, store.RelFollowRequest} {
		theirs, err := s.Store.RelationshipsWithDomain(ctx, typ, me, d, false)
		if err != nil {
			return err
		}
		for _, rel := range theirs {
			if err := s.answerFollow(ctx, me, rel, "Reject"); err != nil {
				return err
			}
			// A Reject of a request the pipeline did not record leaves nothing behind either.
			if _, err := s.Store.DeleteRelationship(ctx, typ, rel.Actor, me); err != nil {
				return err
			}
		}
		mine, err := s.Store.RelationshipsWithDomain(ctx, typ, me, d, true)
		if err != nil {
			return err
		}
		for _, rel := range mine {
			if err := s.undoRel(ctx, v, typ, rel.Object, []any{rel.Object}); err != nil {
				return err
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// unblockDomain is DELETE /api/v1/domain_blocks.
func (s *Service) unblockDomain(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.domainParam(w, r)
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteRelationship(r.Context(), store.RelDomainBlock, v.user.APID, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// hiding is what the viewer hides from timeline t besides blocks and mutes: the domains they
// block (not on one account's own timeline) and, in the home timeline, the accounts of their
// exclusive lists.
func (s *Service) hiding(ctx context.Context, v *viewer, t store.Timeline) (store.Hiding, error) {
	h := store.Hiding{Viewer: v.apID()}
	var err error
	if h.Moderation, err = s.Store.Moderation(ctx, t.Public); err != nil { // suspensions, instance domain blocks
		return h, err
	}
	if h.Viewer == "" || t.Actor != "" {
		return h, nil
	}
	if h.Domains, err = s.Store.BlockedDomains(ctx, h.Viewer); err != nil {
		return h, err
	}
	if t.Home {
		h.ExclusiveLists, err = s.Store.ExclusiveListIDs(ctx, v.user.ID)
	}
	return h, err
}

// domainHidden reports whether the viewer blocks the domain of a status's author or, for a
// boost, of the boosted status's author (streaming checks each event with it).
func (s *Service) domainHidden(ctx context.Context, v *viewer, o *store.Object) (bool, error) {
	if v.apID() == "" {
		return false, nil
	}
	if hidden, err := s.Store.DomainBlocked(ctx, v.apID(), o.Actor); err != nil || hidden {
		return hidden, err
	}
	if o.Type == "Announce" {
		if inner, err := s.Store.ObjectByAPID(ctx, o.Object); err == nil {
			return s.Store.DomainBlocked(ctx, v.apID(), inner.Actor)
		}
	}
	return false, nil
}

// deleteParams reads a request's parameters like parseParams, and also the form-encoded body
// of a DELETE (which net/http's form parsing skips; clients send DELETE /api/v1/domain_blocks
// and DELETE /api/v1/lists/:id/accounts with one).
func deleteParams(w http.ResponseWriter, r *http.Request) (*params, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodDelete || ct != "application/x-www-form-urlencoded" || r.Body == nil {
		return parseParams(w, r, maxBodyBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, badRequest("request body too large or unreadable")
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, badRequest("request body malformed")
	}
	p := &params{v: r.URL.Query()}
	for k, vs := range vals {
		p.v[k] = append(p.v[k], vs...)
	}
	return p, nil
}
