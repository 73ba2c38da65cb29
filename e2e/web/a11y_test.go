//go:build e2e

package web_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core from npm (e2e/web/package.json, installed by `make axe`).
const axeSource = "node_modules/axe-core/axe.min.js"

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Tags   []string `json:"tags"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core (WCAG 2.1 A and AA rules, colour contrast included) in the
// main pages of a server with realistic content, in light and dark, at 390 and 1280 px, and
// fails on every serious or critical violation. axe is evaluated through the DevTools
// protocol, which the page's CSP does not govern.
func TestAccessibility(t *testing.T) {
	src, err := os.ReadFile(axeSource)
	if err != nil {
		t.Fatalf("axe-core is not installed: run `make axe` (%v)", err)
	}
	s := newShowcase(t)
	ctx := browserFor(t, 8*time.Minute)
	var failures []string
	s.visit(t, ctx, func(v view, theme string, width int) {
		where := v.name + "-" + lookName(theme, width)
		start := time.Now()
		defer func() { t.Logf("%s: %v", where, time.Since(start).Round(time.Millisecond)) }()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+"\n;true"))
		must(t, "load axe in "+where, err)
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
			resultTypes: ["violations"],
		}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
		must(t, "run axe in "+where, err)
		var found []axeViolation
		must(t, "axe result", json.Unmarshal([]byte(raw), &found))
		for _, f := range found {
			// axe's experimental rules (label-content-name-mismatch) are off by default in
			// axe itself; the tags select them, so leave them out here.
			if f.Impact != "serious" && f.Impact != "critical" || slices.Contains(f.Tags, "experimental") {
				continue
			}
			for _, n := range f.Nodes {
				failures = append(failures, fmt.Sprintf("%s: %s (%s) %v %.160s: %s", where, f.ID, f.Impact, n.Target, n.HTML,
					strings.ReplaceAll(n.Summary, "\n", " ")))
			}
		}
	})
	if len(failures) > 0 {
		t.Fatalf("%d serious or critical accessibility violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
