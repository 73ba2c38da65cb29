package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/auth"
	"github.com/egregoros/egregoros/internal/store"
)

func TestSettingsProfileAndPrivacy(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	s.user("alice")
	alice := s.browser()
	alice.login("alice")

	r := alice.get("/settings")
	wantStatus(t, r, http.StatusSeeOther)
	for _, tab := range []string{"profile", "privacy", "account", "appearance"} {
		r := alice.get("/settings/" + tab)
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, `href="/settings/`+tab+`" class="tab whitespace-nowrap" aria-current="page"`) {
			t.Fatalf("%s: the tab is not current", tab)
		}
	}
	wantStatus(t, alice.get("/settings/nope"), http.StatusNotFound)
	if r := s.browser().get("/settings/profile"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("a visitor: %d %s", r.StatusCode, r.Header.Get("Location"))
	}

	t.Run("profile through update_credentials, with an avatar", func(t *testing.T) {
		r := alice.multipart("/settings/profile", url.Values{"csrf_token": {alice.csrf()}, "display_name": {"Alice Liddell"},
			"note": {"Down the #rabbit hole"}, "fields_attributes[0][name]": {"Site"}, "fields_attributes[0][value]": {"https://example.com"},
			"locked": {"true", "false"}, "bot": {"false"}}, map[string][]byte{"avatar": pngBytes(t, 64, 64)}, nil)
		wantStatus(t, r, http.StatusSeeOther)
		u := mustUser(t, s, "alice")
		if u.Name != "Alice Liddell" || !strings.Contains(u.Bio, "rabbit") || !u.Locked || u.Bot || !strings.Contains(string(u.Fields), "Site") ||
			!strings.HasPrefix(u.AvatarURL, s.srv.URL) {
			t.Fatalf("user after the profile form: %+v", u)
		}
		page := alice.get("/settings/profile?saved=1").body
		if !strings.Contains(page, `value="Alice Liddell"`) || !strings.Contains(page, "Down the #rabbit hole</textarea>") ||
			!strings.Contains(page, `value="https://example.com"`) || !strings.Contains(page, "Saved.") {
			t.Fatal("the profile page does not show what was saved")
		}
		// Unchecked boxes send only the hidden "false".
		r = alice.multipart("/settings/profile", url.Values{"csrf_token": {alice.csrf()}, "display_name": {"Alice Liddell"},
			"locked": {"false"}, "bot": {"true", "false"}}, nil, nil)
		wantStatus(t, r, http.StatusSeeOther)
		if u := mustUser(t, s, "alice"); u.Locked || !u.Bot {
			t.Fatalf("locked %v bot %v", u.Locked, u.Bot)
		}
	})

	t.Run("refusals show the API's reason and keep the text", func(t *testing.T) {
		long := strings.Repeat("n", 31)
		r := alice.post("/settings/profile", url.Values{"display_name": {long}, "note": {"kept bio"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "Display name is too long (maximum is 30 characters).") || !strings.Contains(r.body, `value="`+long+`"`) ||
			!strings.Contains(r.body, "kept bio") {
			t.Fatalf("refused profile: %s", r.body)
		}
		r = alice.multipart("/settings/profile", url.Values{"csrf_token": {alice.csrf()}}, map[string][]byte{"avatar": []byte("not a picture")}, nil)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		wantStatus(t, alice.do("POST", "/settings/profile", url.Values{"display_name": {"forged"}}, nil), http.StatusForbidden)
		if mustUser(t, s, "alice").Name == "forged" {
			t.Fatal("a forged form changed the profile")
		}
	})

	t.Run("privacy", func(t *testing.T) {
		r := alice.post("/settings/privacy", url.Values{"privacy": {"private"}, "discoverable": {"true"}})
		wantStatus(t, r, http.StatusSeeOther)
		u := mustUser(t, s, "alice")
		var doc struct {
			Source struct{ Privacy string } `json:"source"`
		}
		_ = json.Unmarshal(u.Data, &doc)
		if u.Locked || !u.Discoverable || doc.Source.Privacy != "private" {
			t.Fatalf("after privacy: locked %v discoverable %v data %s", u.Locked, u.Discoverable, u.Data)
		}
		if page := alice.get("/").body; !strings.Contains(page, `<option value="private" selected>`) {
			t.Fatal("the composer does not start with the default visibility")
		}
		r = alice.post("/settings/privacy", url.Values{"privacy": {"everyone"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "Privacy is not included in the list.") {
			t.Fatalf("refused privacy: %s", r.body)
		}
	})

	t.Run("appearance", func(t *testing.T) {
		r := alice.post("/settings/appearance", url.Values{"theme": {"dark"}})
		wantStatus(t, r, http.StatusSeeOther)
		if c := alice.cookie("egregoros_theme"); c == nil || c.Value != "dark" {
			t.Fatalf("theme cookie %v", c)
		}
		if page := alice.get("/settings/appearance").body; !strings.Contains(page, `value="dark" class="size-4 accent-indigo-600" checked`) {
			t.Fatal("the appearance page does not show the saved theme")
		}
		wantStatus(t, alice.post("/settings/appearance", url.Values{"theme": {"neon"}}), http.StatusUnprocessableEntity)
		alice.post("/settings/appearance", url.Values{"theme": {"system"}})
		if c := alice.cookie("egregoros_theme"); c != nil {
			t.Fatalf("system kept the cookie %v", c)
		}
	})
}

func TestSettingsAccountAndAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	root := s.user("root")
	root.Admin = true
	if err := s.st.UpdateUser(s.ctx, root); err != nil {
		t.Fatal(err)
	}
	s.user("bob")
	rootB, bob, bob2 := s.browser(), s.browser(), s.browser()
	rootB.login("root")
	bob.login("bob")
	bob2.login("bob")

	t.Run("sessions and password", func(t *testing.T) {
		page := bob.get("/settings/account").body
		if strings.Count(page, `action="/settings/sessions/`) != 2 || !strings.Contains(page, "This browser") {
			t.Fatalf("sessions list: %s", page)
		}
		for _, c := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"current_password": {"wrong"}, "new_password": {"newpassword1"}, "confirm_password": {"newpassword1"}}, "Your current password is not right."},
			{url.Values{"current_password": {password}, "new_password": {"short"}, "confirm_password": {"short"}}, "at least 8 characters"},
			{url.Values{"current_password": {password}, "new_password": {"newpassword1"}, "confirm_password": {"newpassword2"}}, "are not the same"},
		} {
			r := bob.post("/settings/password", c.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.body, c.want) {
				t.Fatalf("%v: %s", c.form, r.body)
			}
		}
		r := bob.post("/settings/password", url.Values{"current_password": {password}, "new_password": {"newpassword1"}, "confirm_password": {"newpassword1"}})
		wantStatus(t, r, http.StatusSeeOther)
		if _, err := auth.CheckLogin(s.ctx, s.st, "bob", "newpassword1"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
		if r := bob2.get("/settings/account"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("the other session survived the password change: %d", r.StatusCode)
		}
		wantStatus(t, bob.get("/settings/account"), http.StatusOK)

		// Ending a session from the list; someone else's is not found.
		bob3 := s.browser()
		r = bob3.post("/login", url.Values{"username": {"bob"}, "password": {"newpassword1"}})
		wantStatus(t, r, http.StatusSeeOther)
		sessions, _ := s.st.UserSessions(s.ctx, mustUser(t, s, "bob").ID, time.Now())
		rootSessions, _ := s.st.UserSessions(s.ctx, root.ID, time.Now())
		wantStatus(t, bob.post("/settings/sessions/"+rootSessions[0].ID+"/end", nil), http.StatusNotFound)
		current := store.Digest(bob.cookie("_egregoros_session").Value)
		var other string
		for _, x := range sessions {
			if x.ID != current {
				other = x.ID
			}
		}
		wantStatus(t, bob.post("/settings/sessions/"+other+"/end", nil), http.StatusSeeOther)
		if r := bob3.get("/settings/account"); r.StatusCode != http.StatusSeeOther {
			t.Fatal("the ended session still works")
		}
	})

	t.Run("admin", func(t *testing.T) {
		wantStatus(t, bob.get("/admin"), http.StatusNotFound)
		wantStatus(t, s.browser().get("/admin"), http.StatusNotFound)
		page := rootB.get("/admin").body
		if !strings.Contains(page, "Make @bob admin") || !strings.Contains(page, "Registrations") || strings.Contains(page, "Demote @root") {
			t.Fatalf("admin page: %s", page)
		}
		b := mustUser(t, s, "bob")
		wantStatus(t, bob.post("/admin/users/"+b.ID+"/role", url.Values{"role": {"admin"}}), http.StatusNotFound)
		wantStatus(t, rootB.post("/admin/users/"+b.ID+"/role", url.Values{"role": {"admin"}}), http.StatusSeeOther)
		if !mustUser(t, s, "bob").Admin {
			t.Fatal("bob was not promoted")
		}
		r := rootB.post("/admin/users/"+root.ID+"/role", url.Values{"role": {"user"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "You cannot demote yourself") {
			t.Fatalf("self-demotion: %s", r.body)
		}
		wantStatus(t, rootB.post("/admin/users/"+b.ID+"/role", url.Values{"role": {"user"}}), http.StatusSeeOther)
		if mustUser(t, s, "bob").Admin {
			t.Fatal("bob was not demoted")
		}
		wantStatus(t, rootB.post("/admin/users/"+b.ID+"/role", url.Values{"role": {"god"}}), http.StatusUnprocessableEntity)
		wantStatus(t, rootB.do("POST", "/admin/users/"+b.ID+"/role", url.Values{"role": {"admin"}}, nil), http.StatusForbidden)
		wantStatus(t, rootB.post("/admin/users/nope/role", url.Values{"role": {"admin"}}), http.StatusNotFound)
	})
}
