package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egregoros/egregoros/internal/store"
)

func TestSettingsEmailChange(t *testing.T) {
	t.Parallel()
	s := newSchedulingSite(t)
	s.user("alice")
	s.user("bob")
	bob := mustUser(t, s.site, "bob")
	bob.Email = "bob@example.com"
	if err := s.st.UpdateUser(s.ctx, bob); err != nil {
		t.Fatal(err)
	}
	b := s.browser()
	b.login("alice")
	if !strings.Contains(b.get("/settings/account").body, `action="/settings/email"`) {
		t.Fatal("the account page has no email form")
	}
	for _, c := range []struct{ email, password, want string }{
		{"alice@example.com", "wrong password", "Your current password is not right."},
		{"not an address", password, "This email address is not valid."},
		{"Alice <alice@example.com>", password, "This email address is not valid."},
		{"", password, "Enter your email address."},
		{"bob@example.com", password, "This email address is already used by an account."},
	} {
		r := b.post("/settings/email", url.Values{"email": {c.email}, "current_password": {c.password}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, `id="settings-email-error" role="alert"`) || !strings.Contains(r.body, escapeHTML(c.want)) ||
			!strings.Contains(r.body, `value="`+escapeHTML(c.email)+`"`) {
			t.Fatalf("%q: %s", c.email, r.body)
		}
		if mustUser(t, s.site, "alice").Email != "" {
			t.Fatalf("%q changed the address", c.email)
		}
	}
	wantStatus(t, b.do("POST", "/settings/email", url.Values{"email": {"alice@example.com"}, "current_password": {password}}, nil), http.StatusForbidden)

	r := b.post("/settings/email", url.Values{"email": {" alice@example.com "}, "current_password": {password}})
	wantStatus(t, r, http.StatusSeeOther)
	if got := mustUser(t, s.site, "alice").Email; got != "alice@example.com" {
		t.Fatalf("the address is %q", got)
	}
	if !strings.Contains(b.get("/settings/account?saved=1").body, "alice@example.com") {
		t.Fatal("the account page does not show the new address")
	}
	// The new address signs in.
	other := s.browser()
	other.login("alice@example.com")
}

func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestSettingsPrivacyLists(t *testing.T) {
	t.Parallel()
	s := newSchedulingSite(t)
	alice := s.user("alice")
	bob := s.user("bob")
	carol := s.remoteUser("carol", "remote.example")
	b := s.browser()
	b.login("alice")
	page := b.get("/settings/privacy").body
	for _, w := range []string{"No blocked accounts.", "No muted accounts.", "No blocked domains."} {
		if !strings.Contains(page, w) {
			t.Fatalf("empty lists: no %q", w)
		}
	}
	for _, rel := range []*store.Relationship{
		{Type: store.RelBlock, Actor: alice.APID, Object: bob.APID},
		{Type: store.RelMute, Actor: alice.APID, Object: carol.APID},
		{Type: store.RelMuteNotifications, Actor: alice.APID, Object: carol.APID},
		{Type: store.RelDomainBlock, Actor: alice.APID, Object: "spam.example"},
	} {
		if _, err := s.st.PutRelationship(s.ctx, rel); err != nil {
			t.Fatal(err)
		}
	}
	page = b.get("/settings/privacy").body
	for _, w := range []string{`action="/settings/blocks/` + bob.ID + `/unblock"`, "@bob", `action="/settings/mutes/` + carol.ID + `/unmute"`,
		"@carol@remote.example", "spam.example", `action="/settings/domain_blocks/unblock"`} {
		if !strings.Contains(page, w) {
			t.Fatalf("the privacy page lacks %s:\n%s", w, page)
		}
	}
	has := func(typ, object string) bool {
		ok, err := s.st.HasRelationship(s.ctx, typ, alice.APID, object)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	// CSRF first: nothing changes.
	wantStatus(t, b.do("POST", "/settings/blocks/"+bob.ID+"/unblock", url.Values{}, nil), http.StatusForbidden)
	wantStatus(t, b.do("POST", "/settings/mutes/"+carol.ID+"/unmute", url.Values{}, nil), http.StatusForbidden)
	wantStatus(t, b.do("POST", "/settings/domain_blocks/unblock", url.Values{"domain": {"spam.example"}}, nil), http.StatusForbidden)
	if !has(store.RelBlock, bob.APID) || !has(store.RelMute, carol.APID) || !has(store.RelDomainBlock, "spam.example") {
		t.Fatal("a forged form took something back")
	}

	r := b.post("/settings/blocks/"+bob.ID+"/unblock", nil)
	wantStatus(t, r, http.StatusSeeOther)
	if r.Header.Get("Location") != "/settings/privacy?saved=1#blocks" || has(store.RelBlock, bob.APID) {
		t.Fatalf("unblock: %s, still blocked %v", r.Header.Get("Location"), has(store.RelBlock, bob.APID))
	}
	wantStatus(t, b.post("/settings/mutes/"+carol.ID+"/unmute", nil), http.StatusSeeOther)
	if has(store.RelMute, carol.APID) || has(store.RelMuteNotifications, carol.APID) {
		t.Fatal("still muted")
	}
	wantStatus(t, b.post("/settings/domain_blocks/unblock", url.Values{"domain": {"spam.example"}}), http.StatusSeeOther)
	if has(store.RelDomainBlock, "spam.example") {
		t.Fatal("the domain is still blocked")
	}
	r = b.post("/settings/domain_blocks/unblock", url.Values{"domain": {"not a domain"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	wantStatus(t, b.post("/settings/blocks/nobody/unblock", nil), http.StatusNotFound)
	page = b.get("/settings/privacy?saved=1").body
	if strings.Contains(page, "@bob") || strings.Contains(page, "spam.example") || !strings.Contains(page, "No muted accounts.") {
		t.Fatalf("after taking them back: %s", page)
	}
	// The API agrees.
	var blocks, mutes []map[string]any
	var domains []string
	s.apiGet(alice, "/api/v1/blocks", &blocks)
	s.apiGet(alice, "/api/v1/mutes", &mutes)
	s.apiGet(alice, "/api/v1/domain_blocks", &domains)
	if len(blocks)+len(mutes)+len(domains) != 0 {
		t.Fatalf("the API still lists %v %v %v", blocks, mutes, domains)
	}
}

func TestThemeCookieRendersDataTheme(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.user("alice")
	visitor := s.browser()
	if body := visitor.get("/login").body; !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `data-current="system"`) {
		t.Fatal("without a cookie the page has a theme")
	}
	u, _ := url.Parse(s.srv.URL)
	visitor.c.Jar.SetCookies(u, []*http.Cookie{{Name: "egregoros_theme", Value: "dark", Path: "/"}})
	if body := visitor.get("/login").body; !strings.Contains(body, `<html lang="en" data-theme="dark">`) || !strings.Contains(body, `data-current="dark"`) {
		t.Fatal("the dark cookie is not rendered")
	}
	visitor.c.Jar.SetCookies(u, []*http.Cookie{{Name: "egregoros_theme", Value: `"><script>`, Path: "/"}})
	if body := visitor.get("/login").body; !strings.Contains(body, `<html lang="en">`) {
		t.Fatal("an unknown theme is rendered")
	}

	b := s.browser()
	b.login("alice")
	wantStatus(t, b.do("POST", "/settings/appearance", url.Values{"theme": {"dark"}}, nil), http.StatusForbidden)
	r := b.post("/settings/appearance", url.Values{"theme": {"light"}})
	wantStatus(t, r, http.StatusSeeOther)
	if c := b.cookie("egregoros_theme"); c == nil || c.Value != "light" {
		t.Fatalf("the cookie: %v", c)
	}
	page := b.get("/settings/appearance").body
	if !strings.Contains(page, `<html lang="en" data-theme="light">`) || !strings.Contains(page, `value="light" class="size-4 accent-indigo-600" checked`) {
		t.Fatal("the light theme is not rendered")
	}
	wantStatus(t, b.post("/settings/appearance", url.Values{"theme": {"system"}}), http.StatusSeeOther)
	if b.cookie("egregoros_theme") != nil || !strings.Contains(b.get("/").body, `<html lang="en">`) {
		t.Fatal("system still has a theme")
	}
	wantStatus(t, b.post("/settings/appearance", url.Values{"theme": {"sepia"}}), http.StatusUnprocessableEntity)
}
