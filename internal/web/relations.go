package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

// relation is the signed-in user's relationship with an account, as the profile's buttons
// show it.
type relation struct {
	ID         string // the account's row id: what the buttons post to
	CSRF       string
	Self       bool
	Following  bool
	Requested  bool // a follow request waiting for their answer
	FollowedBy bool
	Blocking   bool
	BlockedBy  bool
	Muting     bool
	Locked     bool
}

// relationWith loads the viewer's relation with u in two queries.
func (s *Service) relationWith(ctx context.Context, rq *request, u *store.User) (*relation, error) {
	rel := &relation{ID: u.ID, CSRF: rq.csrf, Self: rq.user.ID == u.ID, Locked: u.Locked}
	if rel.Self {
		return rel, nil
	}
	me := rq.user.APID
	mine, err := s.opt.Store.LiveRelationshipsOf(ctx, me,
		[]string{store.RelFollow, store.RelFollowRequest, store.RelBlock, store.RelMute}, []string{u.APID})
	if err != nil {
		return nil, err
	}
	theirs, err := s.opt.Store.LiveRelationshipsOf(ctx, u.APID, []string{store.RelFollow, store.RelBlock}, []string{me})
	if err != nil {
		return nil, err
	}
	m, t := mine[u.APID], theirs[me]
	rel.Following, rel.Requested = m[store.RelFollow] != nil, m[store.RelFollowRequest] != nil
	rel.Blocking, rel.Muting = m[store.RelBlock] != nil, m[store.RelMute] != nil
	rel.FollowedBy, rel.BlockedBy = t[store.RelFollow] != nil, t[store.RelBlock] != nil
	return rel, nil
}

// accountAction is POST /accounts/{id}/{action}: follow (a request for locked and remote
// accounts until they accept), unfollow (also withdraws a request), block, unblock, mute,
// unmute, the way the API's account endpoints do them. With htmx the answer is the
// profile's buttons in their new state; without, a redirect back.
func (s *Service) accountAction(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in first."}
	}
	ctx := r.Context()
	u, err := s.opt.Store.UserByID(ctx, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.ActorType == "Application") {
		return errNotFound
	}
	if err != nil {
		return err
	}
	if u.ID == rq.user.ID {
		return &httpError{Status: http.StatusUnprocessableEntity, Msg: "You cannot do that to yourself."}
	}
	me, them := rq.user.APID, u.APID
	st := s.opt.Store
	switch r.PathValue("action") {
	case "follow":
		rel, err := s.relationWith(ctx, rq, u)
		if err != nil {
			return err
		}
		if rel.Blocking || rel.BlockedBy {
			return &httpError{Status: http.StatusForbidden, Msg: "You cannot follow this account."}
		}
		if !rel.Following && !rel.Requested {
			err = s.ingestLocal(ctx, ap.Object{"id": s.opt.Pipeline.NewObjectID(), "type": "Follow", "actor": me,
				"object": them, "to": []any{them}})
		}
	case "unfollow":
		if err = s.undoRel(ctx, store.RelFollow, me, them, []any{them}); err == nil {
			err = s.undoRel(ctx, store.RelFollowRequest, me, them, []any{them})
		}
	case "block":
		var has bool
		if has, err = st.HasRelationship(ctx, store.RelBlock, me, them); err == nil && !has {
			err = s.ingestLocal(ctx, ap.Object{"id": s.opt.Pipeline.NewObjectID(), "type": "Block", "actor": me,
				"object": them, "to": []any{them}})
		}
		if err == nil {
			_, err = st.DeleteRelationship(ctx, store.RelEndorse, me, them)
		}
	case "unblock":
		err = s.undoRel(ctx, store.RelBlock, me, them, []any{them})
	case "mute": // for ever, notifications too: the API's defaults
		if _, err = st.PutRelationship(ctx, &store.Relationship{Type: store.RelMute, Actor: me, Object: them}); err == nil {
			_, err = st.PutRelationship(ctx, &store.Relationship{Type: store.RelMuteNotifications, Actor: me, Object: them})
		}
	case "unmute":
		for _, typ := range []string{store.RelMute, store.RelMuteNotifications} {
			if err == nil {
				_, err = st.DeleteRelationship(ctx, typ, me, them)
			}
		}
	default:
		return errNotFound
	}
	if err != nil {
		return err
	}
	if !isHTMX(r) {
		s.redirectBack(w, r, "/@"+u.Handle())
		return nil
	}
	rel, err := s.relationWith(ctx, rq, u)
	if err != nil {
		return err
	}
	s.renderPartial(w, http.StatusOK, "relation-buttons", rel)
	return nil
}

