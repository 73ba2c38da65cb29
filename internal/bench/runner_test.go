package bench

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// specCases are the names of inventory §7.3, in its order.
var specCases = []string{
	"timeline.public.list_notes(limit=20)",
	"timeline.public.list_public_statuses(limit=20)",
	"timeline.public.list_public_statuses(limit=20, only_media=true)",
	"timeline.home.list_home_notes(limit=20)",
	"timeline.home.list_home_statuses(limit=20)",
	"timeline.home.edge_nofollows.list_home_statuses(limit=20)",
	"timeline.home.edge_dormant.list_home_statuses(limit=20)",
	"timeline.tag.list_public_statuses_by_hashtag(tag='bench', limit=20)",
	"timeline.tag.list_public_statuses_by_hashtag(tag='bench', limit=20, only_media=true)",
	"timeline.tag.list_public_statuses_by_hashtag(tag='rare', limit=20)",
	"timeline.tag.list_public_statuses_by_hashtag(tag='missing', limit=20)",
	"thread.count_note_replies_by_parent_ap_ids(parent_count=20)",
	"render.status_vm.decorate_many(20)",
	"render.mastodon.statuses.render(20)",
	"search.users(query='local')",
	"search.notes(query='bench')",
	"notifications.list_for_user(limit=20)",
}

func TestCasesAreTheSpecs17(t *testing.T) {
	var names []string
	for _, c := range Cases() {
		if !c.Extra {
			names = append(names, c.Name)
		}
	}
	if !slices.Equal(names, specCases) {
		t.Fatalf("cases:\n%s", strings.Join(names, "\n"))
	}
}

func TestNearestRankStats(t *testing.T) {
	var samples []time.Duration
	for i := 10; i >= 1; i-- {
		samples = append(samples, time.Duration(i)*time.Millisecond)
	}
	s := NewStats(samples)
	want := Stats{Samples: 10, Min: time.Millisecond, P50: 5 * time.Millisecond, P95: 10 * time.Millisecond,
		P99: 10 * time.Millisecond, Max: 10 * time.Millisecond, Avg: 5500 * time.Microsecond}
	if s != want {
		t.Fatalf("got %+v, want %+v", s, want)
	}
	if one := NewStats([]time.Duration{3}); one.P50 != 3 || one.P95 != 3 {
		t.Fatalf("one sample: %+v", one)
	}
}

// TestEveryCaseRuns runs each case once through Run and checks what it returns on the small
// dataset.
func TestEveryCaseRuns(t *testing.T) {
	_, env, _ := seeded(t)
	results, err := Run(context.Background(), env, Cases(), RunOptions{Iterations: 2, Warmup: 1})
	if err != nil {
		t.Fatal(err)
	}
	items := map[string]int{}
	for _, r := range results {
		items[r.Case.Name] = r.Items
		if r.Time.Samples != 2 || r.QueriesMax < 1 {
			t.Errorf("%s: %+v", r.Case.Name, r)
		}
		if strings.HasPrefix(r.Case.Name, "timeline.") && r.QueriesMax != 1 {
			t.Errorf("%s: %d queries", r.Case.Name, r.QueriesMax)
		}
	}
	for name, want := range map[string]int{specCases[0]: 20, specCases[4]: 20, specCases[5]: 0, specCases[6]: 0,
		specCases[9]: smallSeed.Days * smallSeed.PostsPerDay / 500, specCases[10]: 0, specCases[11]: 20, specCases[13]: 20, specCases[14]: 1, specCases[16]: 20} {
		if items[name] != want {
			t.Errorf("%s: %d items, want %d", name, items[name], want)
		}
	}
	var b bytes.Buffer
	WriteTable(&b, results)
	if !strings.Contains(b.String(), "| "+specCases[0]+" | 2 |") {
		t.Fatalf("table:\n%s", b.String())
	}
}

func TestExplainPrintsPlans(t *testing.T) {
	_, env, _ := seeded(t)
	var b bytes.Buffer
	if err := Explain(context.Background(), env, Filter(Cases(), "edge_dormant"), &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "=== timeline.home.edge_dormant") || !strings.Contains(out, "objects") {
		t.Fatalf("explain:\n%s", out)
	}
}

// TestLoadAgainstTheServer drives the in-process server briefly.
func TestLoadAgainstTheServer(t *testing.T) {
	st, _, _ := seeded(t)
	rep, err := Load(context.Background(), st, "http://localhost:4000", LoadOptions{Paths: []string{"/api/v1/timelines/home"},
		Connections: []int{2}, Duration: 300 * time.Millisecond}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) != 1 || rep.Steps[0].Requests == 0 || rep.Steps[0].Errors != 0 {
		t.Fatalf("load: %+v", rep)
	}
	var b bytes.Buffer
	WriteLoadTable(&b, rep)
	if !strings.Contains(b.String(), "| /api/v1/timelines/home | 2 |") {
		t.Fatalf("table:\n%s", b.String())
	}
}
