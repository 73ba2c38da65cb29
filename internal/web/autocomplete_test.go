package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/ap"
)

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	s.user("alfred")
	s.user("bob")
	s.remoteUser("alma", "remote.example")
	bob := s.browser()
	bob.login("bob")
	bob.compose("#golang and #gopher and #golang again", ap.VisibilityPublic)
	bob.compose("more #golang", ap.VisibilityPublic)

	r := bob.get("/web/autocomplete?q=%40al")
	wantStatus(t, r, http.StatusOK)
	alfred, alice, alma := strings.Index(r.body, `data-value="@alfred"`), strings.Index(r.body, `data-value="@alice"`),
		strings.Index(r.body, `data-value="@alma@remote.example"`)
	if alfred < 0 || alice < alfred || alma < alice || strings.Contains(r.body, "@bob") {
		t.Fatalf("@al suggests (local first, by nickname): %s", r.body)
	}
	if !strings.Contains(r.body, `role="option"`) || !strings.Contains(r.body, `id="suggestion-0"`) {
		t.Fatalf("not listbox options: %s", r.body)
	}
	r = bob.get("/web/autocomplete?q=%40al%40rem")
	if !strings.Contains(r.body, `data-value="@alma@remote.example"`) || strings.Contains(r.body, "@alice") {
		t.Fatalf("@al@rem: %s", r.body)
	}
	r = bob.get("/web/autocomplete?q=%23go")
	golang, gopher := strings.Index(r.body, `data-value="#golang"`), strings.Index(r.body, `data-value="#gopher"`)
	if golang < 0 || gopher < golang || !strings.Contains(r.body, "2 posts") {
		t.Fatalf("#go suggests (most used first): %s", r.body)
	}
	for _, q := range []string{"al", "%40", "%23", "%40%40", "%23%21%21"} {
		r := bob.get("/web/autocomplete?q=" + q)
		wantStatus(t, r, http.StatusOK)
		if strings.Contains(r.body, "<li") {
			t.Fatalf("q=%s suggests %s", q, r.body)
		}
	}
	wantStatus(t, s.browser().get("/web/autocomplete?q=%40al"), http.StatusUnauthorized)
	if page := bob.get("/").body; !strings.Contains(page, `data-autocomplete`) || !strings.Contains(page, `role="listbox"`) {
		t.Fatal("the composer's textarea is not wired for autocomplete")
	}
}