// ingestLocal runs an activity of a local user through the pipeline.
func (s *Service) ingestLocal(ctx context.Context, a ap.Object) error {
	a["@context"] = "https://www.w3.org/ns/activitystreams"
	_, err := s.opt.Pipeline.Ingest(ctx, a, activity.Origin{Source: activity.Local})
	return err
}

// undoRel removes me's relationship of typ with object through an Undo of the activity that
// made it (or directly when no activity did).
func (s *Service) undoRel(ctx context.Context, typ, me, object string, to []any) error {
	rel, err := s.opt.Store.Relationship(ctx, typ, me, object)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rel.ActivityAPID == "" {
		_, err := s.opt.Store.DeleteRelationship(ctx, typ, me, object)
		return err
	}
	return s.ingestLocal(ctx, ap.Object{"id": s.opt.Pipeline.NewObjectID(), "type": "Undo", "actor": me,
		"object": rel.ActivityAPID, "to": to})
}

// accountRow is one account of a list (followers, following, search results).
type accountRow struct {
	Person person
	Bio    string // plain text, shortened
}

// followListData is what a followers or following page shows.
type followListData struct {
	Person    person
	Following bool // the following list (else the followers)
	Accounts  []accountRow
	More      string
}

const followListSize = 40

// followList is GET /@nick/followers and /@nick/following: the accounts, newest follow
// first.
func (s *Service) followList(w http.ResponseWriter, r *http.Request, rq *request) error {
	ctx := r.Context()
	u, err := s.userBySeg(ctx, r.PathValue("seg"))
	if err != nil {
		return err
	}
	following := r.PathValue("list") == "following"
	rels, err := s.opt.Store.RelationshipPage(ctx, store.RelFollow, u.APID, following,
		store.Page{MaxID: validID(r.URL.Query().Get("max_id")), Limit: followListSize})
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(rels))
	for _, rel := range rels {
		if following {
			ids = append(ids, rel.Object)
		} else {
			ids = append(ids, rel.Actor)
		}
	}
	users, err := s.opt.Store.UsersByAPIDs(ctx, ids)
	if err != nil {
		return err
	}
	d := &followListData{Person: s.person(u), Following: following}
	for _, id := range ids {
		if x := users[id]; x != nil {
			d.Accounts = append(d.Accounts, s.accountRow(x))
		}
	}
	if len(rels) == followListSize {
		d.More = d.Person.URL + "/" + r.PathValue("list") + "?max_id=" + rels[len(rels)-1].ID
	}
	title := "Followers of "
	if following {
		title = "Followed by "
	}
	s.renderPage(w, http.StatusOK, "relations", s.view(rq, title+d.Person.Name, d))
	return nil
}

func (s *Service) accountRow(u *store.User) accountRow {
	return accountRow{Person: s.person(u), Bio: shorten(plainText(u.Bio), 140)}
}

// relationButton is one button of the relation block.
type relationButton struct {
	ID, CSRF, Action, Label, Class string
}

// relationAction builds a button; templates call it as relationAction . "follow" "Follow" "btn-primary".
func relationAction(r *relation, action, label, class string) relationButton {
	return relationButton{ID: r.ID, CSRF: r.CSRF, Action: action, Label: label, Class: class}
}
