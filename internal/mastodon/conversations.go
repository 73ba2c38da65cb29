package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
)

// Conversation is the Mastodon Conversation entity: a thread of direct statuses, seen by one
// participant.
type Conversation struct {
	ID         string    `json:"id"`
	Unread     bool      `json:"unread"`
	Accounts   []Account `json:"accounts"`
	LastStatus *Status   `json:"last_status"`
}

// renderConversations renders a user's conversations: the participants (the last status's
// author and addressees other than the viewer; the viewer alone for notes to self) and the
// last status. A conversation whose last status can no longer be rendered is left out.
func (s *Service) renderConversations(ctx context.Context, v *viewer, list []*store.Conversation) ([]Conversation, error) {
	ids := make([]string, 0, len(list))
	for _, c := range list {
		ids = append(ids, c.LastID)
	}
	rows, err := s.Store.ConversationStatuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]*store.Object{}
	var ordered []*store.Object
	for _, o := range rows {
		byID[o.ID] = o
	}
	for _, id := range ids {
		if o := byID[id]; o != nil {
			ordered = append(ordered, o)
		}
	}
	statuses, err := s.renderStatuses(ctx, v, ordered)
	if err != nil {
		return nil, err
	}
	byURI := map[string]*Status{}
	for i := range statuses {
		byURI[statuses[i].URI] = &statuses[i]
	}
	out := make([]Conversation, 0, len(list))
	for _, c := range list {
		o := byID[c.LastID]
		if o == nil || byURI[o.APID] == nil {
			continue
		}
		st := byURI[o.APID]
		conv := Conversation{ID: c.ID, Unread: c.Unread(), LastStatus: st, Accounts: []Account{}}
		seen := map[string]bool{v.user.ID: true}
		if st.Account.ID != v.user.ID {
			conv.Accounts = append(conv.Accounts, st.Account)
			seen[st.Account.ID] = true
		}
		rcpt, err := s.Store.Recipients(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		users, err := s.Store.UsersByAPIDs(ctx, rcpt)
		if err != nil {
			return nil, err
		}
		var others []*store.User
		for _, apID := range rcpt {
			if u := users[apID]; u != nil && !seen[u.ID] {
				seen[u.ID] = true
				others = append(others, u)
			}
		}
		accts, err := s.renderAccounts(ctx, others)
		if err != nil {
			return nil, err
		}
		conv.Accounts = append(conv.Accounts, accts...)
		if len(conv.Accounts) == 0 {
			me, err := s.renderAccount(ctx, v.user)
			if err != nil {
				return nil, err
			}
			conv.Accounts = append(conv.Accounts, me)
		}
		out = append(out, conv)
	}
	return out, nil
}

// conversations is GET /api/v1/conversations, paged by the conversations' last statuses.
func (s *Service) conversations(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	list, err := s.Store.Conversations(r.Context(), v.user.ID, v.user.APID, p, ascend)
	if err != nil {
		return err
	}
	out, err := s.renderConversations(r.Context(), v, list)
	if err != nil {
		return err
	}
	if len(list) > 0 {
		setLink(w, r, s, list[0].LastID, list[len(list)-1].LastID)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Service) conversationByID(ctx context.Context, v *viewer, id string) (*store.Conversation, error) {
	if id == "" || len(id) > 64 {
		return nil, errNotFound
	}
	c, err := s.Store.ConversationByID(ctx, v.user.ID, v.user.APID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound
	}
	return c, err
}

// readConversation is POST /api/v1/conversations/:id/read.
func (s *Service) readConversation(w http.ResponseWriter, r *http.Request, v *viewer) error {
	c, err := s.conversationByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Store.MarkConversationRead(r.Context(), v.user.ID, c.ID, c.LastID); err != nil {
		return err
	}
	c.LastReadID = c.LastID
	out, err := s.renderConversations(r.Context(), v, []*store.Conversation{c})
	if err != nil {
		return err
	}
	if len(out) == 0 {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, out[0])
	return nil
}

// removeConversation is DELETE /api/v1/conversations/:id: off the list (the statuses stay)
// until someone writes in it again.
func (s *Service) removeConversation(w http.ResponseWriter, r *http.Request, v *viewer) error {
	c, err := s.conversationByID(r.Context(), v, r.PathValue("id"))
	if err != nil {
		return err
	}
	if c.RemovedUntilID >= c.LastID {
		return errNotFound
	}
	if err := s.Store.RemoveConversation(r.Context(), v.user.ID, c.ID, c.LastID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// directTimeline is GET /api/v1/timelines/direct (removed from Mastodon in 3.0, still used by
// older clients): the viewer's direct statuses, newest first.
func (s *Service) directTimeline(w http.ResponseWriter, r *http.Request, v *viewer) error {
	p, ascend, err := page(r, 40)
	if err != nil {
		return err
	}
	rows, err := s.Store.DirectTimeline(r.Context(), v.user.APID, p, ascend)
	if err != nil {
		return err
	}
	out, err := s.renderStatuses(r.Context(), v, rows)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		setLink(w, r, s, rows[0].ID, rows[len(rows)-1].ID)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// conversationEvent is the Conversation a new direct status o makes for the viewer, for the
// direct stream's "conversation" event; nil when the viewer has no part in it.
func (s *Service) conversationEvent(ctx context.Context, v *viewer, o *store.Object) (*Conversation, error) {
	if v.user == nil || o.Context == "" {
		return nil, nil
	}
	c, err := s.Store.ConversationOfContext(ctx, v.user.ID, v.user.APID, o.Context)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out, err := s.renderConversations(ctx, v, []*store.Conversation{c})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return &out[0], nil
}

// conversation is the direct stream's "conversation" event for a new direct status the
// viewer takes part in (visibility was checked by the caller).
func (rt *router) conversation(ctx context.Context, e stream.Event, o *store.Object) ([]streamEvent, error) {
	if e.Kind != stream.EventUpdate || o.Visibility != ap.VisibilityDirect || o.Type == "Announce" || rt.v.user == nil {
		return nil, nil
	}
	var names [][]string
	for _, sub := range rt.subs {
		if sub.Stream == StreamDirect {
			names = append(names, sub.names())
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	c, err := rt.s.conversationEvent(ctx, rt.v, o)
	if err != nil || c == nil {
		return nil, err
	}
	payload, _ := json.Marshal(c)
	out := make([]streamEvent, 0, len(names))
	for _, nm := range names {
		out = append(out, streamEvent{Stream: nm, Event: "conversation", Payload: string(payload)})
	}
	return out, nil
}
