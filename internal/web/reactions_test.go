package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
	"github.com/egregoros/egregoros/internal/store"
)

func TestEmojiReactions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("bob")
	alice, bob := s.browser(), s.browser()
	alice.login("alice")
	bob.login("bob")
	post := alice.compose("react to me", ap.VisibilityPublic)
	react, unreact := "/statuses/"+post.ID+"/react", "/statuses/"+post.ID+"/unreact"

	if page := bob.get("/@alice").body; !strings.Contains(page, `action="`+react+`"`) || !strings.Contains(page, `value="🔥"`) {
		t.Fatal("no reaction picker on the card")
	}
	if page := s.browser().get("/@alice").body; strings.Contains(page, `action="`+react+`"`) {
		t.Fatal("a visitor gets the picker")
	}

	r := bob.htmx(react, url.Values{"emoji": {"🔥"}})
	wantStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.body, `<article id="status-`+post.ID+`"`) || !strings.Contains(r.body, `class="reaction reaction-me" aria-pressed="true"`) {
		t.Fatalf("react answer: %s", r.body)
	}
	bob.htmx(react, url.Values{"emoji": {"🔥"}}) // twice is once
	alice.htmx(react, url.Values{"emoji": {"🔥"}})
	alice.htmx(react, url.Values{"emoji": {"👍"}})
	if n, _ := s.st.CountRelationships(s.ctx, store.RelEmojiReact+"🔥", post.APID); n != 2 {
		t.Fatalf("🔥 reactions = %d", n)
	}
	page := bob.get("/@alice").body
	fire := strings.Index(page, `aria-label="🔥 2: take back your reaction"`)
	thumbs := strings.Index(page, `aria-label="👍 1: react with 👍"`)
	if fire < 0 || thumbs < fire {
		t.Fatal("the counts are not shown, most used first, with bob's own marked")
	}
	if v := s.browser().get("/@alice").body; !strings.Contains(v, `<span role="img" aria-label="🔥">🔥</span><span class="tabular-nums">2</span>`) {
		t.Fatal("visitors do not see the counts")
	}

	r = bob.htmx(unreact, url.Values{"emoji": {"🔥"}})
	wantStatus(t, r, http.StatusOK)
	if n, _ := s.st.CountRelationships(s.ctx, store.RelEmojiReact+"🔥", post.APID); n != 1 {
		t.Fatalf("🔥 reactions after unreact = %d", n)
	}

	t.Run("refusals", func(t *testing.T) {
		r := bob.htmx(react, url.Values{"emoji": {"not an emoji"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		wantStatus(t, bob.htmx(react, url.Values{"emoji": {":blobcat:"}}), http.StatusUnprocessableEntity)
		wantStatus(t, bob.htmx(react, url.Values{"emoji": {""}}), http.StatusUnprocessableEntity)
		wantStatus(t, bob.do("POST", react, url.Values{"emoji": {"🔥"}}, nil), http.StatusForbidden)
		wantStatus(t, s.browser().post(react, url.Values{"emoji": {"🔥"}}), http.StatusUnauthorized)
		private := alice.compose("followers only", ap.VisibilityPrivate)
		wantStatus(t, bob.htmx("/statuses/"+private.ID+"/react", url.Values{"emoji": {"🔥"}}), http.StatusNotFound)
	})

	t.Run("without JavaScript the browser goes back", func(t *testing.T) {
		form := url.Values{"csrf_token": {bob.csrf()}, "emoji": {"🎉"}}
		r := bob.do("POST", react, form, map[string]string{"Referer": s.srv.URL + "/@alice"})
		wantStatus(t, r, http.StatusSeeOther)
		if n, _ := s.st.CountRelationships(s.ctx, store.RelEmojiReact+"🎉", post.APID); n != 1 {
			t.Fatalf("🎉 reactions = %d", n)
		}
	})
}
