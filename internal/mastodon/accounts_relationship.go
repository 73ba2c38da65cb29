package mastodon

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/egregoros/egregoros/internal/store"
)

// relationshipExtras completes Relationships computed by relationshipsWith with what the
// account settings keep: the viewer's private note, endorsement, and whether a mute covers
// notifications. rels[i] is the relationship with users[i].
func (s *Service) relationshipExtras(ctx context.Context, v *viewer, users []*store.User, rels []Relationship) error {
	ids := make([]string, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.APID)
	}
	notes, err := s.Store.AccountNotes(ctx, v.user.ID, ids)
	if err != nil {
		return err
	}
	has, err := s.Store.LiveRelationshipsOf(ctx, v.user.APID, []string{store.RelEndorse, store.RelMuteNotifications}, ids)
	if err != nil {
		return err
	}
	domains, err := s.Store.BlockedDomains(ctx, v.user.APID) // domain_blocks.go
	if err != nil {
		return err
	}
	for i, u := range users {
		if i >= len(rels) {
			break
		}
		rels[i].Note = notes[u.APID]
		rels[i].Endorsed = has[u.APID][store.RelEndorse] != nil
		rels[i].MutingNotifications = rels[i].Muting && has[u.APID][store.RelMuteNotifications] != nil
		rels[i].DomainBlocking = !u.Local && slices.Contains(domains, strings.ToLower(u.Domain))
	}
	return nil
}

// writeAccountRelationship answers with the viewer's complete Relationship with u.
func (s *Service) writeAccountRelationship(w http.ResponseWriter, r *http.Request, v *viewer, u *store.User) error {
	users := []*store.User{u}
	rels, err := s.relationshipsWith(r.Context(), v, users)
	if err != nil {
		return err
	}
	if err := s.relationshipExtras(r.Context(), v, users, rels); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rels[0])
	return nil
}

// accountPage is one page of accounts listed through relationships (blocks, mutes, follow
// requests, endorsements), in the relationships' order: users[i] is the other side of rels[i].
type accountPage struct {
	rels  []*store.Relationship
	users []*store.User
	other func(*store.Relationship) string
}

// loadAccountPage reads a page of relationships of typ held by who (or on who, inverse) and
// the accounts on their other side.
func (s *Service) loadAccountPage(r *http.Request, typ, who string, inverse bool) (*accountPage, error) {
	p, _, err := page(r, 80)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	rels, err := s.Store.AccountRelationshipPage(ctx, typ, who, inverse, p)
	if err != nil {
		return nil, err
	}
	pg := &accountPage{other: func(rel *store.Relationship) string { return rel.Object }}
	if inverse {
		pg.other = func(rel *store.Relationship) string { return rel.Actor }
	}
	ids := make([]string, 0, len(rels))
	for _, rel := range rels {
		ids = append(ids, pg.other(rel))
	}
	byAPID, err := s.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, rel := range rels {
		if u := byAPID[pg.other(rel)]; u != nil { // deleted since: left out
			pg.rels, pg.users = append(pg.rels, rel), append(pg.users, u)
		}
	}
	return pg, nil
}

// writeAccountPage renders a page of accounts with its Link header.
func (s *Service) writeAccountPage(w http.ResponseWriter, r *http.Request, typ, who string, inverse bool) error {
	pg, err := s.loadAccountPage(r, typ, who, inverse)
	if err != nil {
		return err
	}
	list, err := s.renderAccounts(r.Context(), pg.users)
	if err != nil {
		return err
	}
	pg.link(w, r, s)
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (pg *accountPage) link(w http.ResponseWriter, r *http.Request, s *Service) {
	if len(pg.rels) > 0 {
		setLink(w, r, s, pg.rels[0].ID, pg.rels[len(pg.rels)-1].ID)
	}
}
