package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPollVoting(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	s.user("carol")
	alice, bob, carol := s.browser(), s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	carol.login("carol")
	wantStatus(t, alice.post("/statuses", url.Values{"status": {"Best season?"}, "poll[options][]": {"Spring", "Autumn"}}), http.StatusSeeOther)
	var id string
	if err := s.st.SQL().QueryRow(`SELECT id FROM objects WHERE type = 'Question'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	vote := "/statuses/" + id + "/vote"

	if page := bob.get("/@alice").body; !strings.Contains(page, `action="`+vote+`"`) || !strings.Contains(page, `type="radio" name="choices[]" value="1"`) {
		t.Fatal("bob is not offered the vote form")
	}
	if page := alice.get("/@alice").body; strings.Contains(page, `action="`+vote+`"`) || !strings.Contains(page, `aria-label="Poll results"`) {
		t.Fatal("the author is offered a vote on her own poll")
	}
	if page := s.browser().get("/@alice").body; strings.Contains(page, `action="`+vote+`"`) {
		t.Fatal("a visitor is offered the vote form")
	}

	r := bob.htmx(vote, nil)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "Choose an option first.") || !strings.Contains(r.body, `<article id="status-`+id+`"`) {
		t.Fatalf("empty vote: %s", r.body)
	}
	r = bob.htmx(vote, url.Values{"choices[]": {"0", "1"}})
	wantStatus(t, r, http.StatusUnprocessableEntity) // one choice only

	r = bob.htmx(vote, url.Values{"choices[]": {"1"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "100%") || !strings.Contains(r.body, "you voted") || !strings.Contains(r.body, "your choice") ||
		strings.Contains(r.body, `action="`+vote+`"`) {
		t.Fatalf("after the vote: %s", r.body)
	}
	r = bob.htmx(vote, url.Values{"choices[]": {"0"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "You have already voted on this poll.") {
		t.Fatalf("second vote: %s", r.body)
	}

	// Without JavaScript: a redirect back, or an error page.
	form := url.Values{"csrf_token": {carol.csrf()}, "choices[]": {"0"}}
	r = carol.do("POST", vote, form, map[string]string{"Referer": s.srv.URL + "/@alice"})
	wantStatus(t, r, http.StatusSeeOther)
	if page := carol.get("/@alice").body; !strings.Contains(page, "2 people voted") || !strings.Contains(page, "50%") {
		t.Fatal("carol's vote is not counted")
	}
	wantStatus(t, alice.post(vote, url.Values{"choices[]": {"0"}}), http.StatusUnprocessableEntity)
	wantStatus(t, s.browser().post(vote, url.Values{"choices[]": {"0"}}), http.StatusUnauthorized)
	wantStatus(t, bob.do("POST", vote, url.Values{"choices[]": {"0"}}, nil), http.StatusForbidden)
	note := alice.compose("not a poll", "public")
	wantStatus(t, bob.htmx("/statuses/"+note.ID+"/vote", url.Values{"choices[]": {"0"}}), http.StatusNotFound)
}
