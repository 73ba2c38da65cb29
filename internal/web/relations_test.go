package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestFollowBlockMuteButtons(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	alice, bob := s.user("alice"), s.user("bob")
	a, b, v := s.browser(), s.browser(), s.browser()
	a.login("alice")
	b.login("bob")

	if p := v.get("/@bob"); strings.Contains(p.body, "/accounts/") {
		t.Fatal("a visitor is shown account buttons")
	}
	if p := b.get("/@bob"); strings.Contains(p.body, `id="relation-`) {
		t.Fatal("buttons on one's own profile")
	}
	if p := a.get("/@bob"); !strings.Contains(p.body, `action="/accounts/`+bob.ID+`/follow"`) {
		t.Fatal("no follow button")
	}
	// Refused without a session, without a token, on oneself and on unknown accounts.
	wantStatus(t, v.post("/accounts/"+bob.ID+"/follow", url.Values{}), http.StatusUnauthorized)
	wantStatus(t, a.do("POST", "/accounts/"+bob.ID+"/follow", url.Values{"csrf_token": {"x"}}, nil), http.StatusForbidden)
	wantStatus(t, a.post("/accounts/"+alice.ID+"/follow", nil), http.StatusUnprocessableEntity)
	wantStatus(t, a.post("/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV/follow", nil), http.StatusNotFound)
	wantStatus(t, a.post("/accounts/"+bob.ID+"/dance", nil), http.StatusNotFound)

	secret := b.compose("only for my followers", ap.VisibilityPrivate)
	wantStatus(t, a.get(s.threadPath("bob", secret)), http.StatusNotFound)

	// Follow without JavaScript: back to the profile, which says Unfollow; the follower
	// sees the followers-only post, and bob's profile says alice follows him.
	r := a.do("POST", "/accounts/"+bob.ID+"/follow", url.Values{"csrf_token": {a.csrf()}}, map[string]string{"Referer": s.srv.URL + "/@bob"})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/@bob" {
		t.Fatalf("follow: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if p := a.get("/@bob"); !strings.Contains(p.body, `data-action="unfollow">Unfollow`) || !strings.Contains(p.body, "only for my followers") {
		t.Fatal("after following: no unfollow button or no followers-only post")
	}
	if p := b.get("/@alice"); !strings.Contains(p.body, "Follows you") {
		t.Fatal("no 'follows you'")
	}
	if p := v.get("/@bob/followers"); !strings.Contains(p.body, `href="/@alice"`) {
		t.Fatal("alice is not in bob's followers list")
	}
	if p := v.get("/@alice/following"); !strings.Contains(p.body, `href="/@bob"`) {
		t.Fatal("bob is not in alice's following list")
	}
	if p := v.get("/@alice/followers"); strings.Contains(p.body, `href="/@bob"`) {
		t.Fatal("bob is in alice's followers list")
	}

	// Mute with htmx: the answer is the new buttons; bob's posts leave alice's home.
	r = a.htmx("/accounts/"+bob.ID+"/mute", nil)
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "<html") || !strings.Contains(r.body, `data-action="unmute"`) || !strings.Contains(r.body, "Muted") {
		t.Fatalf("mute answer: %s", r.body)
	}
	if p := a.get("/?timeline=home"); strings.Contains(p.body, "only for my followers") {
		t.Fatal("a muted account's post on the home timeline")
	}
	wantStatus(t, a.htmx("/accounts/"+bob.ID+"/unmute", nil), http.StatusOK)
	if p := a.get("/?timeline=home"); !strings.Contains(p.body, "only for my followers") {
		t.Fatal("unmute did not bring the posts back")
	}

	// Block: the follow ends both ways, and the followers-only post is hidden again.
	wantStatus(t, b.post("/accounts/"+alice.ID+"/follow", nil), http.StatusSeeOther)
	r = a.htmx("/accounts/"+bob.ID+"/block", nil)
	if !strings.Contains(r.body, `data-action="unblock"`) {
		t.Fatalf("block answer: %s", r.body)
	}
	for _, pair := range [][2]*store.User{{alice, bob}, {bob, alice}} {
		if ok, _ := s.st.HasRelationship(s.ctx, store.RelFollow, pair[0].APID, pair[1].APID); ok {
			t.Fatalf("%s still follows %s after the block", pair[0].Nickname, pair[1].Nickname)
		}
	}
	wantStatus(t, a.get(s.threadPath("bob", secret)), http.StatusNotFound)
	if p := b.get("/@alice"); !strings.Contains(p.body, "Blocked you") || strings.Contains(p.body, `data-action="follow"`) {
		t.Fatal("the blocked account is offered a follow button")
	}
	wantStatus(t, b.post("/accounts/"+alice.ID+"/follow", nil), http.StatusForbidden)
	wantStatus(t, a.post("/accounts/"+bob.ID+"/unblock", nil), http.StatusSeeOther)
	if ok, _ := s.st.HasRelationship(s.ctx, store.RelBlock, alice.APID, bob.APID); ok {
		t.Fatal("still blocking after unblock")
	}
}

func TestFollowListPaging(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	star := s.user("star")
	for i := range 42 {
		s.follow(s.user(fmt.Sprintf("fan%02d", i)), star)
	}
	v := s.browser()
	p := v.get("/@star/followers")
	wantStatus(t, p, http.StatusOK)
	if strings.Count(p.body, `<li class="flex items-center gap-3 px-4 py-3">`) != 40 || !strings.Contains(p.body, `href="/@fan41"`) {
		t.Fatal("the first page is not the 40 newest followers")
	}
	i := strings.Index(p.body, `/@star/followers?max_id=`)
	if i < 0 {
		t.Fatal("no next page link")
	}
	next := p.body[i : i+len(`/@star/followers?max_id=`)+26]
	if p := v.get(next); !strings.Contains(p.body, `href="/@fan00"`) || strings.Contains(p.body, `href="/@fan41"`) {
		t.Fatal("second page")
	}
	wantStatus(t, v.get("/@nobody/followers"), http.StatusNotFound)
}
