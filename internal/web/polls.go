package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/store"
)

// voting is what a poll card needs to show the vote form or the viewer's choices.
type voting struct {
	CardID   string // the card (and its form's target)
	StatusID string // the Question's row id, what the vote posts to
	CSRF     string
	CanVote  bool // signed in, not the author, not voted yet, not expired
	Voted    bool
	Own      bool
	Error    string
}

// pollViewer fills the poll of card c (the Question o) for the viewer: their choices, read
// from the voters the pipeline records in the Question's internal state (as the API's poll
// entity reads them), and whether they may vote.
func (s *Service) pollViewer(c *card, o *store.Object, rq *request) {
	p := c.Poll
	p.CardID, p.StatusID, p.CSRF = c.ID, o.ID, rq.csrf
	for i := range p.Options {
		p.Options[i].Index = i
	}
	me := rq.viewer()
	if me == "" {
		return
	}
	p.Own = o.Actor == me
	var internal struct {
		Voters map[string][]string `json:"voters"`
	}
	_ = json.Unmarshal(o.Internal, &internal)
	for _, choice := range internal.Voters[me] {
		for i := range p.Options {
			if p.Options[i].Title == choice {
				p.Options[i].Mine, p.Voted = true, true
			}
		}
	}
	p.CanVote = !p.Own && !p.Voted && !p.Expired
}

// vote is POST /statuses/{id}/vote: the choices (choices[], option indexes) go to the API's
// own POST /api/v1/polls/:id/votes handler, with its validation (one choice unless the poll
// takes several, not one's own poll, not twice, not after its end). With htmx the answer is
// the card with the results; without, a redirect back. A refused vote shows its reason in
// the card (422) or on an error page.
func (s *Service) vote(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.user == nil {
		return &httpError{Status: http.StatusUnauthorized, Msg: "Sign in to vote."}
	}
	ctx := r.Context()
	row, target, err := s.actionTarget(ctx, rq, r.PathValue("id"))
	if err != nil {
		return err
	}
	if target.Type != "Question" {
		return errNotFound
	}
	_, err = s.api().ServeAs(apiRequest(r, http.MethodPost, url.Values{"choices[]": r.PostForm["choices[]"]}),
		rq.user, mastodon.OpVote, map[string]string{"id": target.ID})
	refusal := ""
	if err != nil {
		msg, ok := apiRefusal(err)
		if !ok {
			return err
		}
		if msg == "Choices are invalid." {
			msg = "Choose an option first."
		}
		if !isHTMX(r) {
			return &httpError{Status: http.StatusUnprocessableEntity, Msg: msg}
		}
		refusal = msg
	}
	if !isHTMX(r) {
		s.redirectBack(w, r, "/")
		return nil
	}
	fresh, err := s.opt.Store.ObjectByID(ctx, row.ID)
	if err != nil {
		return err
	}
	list, err := s.cards(ctx, rq, []*store.Object{fresh})
	if err != nil {
		return err
	}
	if len(list) == 0 || list[0].Poll == nil {
		return errNotFound
	}
	c := list[0]
	c.Focused = r.PostFormValue("focused") == "1"
	status := http.StatusOK
	if refusal != "" {
		c.Poll.Error, status = refusal, http.StatusUnprocessableEntity
	}
	s.renderPartial(w, status, "status", c)
	return nil
}
