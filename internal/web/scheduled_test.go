package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egregoros/egregoros/internal/activity"
	"github.com/egregoros/egregoros/internal/config"
	"github.com/egregoros/egregoros/internal/mastodon"
	"github.com/egregoros/egregoros/internal/server"
	"github.com/egregoros/egregoros/internal/store"
	"github.com/egregoros/egregoros/internal/stream"
	"github.com/egregoros/egregoros/internal/testutil"
	"github.com/egregoros/egregoros/internal/web"
)

// noJobs is a Scheduler that remembers what it was asked to publish and when.
type noJobs struct{ at map[string]time.Time }

func (n *noJobs) EnqueueScheduled(_ context.Context, id string, at time.Time) error {
	n.at[id] = at
	return nil
}

// apiSite is a site with the client API (and a scheduler) mounted beside the UI, and a way to
// call the API with a token.
type apiSite struct {
	*site
	api  *mastodon.Service
	jobs *noJobs
}

func newSchedulingSite(t *testing.T) *apiSite {
	t.Helper()
	st := testutil.NewStore(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	bus := stream.NewMemory(1024)
	p := &activity.Pipeline{Store: st, BaseURL: base, Bus: bus}
	jobs := &noJobs{at: map[string]time.Time{}}
	api := &mastodon.Service{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus,
		Limits: mastodon.DefaultLimits, Scheduler: jobs}
	ui, err := web.New(web.Options{BaseURL: base, Secret: strings.Repeat("s", 48), Store: st, Pipeline: p, Bus: bus, API: api})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	srv.Config.Handler = server.New(&config.Config{Host: u.Hostname(), Scheme: "http", Port: 80}, st, api, ui).Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return &apiSite{site: &site{t: t, st: st, p: p, srv: srv, ui: ui, ctx: context.Background()}, api: api, jobs: jobs}
}

// apiGet calls the client API as u and decodes its JSON into out.
func (s *apiSite) apiGet(u *store.User, path string, out any) {
	s.t.Helper()
	app := &store.App{Name: "test", RedirectURIs: mastodon.OOB, Scopes: "read write follow", ClientID: u.Nickname + "-client",
		SecretDigest: store.Digest("secret")}
	if got, err := s.st.AppByClientID(s.ctx, app.ClientID); err == nil {
		app = got
	} else if err := s.st.CreateApp(s.ctx, app); err != nil {
		s.t.Fatal(err)
	}
	tok, err := s.api.NewToken(s.ctx, app.ID, u.ID, []string{"read", "write"})
	if err != nil {
		s.t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		s.t.Fatalf("GET %s: %v %s", path, err, raw)
	}
}

type scheduledEntity struct {
	ID          string `json:"id"`
	ScheduledAt string `json:"scheduled_at"`
	Params      struct {
		Text     string  `json:"text"`
		Language *string `json:"language"`
	} `json:"params"`
}

func TestScheduledPosts(t *testing.T) {
	t.Parallel()
	s := newSchedulingSite(t)
	alice := s.user("alice")
	s.user("bob")
	b := s.browser()
	b.login("alice")
	local := func(d time.Duration, offset int) string { // the datetime-local value a browser at UTC-offset minutes sends
		return time.Now().UTC().Add(d).Add(-time.Duration(offset) * time.Minute).Format("2006-01-02T15:04")
	}

	// The composer offers the field, and a link to the list.
	home := b.get("/").body
	for _, want := range []string{`type="datetime-local" name="scheduled_at"`, `name="tz_offset"`, `href="/scheduled"`, "In UTC"} {
		if !strings.Contains(home, want) {
			t.Fatalf("the composer lacks %s", want)
		}
	}

	t.Run("refusals next to the field", func(t *testing.T) {
		for _, c := range []struct{ value, offset, want string }{
			{local(2*time.Minute, 0), "", "Choose a time at least 5 minutes from now."},
			{local(-time.Hour, -60), "-60", "This time has passed. Choose a time at least 5 minutes from now."},
			{"tomorrow at noon", "", "Enter a date and a time."},
			{local(time.Hour, 0), "nope", "Your browser sent a time zone"},
		} {
			r := b.post("/statuses", url.Values{"status": {"Too soon"}, "scheduled_at": {c.value}, "tz_offset": {c.offset}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.body, `id="compose-schedule-error"`) || !strings.Contains(r.body, c.want) ||
				!strings.Contains(r.body, `value="`+c.value+`"`) || !strings.Contains(r.body, ">Too soon</textarea>") {
				t.Fatalf("%q: the refusal is not next to the field:\n%s", c.value, r.body)
			}
		}
		// With htmx the composer comes back in place, the details open.
		r := b.htmx("/statuses", url.Values{"status": {"Too soon"}, "scheduled_at": {local(time.Minute, 0)}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, `data-schedule open`) || !strings.Contains(r.body, "at least 5 minutes") {
			t.Fatalf("htmx refusal: %s", r.body)
		}
		wantStatus(t, b.do("POST", "/statuses", url.Values{"status": {"forged"}, "scheduled_at": {local(time.Hour, 0)}}, nil), http.StatusForbidden)
		var list []scheduledEntity
		s.apiGet(alice, "/api/v1/scheduled_statuses", &list)
		if len(list) != 0 {
			t.Fatalf("refused posts were scheduled: %+v", list)
		}
	})

	// A browser two hours east of UTC schedules a post in three hours, in French.
	want := time.Now().UTC().Add(3 * time.Hour).Truncate(time.Minute)
	r := b.post("/statuses", url.Values{"status": {"Bonjour plus tard"}, "language": {"fr"}, "visibility": {"unlisted"},
		"scheduled_at": {want.Add(2 * time.Hour).Format("2006-01-02T15:04")}, "tz_offset": {"-120"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/scheduled?scheduled=1" {
		t.Fatalf("scheduled: redirected to %s", loc)
	}
	var list []scheduledEntity
	s.apiGet(alice, "/api/v1/scheduled_statuses", &list)
	if len(list) != 1 || list[0].Params.Text != "Bonjour plus tard" || list[0].Params.Language == nil || *list[0].Params.Language != "fr" {
		t.Fatalf("the API's scheduled statuses: %+v", list)
	}
	if at, _ := time.Parse(time.RFC3339, list[0].ScheduledAt); !at.Equal(want) {
		t.Fatalf("scheduled at %s, want %s", list[0].ScheduledAt, want.Format(time.RFC3339))
	}
	id := list[0].ID
	if !s.jobs.at[id].Equal(want) {
		t.Fatalf("the job runs at %v", s.jobs.at[id])
	}
	page := b.get("/scheduled?scheduled=1")
	wantStatus(t, page, http.StatusOK)
	for _, w := range []string{"Your post is scheduled.", "Bonjour plus tard", `datetime="` + want.Format(time.RFC3339) + `"`, "Unlisted",
		`action="/scheduled/` + id + `/cancel"`, `action="/scheduled/` + id + `/reschedule"`, `value="` + want.Format("2006-01-02T15:04") + `"`} {
		if !strings.Contains(page.body, w) {
			t.Fatalf("/scheduled lacks %s:\n%s", w, page.body)
		}
	}
	if !s.site.hasNoStatus("Bonjour plus tard") {
		t.Fatal("the scheduled post was published at once")
	}

	t.Run("with htmx the composer says when", func(t *testing.T) {
		r := b.htmx("/statuses", url.Values{"status": {"Later, via htmx"}, "scheduled_at": {want.Add(time.Hour).Format("2006-01-02T15:04")}})
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, "Your post is scheduled for "+want.Add(time.Hour).Format("Jan 2, 2006, 15:04 UTC")) ||
			strings.Contains(r.body, "Later, via htmx</textarea>") {
			t.Fatalf("htmx scheduled: %s", r.body)
		}
	})

	t.Run("reschedule", func(t *testing.T) {
		r := b.post("/scheduled/"+id+"/reschedule", url.Values{"scheduled_at": {local(time.Minute, 0)}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, `id="reschedule-error-`+id+`"`) || !strings.Contains(r.body, "at least 5 minutes") {
			t.Fatalf("refused reschedule: %s", r.body)
		}
		later := want.Add(24 * time.Hour)
		r = b.post("/scheduled/"+id+"/reschedule", url.Values{"scheduled_at": {later.Format("2006-01-02T15:04")}, "tz_offset": {"0"}})
		wantStatus(t, r, http.StatusSeeOther)
		var got scheduledEntity
		s.apiGet(alice, "/api/v1/scheduled_statuses/"+id, &got)
		if at, _ := time.Parse(time.RFC3339, got.ScheduledAt); !at.Equal(later) {
			t.Fatalf("rescheduled at %s", got.ScheduledAt)
		}
		wantStatus(t, b.do("POST", "/scheduled/"+id+"/reschedule", url.Values{"scheduled_at": {later.Format("2006-01-02T15:04")}}, nil), http.StatusForbidden)
	})

	t.Run("cancel", func(t *testing.T) {
		wantStatus(t, b.do("POST", "/scheduled/"+id+"/cancel", url.Values{}, nil), http.StatusForbidden)
		bob := s.browser()
		bob.login("bob")
		wantStatus(t, bob.post("/scheduled/"+id+"/cancel", nil), http.StatusNotFound)
		if strings.Contains(bob.get("/scheduled").body, "Bonjour") {
			t.Fatal("bob sees alice's scheduled post")
		}
		r := b.post("/scheduled/"+id+"/cancel", nil)
		wantStatus(t, r, http.StatusSeeOther)
		page := b.get("/scheduled?cancelled=1").body
		if strings.Contains(page, "Bonjour plus tard") || !strings.Contains(page, "The post is cancelled.") {
			t.Fatalf("after cancel: %s", page)
		}
		var list []scheduledEntity
		s.apiGet(alice, "/api/v1/scheduled_statuses", &list)
		for _, x := range list {
			if x.ID == id {
				t.Fatal("the API still lists the cancelled post")
			}
		}
		wantStatus(t, b.post("/scheduled/"+id+"/cancel", nil), http.StatusNotFound)
	})

	if r := s.browser().get("/scheduled"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("a visitor: %d", r.StatusCode)
	}
}

// hasNoStatus reports whether no status has text as its source.
func (s *site) hasNoStatus(text string) bool {
	var n int
	_ = s.st.SQL().QueryRow(`SELECT COUNT(*) FROM objects WHERE type = 'Note' AND data->'source'->>'content' = `+
		map[string]string{"postgres": "$1", "sqlite": "?"}[s.st.Dialect().Name()], text).Scan(&n)
	return n == 0
}

// Without a scheduler the API refuses scheduled_at, and the composer says so by the field.
func TestScheduleUnavailable(t *testing.T) {
	t.Parallel()
	s := newAPISite(t)
	s.user("alice")
	b := s.browser()
	b.login("alice")
	r := b.post("/statuses", url.Values{"status": {"Later"}, "scheduled_at": {time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04")}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, `id="compose-schedule-error"`) || !strings.Contains(r.body, "Scheduled statuses are not available on this server.") {
		t.Fatalf("no scheduler: %s", r.body)
	}
}

func TestComposerLanguage(t *testing.T) {
	t.Parallel()
	s := newSchedulingSite(t)
	alice := s.user("alice")
	b := s.browser()
	b.login("alice")
	if !strings.Contains(b.get("/").body, `<option value="en" selected>English</option>`) {
		t.Fatal("the composer does not start with the instance's language")
	}
	// The default from the privacy settings (update_credentials' source[language]).
	wantStatus(t, b.post("/settings/privacy", url.Values{"privacy": {"public"}, "language": {"de"}}), http.StatusSeeOther)
	home := b.get("/").body
	if !strings.Contains(home, `<option value="de" selected>German</option>`) || strings.Contains(home, `<option value="en" selected>`) {
		t.Fatal("the composer does not start with the user's language")
	}
	if !strings.Contains(b.get("/settings/privacy").body, `<option value="de" selected>German</option>`) {
		t.Fatal("the privacy settings do not show the language")
	}
	var prefs map[string]any
	s.apiGet(alice, "/api/v1/preferences", &prefs)
	if prefs["posting:default:language"] != "de" {
		t.Fatalf("preferences: %v", prefs)
	}
	r := b.post("/statuses", url.Values{"status": {"Un billet"}, "language": {"fr"}})
	wantStatus(t, r, http.StatusSeeOther)
	posted := s.statusWithText("Un billet")
	var st struct {
		Language string `json:"language"`
	}
	s.apiGet(alice, "/api/v1/statuses/"+posted.ID, &st)
	if st.Language != "fr" {
		t.Fatalf("the status's language is %q", st.Language)
	}
	r = b.post("/statuses", url.Values{"status": {"Bad"}, "language": {"<x>"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "Language is not a valid language code.") {
		t.Fatalf("a bad language: %s", r.body)
	}
}
